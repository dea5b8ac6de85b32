using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG105: the migration deletes rows: DeleteData, or raw SQL that DELETEs or TRUNCATEs.</summary>
internal sealed partial class DataDeletionRule : SafetyRule
{
    public const string Code = "MIG105";

    public override string Id => Code;

    public override string Title => "Data deleted";

    public override string DefaultSeverity => LogLevels.Error;

    public override string SafeAlternative => "Back the rows up first (dotnet migrate backup --tables), and prefer archiving or soft-deleting them.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        switch (operation)
        {
            case DeleteDataOperation delete:
                yield return new RuleHit(
                    $"{delete.KeyValues.GetLength(0)} row(s) are deleted from {MigrationScope.Display(delete.Table, delete.Schema)}.", delete.Table, Operation: delete);
                break;
            case SqlOperation sql when Deletes().Match(WithoutCommentsAndStrings().Replace(sql.Sql, " ")) is { Success: true } match:
                yield return new RuleHit($"Raw SQL deletes rows: {match.Value.Trim()}...", Operation: sql);
                break;
        }
    }

    // A DELETE or TRUNCATE statement: at the start of the SQL or of a statement (not ON DELETE, GRANT DELETE...).
    [GeneratedRegex(@"(?:^|;)\s*(?:WITH\b[^;]*?\)\s*)?(DELETE\s+(FROM\s+)?[^\s;]+|TRUNCATE\s+(TABLE\s+)?[^\s;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Deletes();

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", RegexOptions.Singleline)]
    private static partial Regex WithoutCommentsAndStrings();
}
