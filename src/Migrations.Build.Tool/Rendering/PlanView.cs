using Migrations.Build.Protocol.Results;
using Spectre.Console;

namespace Migrations.Build.Tool.Rendering;

/// <summary>validate's plan of a move, as validate prints it and production shows it before asking.</summary>
internal static class PlanView
{
    /// <summary>The move, its risk and each finding with its rows at risk (also what production shows before it asks).</summary>
    public static void Render(Output output, ValidateResult validate)
    {
        var console = output.Result;
        console.WriteLine($"{validate.Direction} {validate.From ?? "base"} -> {validate.Target ?? "base"}: {validate.Migrations.Count} migration(s), "
            + $"risk {validate.Risk}");
        if (validate.Findings.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumn("Rule").AddColumn("Migration").AddColumn("Where").AddColumn("Rows at risk").AddColumn("Finding");
        foreach (var f in validate.Findings)
        {
            var where = f.Table is null ? string.Empty : f.Column is null ? f.Table : $"{f.Table}.{f.Column}";
            table.AddRow(
                new Text(f.Rule), new Text(f.Migration ?? string.Empty), new Text(where),
                new Text(f.RowsAtRisk?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"), new Text(f.Message));
        }

        console.Write(table);
    }
}
