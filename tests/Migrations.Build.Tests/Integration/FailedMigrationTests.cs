using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// A migration that fails halfway: the ones before it stay applied, its own DDL is rolled back with
/// its transaction (both SQLite and PostgreSQL have transactional DDL), and the history says so.
/// </summary>
public abstract class FailedMigrationTests
{
    protected abstract SampleCopy Copy { get; }

    protected abstract TestDatabases Databases { get; }

    /// <summary>Adds, after AddLoans, a migration that creates a table and then fails.</summary>
    public static void AddBrokenMigration(SampleCopy copy)
    {
        copy.WriteMigration($"{long.Parse(copy.MigrationId("AddLoans")[..14]) + 1}_Broken",
            """
                        migrationBuilder.CreateTable(
                            name: "Reviews",
                            columns: table => new { Id = table.Column<int>(nullable: false) },
                            constraints: table => table.PrimaryKey("PK_Reviews", x => x.Id));
                        migrationBuilder.Sql("UPDATE no_such_table SET x = 1");
            """,
            """            migrationBuilder.DropTable(name: "Reviews");""");
        copy.Build();
    }

    [Fact]
    public void A_failed_migration_is_rolled_back_and_the_ones_before_it_stay()
    {
        var db = Databases.New("broken-" + Guid.NewGuid().ToString("N")[..8]);

        var run = Copy.Migrate("upgrade", "--no-build", "--connection", db);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Stderr.Should().MatchRegex(@"Applying \d{14}_Broken failed").And.Contain("The 2 migration(s) before it stay applied");
        Databases.Applied(db).Should().HaveCount(2).And.OnlyContain(id => !id.EndsWith("_Broken"));
        Databases.Tables(db).Should().NotContain("Reviews", "the failed migration's CREATE TABLE was rolled back");

        var retry = Copy.Migrate("upgrade", "AddLoans", "--no-build", "--connection", db);
        retry.ExitCode.Should().Be(0, "a later run works from where the database is: {0}", retry);
    }
}

public sealed class SqliteFailedMigrationTests(SqliteFailedMigrationTests.Fixture fixture) : FailedMigrationTests,
    IClassFixture<SqliteFailedMigrationTests.Fixture>
{
    protected override SampleCopy Copy => fixture.Copy;

    protected override TestDatabases Databases { get; } = new SqliteDatabases(fixture.Copy);

    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Copy = new SampleCopy();
            AddBrokenMigration(Copy);
        }

        public SampleCopy Copy { get; }

        public void Dispose() => Copy.Dispose();
    }
}

public sealed class PostgresFailedMigrationTests(PostgresFailedMigrationTests.Fixture fixture, PostgresServer server)
    : FailedMigrationTests, IClassFixture<PostgresFailedMigrationTests.Fixture>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return fixture.Copy;
        }
    }

    protected override TestDatabases Databases { get; } = new PostgresDatabases(server);

    public sealed class Fixture(PostgresServer server) : LazySample<PostgresSample>(() =>
    {
        var sample = new PostgresSample(server);
        AddBrokenMigration(sample.Copy);
        return sample;
    });
}
