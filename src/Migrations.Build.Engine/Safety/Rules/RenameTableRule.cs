using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG301: renaming a table, or moving it to another schema, breaks the version still running during
/// a rolling deploy. A RenameTable that only changes the schema is told as a move, where one happens:
/// not on SQLite (no schemas), nor on PostgreSQL for a null NewSchema (Npgsql generates nothing then).
/// </summary>
internal sealed class RenameTableRule : SafetyRule
{
    public const string Code = "MIG301";

    public override string Id => Code;

    public override string Title => "Table renamed";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative
        => "Create the new table, write to both, backfill, switch reads, and drop the old one in a later release (or use a view under the old name meanwhile).";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is not RenameTableOperation rename)
        {
            yield break;
        }

        // A null NewName keeps the name. A null NewSchema is the default schema for EF Core and SQL Server
        // (ALTER SCHEMA ... TRANSFER), but Npgsql emits no SET SCHEMA for it: the table stays where it is.
        var newName = rename.NewName ?? rename.Name;
        var renamed = !string.Equals(newName, rename.Name, StringComparison.Ordinal);
        var moved = !scope.IsSqlite && !(rename.NewSchema is null && scope.IsPostgreSql)
            && !string.Equals(rename.NewSchema, rename.Schema, StringComparison.Ordinal);
        var from = MigrationScope.Display(rename.Name, rename.Schema);
        var to = rename.NewSchema is { } schema ? $"schema {schema}" : "the default schema";
        var message = (renamed, moved) switch
        {
            (true, true) => $"Table {from} is renamed to {newName} and moves to {to}; the running version still uses the old name.",
            (true, false) => $"Table {from} is renamed to {(scope.IsSqlite ? newName : MigrationScope.Display(newName, rename.Schema))}; "
                + "the running version still uses the old name.",
            (false, true) => $"Table {from} moves to {to}; the running version still looks for it in the old schema.",
            _ => null,
        };
        if (message is not null)
        {
            yield return new RuleHit(message, rename.Name, Operation: rename);
        }
    }
}
