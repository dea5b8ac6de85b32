using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG403: a column added to a table with rows that makes the database write every row, holding the
/// table's strongest lock meanwhile. PostgreSQL (11+) adds a column with a constant or stable default
/// (now()) without touching rows, but a volatile default (gen_random_uuid(), random(), nextval()), an
/// identity or serial column and a stored generated column rewrite the table. SQL Server adds a column
/// in metadata only unless it is an IDENTITY, a PERSISTED computed column, or NOT NULL with a default
/// that isn't a runtime constant (NEWID()). SQLite's ADD COLUMN never rewrites, so it isn't reported there.
/// </summary>
internal sealed class RewritingColumnAddRule : SafetyRule
{
    public const string Code = "MIG403";

    // PostgreSQL functions that are VOLATILE (evaluated per row), as defaults of an added column.
    private static readonly string[] PostgresVolatile =
        ["gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4", "uuidv4", "uuidv7", "random", "clock_timestamp", "timeofday", "nextval", "txid_current"];

    private static readonly string[] SqlServerNonConstant = ["newid", "newsequentialid", "rand", "crypt_gen_random"];

    public override string Id => Code;

    public override string Title => "Column added that rewrites the table";

    public override string DefaultSeverity => LogLevels.Warning;

    // Every row is written while the table is locked.
    public override bool LocksTable => true;

    public override string SafeAlternative =>
        "Add the column nullable without that default, fill it in batches (migrationBuilder.Sql in later migrations, or a data job), "
        + "then set the default and make it required; a generated column: compute the value in a trigger or the app instead.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is AddColumnOperation add && scope.IsExisting(add.Table, add.Schema) && Why(add, scope) is { } why)
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(add.Table, add.Schema)}.{add.Name} is added {why}: "
                    + $"the database writes every row of {add.Table} and locks it meanwhile.",
                add.Table, add.Name, add);
        }
    }

    private static string? Why(AddColumnOperation add, MigrationScope scope)
    {
        if (scope.IsPostgreSql)
        {
            return ColumnTypes.IsIdentity(add) ? $"as an identity/serial column ({add["Npgsql:ValueGenerationStrategy"]})"
                : add.ComputedColumnSql is not null && add.IsStored == true ? "as a stored generated column"
                : Calls(add.DefaultValueSql, PostgresVolatile) is { } volatileCall ? $"with a volatile default ({volatileCall}, evaluated per row)"
                : null;
        }

        if (scope.IsSqlServer)
        {
            return ColumnTypes.IsIdentity(add) ? "as an IDENTITY column"
                : add.ComputedColumnSql is not null && add.IsStored == true ? "as a PERSISTED computed column"
                : !add.IsNullable && Calls(add.DefaultValueSql, SqlServerNonConstant) is { } call
                ? $"NOT NULL with a default that isn't a runtime constant ({call})"
                : null;
        }

        return null;
    }

    /// <summary>The first of the functions the default SQL calls, e.g. "gen_random_uuid()".</summary>
    private static string? Calls(string? sql, string[] functions)
        => sql is null ? null
            : functions.FirstOrDefault(f => Regex.IsMatch(sql, $@"\b{f}\s*\(", RegexOptions.IgnoreCase)) is { } name
                ? name + "()" : null;
}
