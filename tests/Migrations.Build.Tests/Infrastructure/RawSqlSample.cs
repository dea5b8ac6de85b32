namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// The sample with hand-written migrations of the patterns real apps have and lint must read
/// precisely: a Down that drops a column by raw SQL, a 30-column table then changed column by column,
/// a schema-only RenameTable, raw DELETEs of user rows and of EF Core's history, a column made
/// required in EF Core's form (with a default that fills its nulls), a column with a volatile default
/// and an index drop (rewrite and lock on PostgreSQL only), an index built without CONCURRENTLY on a
/// table the tests fill (sized findings). Written and built once; each test upgrades its own database
/// as far as it needs.
/// </summary>
public abstract class RawSqlSample : IDisposable
{
    public const string IndexMemberNames = "20991231000000_IndexMemberNames";
    public const string AddNickname = "20991231000001_AddNickname";
    public const string AddWide = "20991231000002_AddWide";
    public const string WidenWide = "20991231000003_WidenWide";
    public const string MoveAuthors = "20991231000004_MoveAuthors";
    public const string ClearLoans = "20991231000005_ClearLoans";
    public const string ForgetHistory = "20991231000006_ForgetHistory";
    public const string DropNickname = "20991231000007_DropNickname";
    public const string RequireC01 = "20991231000008_RequireC01";
    public const string AddPublicId = "20991231000009_AddPublicId";

    // A Down that isn't empty (so not MIG502) and changes nothing: deleted rows can't come back.
    private const string NoWayBack = """migrationBuilder.Sql("-- the deleted rows can't come back");""";

    private static readonly string[] WideColumns = [.. Enumerable.Range(1, 30).Select(i => $"C{i:00}")];

    protected RawSqlSample(Action<SampleCopy>? switchProvider)
    {
        Copy = new SampleCopy();
        switchProvider?.Invoke(Copy);
        const string addNickname = """migrationBuilder.AddColumn<string>(name: "Nickname", table: "Members", nullable: true);""";
        const string dropNicknameRaw = """migrationBuilder.Sql("ALTER TABLE \"Members\" DROP COLUMN \"Nickname\";");""";
        Copy.WriteMigration(IndexMemberNames, """migrationBuilder.CreateIndex(name: "IX_Members_Name", table: "Members", column: "Name");""",
            """migrationBuilder.DropIndex(name: "IX_Members_Name", table: "Members");""");
        Copy.WriteMigration(AddNickname, addNickname, dropNicknameRaw);
        Copy.WriteMigration(AddWide,
            "migrationBuilder.CreateTable(name: \"Wide\", columns: table => new\n{\n    Id = table.Column<int>(nullable: false),\n"
            + string.Join(",\n", WideColumns.Select(c => $"    {c} = table.Column<string>(type: \"TEXT\", maxLength: 50, nullable: true)"))
            + "\n}, constraints: table => table.PrimaryKey(\"PK_Wide\", x => x.Id));",
            "migrationBuilder.DropTable(name: \"Wide\");");
        Copy.WriteMigration(WidenWide, Alters("Wide", 50, 100), Alters("Wide", 100, 50));
        Copy.WriteMigration(MoveAuthors,
            """migrationBuilder.RenameTable(name: "Authors", newName: "Authors", newSchema: "archive");""",
            """migrationBuilder.RenameTable(name: "Authors", schema: "archive", newName: "Authors");""");
        Copy.WriteMigration(ClearLoans, """migrationBuilder.Sql("-- start over\nDELETE FROM \"Loans\";");""", NoWayBack);
        Copy.WriteMigration(ForgetHistory,
            """migrationBuilder.Sql("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '20991231000001_AddNickname';");""", NoWayBack);
        Copy.WriteMigration(DropNickname, dropNicknameRaw, addNickname);
        Copy.WriteMigration(RequireC01, Require("C01", nullable: false), Require("C01", nullable: true));
        Copy.WriteMigration(AddPublicId,
            "migrationBuilder.AddColumn<Guid>(name: \"PublicId\", table: \"Members\", nullable: false, defaultValueSql: \"gen_random_uuid()\");\n"
            + "migrationBuilder.DropIndex(name: \"IX_Loans_BookId\", table: \"Loans\");",
            "migrationBuilder.CreateIndex(name: \"IX_Loans_BookId\", table: \"Loans\", column: \"BookId\");\n"
            + "migrationBuilder.DropColumn(name: \"PublicId\", table: \"Members\");");
        Copy.Build();
    }

    public SampleCopy Copy { get; }

    public void Dispose() => Copy.Dispose();

    private static string Require(string column, bool nullable)
        => $"migrationBuilder.AlterColumn<string>(name: \"{column}\", table: \"Wide\", type: \"TEXT\", maxLength: 100, nullable: "
            + $"{(nullable ? "true" : "false, defaultValue: \"none\"")}, "
            + $"oldClrType: typeof(string), oldType: \"TEXT\", oldMaxLength: 100, oldNullable: {(nullable ? "false, oldDefaultValue: \"none\"" : "true")});";

    private static string Alters(string table, int from, int to) => string.Join("\n", WideColumns.Select(c =>
        $"migrationBuilder.AlterColumn<string>(name: \"{c}\", table: \"{table}\", type: \"TEXT\", maxLength: {to}, nullable: true, "
        + $"oldClrType: typeof(string), oldType: \"TEXT\", oldMaxLength: {from}, oldNullable: true);"));
}

public sealed class SqliteRawSqlSample() : RawSqlSample(null);

/// <summary>Made on first use, so a run without PostgreSQL doesn't pay for it.</summary>
public sealed class PostgresRawSqlSample(PostgresServer server) : IDisposable
{
    private readonly Lazy<RawSqlSample> _sample = new(() => new Postgres(server));

    public SampleCopy Copy => _sample.Value.Copy;

    public void Dispose()
    {
        if (_sample.IsValueCreated)
        {
            _sample.Value.Dispose();
        }
    }

    private sealed class Postgres(PostgresServer server) : RawSqlSample(copy =>
        ProviderSample.Generate(copy, "postgres", server.DatabaseConnection("library_design_time")));
}
