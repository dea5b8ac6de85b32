using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>reset-dev on the app's own database (LIBRARY_CONNECTION, as the app configures it): one definition per provider.</summary>
public abstract class ResetDevTests
{
    protected abstract SampleCopy Copy { get; }

    protected abstract TestDatabases Databases { get; }

    /// <summary>The tool with the app configured to use <paramref name="db"/> as its own database.</summary>
    private ProcessResult AppOn(string db, params string[] args)
        => Copy.MigrateWith(new Dictionary<string, string?> { ["LIBRARY_CONNECTION"] = db }, [.. args, "--no-build"]);

    [Fact]
    public void Reset_dev_drops_the_app_database_and_rebuilds_it_at_head()
    {
        var db = Databases.New(nameof(Reset_dev_drops_the_app_database_and_rebuilds_it_at_head));
        AppOn(db, "upgrade", "InitialCreate").ExitCode.Should().Be(0);
        Databases.Execute(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") VALUES ('Ada', 'ada@example.com', '2024-01-01')");

        var reset = AppOn(db, "reset-dev", "--json");

        reset.ExitCode.Should().Be(0, reset.ToString());
        reset.Json().GetProperty("dropped").GetBoolean().Should().BeTrue();
        reset.Json().GetProperty("applied").GetArrayLength().Should().Be(2);
        AppOn(db, "current", "--json").Json().GetProperty("pending").GetArrayLength().Should().Be(0);
        Databases.Count(db, "Members").Should().Be(0, "the old data went with the old database");
        Databases.Count(db, "Loans").Should().Be(0, "head's tables are there");
    }

    [Fact]
    public void Reset_dev_refuses_production_and_another_database_without_yes()
    {
        var db = Databases.New(nameof(Reset_dev_refuses_production_and_another_database_without_yes));
        AppOn(db, "upgrade", "InitialCreate").ExitCode.Should().Be(0);
        Databases.Execute(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") VALUES ('Ada', 'ada@example.com', '2024-01-01')");

        var other = AppOn(db, "reset-dev", "--connection", db);
        var production = AppOn(db, "reset-dev", "--environment", "Production", "--yes");

        other.ExitCode.Should().Be(4, other.ToString());
        other.Stderr.Should().Contain("add --yes");
        production.ExitCode.Should().Be(4, production.ToString());
        production.Stderr.Should().Contain("never runs in a production environment (Production)");
        Databases.Count(db, "Members").Should().Be(1, "nothing was dropped");
    }
}

public sealed class SqliteResetDevTests(BuiltSample sample) : ResetDevTests, IClassFixture<BuiltSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override TestDatabases Databases { get; } = new SqliteDatabases(sample.Copy);
}

public sealed class PostgresResetDevTests(LivePostgresSample sample, PostgresServer server) : ResetDevTests, IClassFixture<LivePostgresSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override TestDatabases Databases { get; } = new PostgresDatabases(server);
}
