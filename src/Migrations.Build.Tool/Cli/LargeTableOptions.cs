using System.CommandLine;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Cli;

/// <summary>
/// The size above which a finding on an operation that locks or rewrites a table is an error, for the
/// commands that judge findings with the database at hand.
/// </summary>
internal static class LargeTableOptions
{
    public static readonly Option<int> Rows = new("--large-table-rows")
    {
        Description = "With a database: a finding on an operation that locks or rewrites a table (MIG202-204, MIG401, MIG402) is an error "
            + "when the table holds more rows than this (PostgreSQL and SQL Server statistics, else a bounded count). Default: 100000.",
        DefaultValueFactory = _ => (int)EngineRequest.DefaultLargeTableRows,
        CustomParser = result => WholeNumbers.Parse(result, "rows") ?? 0,
    };

    public static void AddTo(Command command) => command.Options.Add(Rows);

    public static EngineRequest Complete(ParseResult parse, EngineRequest request) => request with { LargeTableRows = parse.GetValue(Rows) };
}
