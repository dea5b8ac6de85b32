namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// The sample with six more migrations that move real data (written by hand, as a user may, with SQL
/// that runs on SQLite and PostgreSQL), so an upgrade or a rollback runs long enough to be killed or
/// interrupted half way: seed members, add and fill a column, index it, copy the members into a new
/// table, index it, update every row. Built once; each test copies a database made from it.
/// </summary>
public abstract class LongSample : IDisposable
{
    /// <summary>Rows the seed migration inserts (and so every later one moves).</summary>
    public const int Rows = 200_000;

    public const string SeedMembers = "20990101000001_SeedMembers";
    public const string AddMemberNotes = "20990101000002_AddMemberNotes";
    public const string IndexMemberNotes = "20990101000003_IndexMemberNotes";
    public const string CreateVisits = "20990101000004_CreateVisits";
    public const string IndexVisits = "20990101000005_IndexVisits";
    public const string MarkVisits = "20990101000006_MarkVisits";

    protected LongSample(Action<SampleCopy>? switchProvider)
    {
        Copy = new SampleCopy();
        switchProvider?.Invoke(Copy);
        var sqlite = "ActiveProvider!.Contains(\"Sqlite\")";
        Write(SeedMembers,
            "migrationBuilder.Sql(\"INSERT INTO \\\"Members\\\" (\\\"Name\\\", \\\"Email\\\", \\\"JoinedAt\\\") "
            + $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows}) "
            + "SELECT 'member ' || i, 'seed' || i || '@example.com', \""
            + $" + ({sqlite} ? \"'2024-01-01 00:00:00'\" : \"TIMESTAMPTZ '2024-01-01'\") + \" FROM n\");",
            "migrationBuilder.Sql(\"DELETE FROM \\\"Members\\\" WHERE \\\"Email\\\" LIKE 'seed%@example.com'\");");
        Write(AddMemberNotes,
            "migrationBuilder.AddColumn<string>(name: \"Notes\", table: \"Members\", nullable: true);\n"
            + "migrationBuilder.Sql(\"UPDATE \\\"Members\\\" SET \\\"Notes\\\" = 'note of ' || \\\"Name\\\"\");",
            "migrationBuilder.Sql(\"ALTER TABLE \\\"Members\\\" DROP COLUMN \\\"Notes\\\"\");");
        Write(IndexMemberNotes,
            "migrationBuilder.CreateIndex(name: \"IX_Members_Notes\", table: \"Members\", column: \"Notes\");",
            "migrationBuilder.DropIndex(name: \"IX_Members_Notes\", table: \"Members\");");
        Write(CreateVisits,
            "migrationBuilder.CreateTable(name: \"Visits\", columns: t => new { Id = t.Column<int>(nullable: false), "
            + "MemberId = t.Column<int>(nullable: false), "
            + "Note = t.Column<string>(nullable: true) }, constraints: t => t.PrimaryKey(\"PK_Visits\", x => x.Id));\n"
            + "migrationBuilder.Sql(\"INSERT INTO \\\"Visits\\\" (\\\"Id\\\", \\\"MemberId\\\", \\\"Note\\\") SELECT \\\"Id\\\", \\\"Id\\\", \\\"Notes\\\" "
            + "FROM \\\"Members\\\"\");",
            "migrationBuilder.DropTable(name: \"Visits\");");
        Write(IndexVisits,
            "migrationBuilder.CreateIndex(name: \"IX_Visits_MemberId\", table: \"Visits\", column: \"MemberId\");",
            "migrationBuilder.DropIndex(name: \"IX_Visits_MemberId\", table: \"Visits\");");
        Write(MarkVisits,
            "migrationBuilder.Sql(\"UPDATE \\\"Visits\\\" SET \\\"Note\\\" = \\\"Note\\\" || ' (seen)'\");",
            "migrationBuilder.Sql(\"UPDATE \\\"Visits\\\" SET \\\"Note\\\" = substr(\\\"Note\\\", 1, length(\\\"Note\\\") - 7)\");");
        Copy.Build();
        Ids = [.. Copy.MigrationFiles().Where(f => f.Length > 15 && char.IsDigit(f[0]) && !f.EndsWith(".Designer.cs", StringComparison.Ordinal))
            .Select(f => f[..^3]).Order(StringComparer.Ordinal)];
    }

    public SampleCopy Copy { get; }

    /// <summary>Every migration, in order: the sample's own two, then the six above.</summary>
    public IReadOnlyList<string> Ids { get; }

    public void Dispose() => Copy.Dispose();

    private void Write(string id, string up, string down) => Copy.WriteMigration(id, up, down);
}

public sealed class SqliteLongSample() : LongSample(null);

/// <summary>Made on first use, so a run without PostgreSQL doesn't pay for it.</summary>
public sealed class PostgresLongSample(PostgresServer server) : IDisposable
{
    private readonly Lazy<LongSample> _sample = new(() => new Postgres(server));

    public LongSample Sample => _sample.Value;

    public void Dispose()
    {
        if (_sample.IsValueCreated)
        {
            _sample.Value.Dispose();
        }
    }

    private sealed class Postgres(PostgresServer server) : LongSample(copy =>
        ProviderSample.Generate(copy, "postgres", server.DatabaseConnection("library_design_time")));
}
