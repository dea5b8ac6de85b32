using System.CommandLine;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Cli;

/// <summary>The options upgrade and downgrade share for printing SQL instead of running it.</summary>
internal static class ScriptOptions
{
    public static readonly Option<bool> Sql = new("--sql")
    {
        Description = "Print the SQL that would run instead of running it. The database is only read (to know where it is).",
    };

    public static readonly Option<bool> Idempotent = new("--idempotent")
    {
        Description = "With --sql: a script that checks each migration's history row, so it is safe to run on a database at any point.",
    };

    public static void Validate(ParseResult parse)
    {
        if (parse.GetValue(Idempotent) && !parse.GetValue(Sql))
        {
            throw new ToolException("--idempotent only applies to scripts: add --sql.");
        }
    }

    public static EngineRequest Complete(ParseResult parse, EngineRequest request)
        => request with { Sql = parse.GetValue(Sql), Idempotent = parse.GetValue(Idempotent) };
}
