using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// The Migrations.Build package in a user's project (real restores, builds and publishes): one
/// definition, run on every provider (SqliteGateTests, PostgresGateTests, SqlServerGateTests), each
/// test on its own copy of the sample and its own databases.
/// </summary>
public abstract class GateTests(PackedPackages packages) : IDisposable
{
    private GatedSample? _sample;
    private string? _appDatabase;

    /// <summary>The copy, switched to the provider on first use (which skips the test when the provider's server is missing).</summary>
    protected GatedSample Sample
    {
        get
        {
            if (_sample is null)
            {
                _sample = new GatedSample(Packages);
                _appDatabase = UseProvider(_sample);
            }

            return _sample;
        }
    }

    protected PackedPackages Packages { get; } = packages;

    /// <summary>The app's own database: where it goes when no MigrationsConnection says otherwise.</summary>
    protected string AppDatabase
    {
        get
        {
            _ = Sample;
            return _appDatabase!;
        }
    }

    /// <summary>Switches the copy to the provider; returns the connection string of the app's own database (not created yet).</summary>
    protected abstract string UseProvider(GatedSample sample);

    /// <summary>Other databases of the provider (<see cref="TestDatabases.New"/>: not created yet).</summary>
    protected abstract TestDatabases Databases { get; }

    /// <summary>Runs a script, as a DBA would run the published migrations.sql.</summary>
    protected abstract void ExecuteScript(string db, string script);

    /// <summary>Whether EF Core guards each migration of a script by its history row (SQLite's provider can't).</summary>
    protected abstract bool IdempotentScripts { get; }

    public void Dispose()
    {
        _sample?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected ProcessResult Build(params string[] args) => Sample.Build(args);

    protected ProcessResult Publish(string folder, params string[] args)
        => Sample.Dotnet(["publish", "-o", Path.Combine(Sample.Copy.Directory, folder), .. args]);

    /// <summary>An MSBuild property on the command line: MSBuild splits values on ';', which connection strings have.</summary>
    protected static string Property(string name, string value) => $"-p:{name}={value.Replace(";", "%3B", StringComparison.Ordinal)}";

    /// <summary>For a provider on a server: the app's own database there, and the provider's migrations from <paramref name="generated"/>.</summary>
    protected string UseServer(GatedSample sample, string provider, SampleCopy generated)
    {
        var db = Databases.New("library");
        sample.UseProvider(provider, db, generated);
        return db;
    }

    protected string Id(string name) => Sample.Copy.MigrationId(name);

    [Fact]
    public void MigrateUp_reaches_head_then_a_new_migration_warns_MIG002_and_MigrationsConnection_with_MigrationsTarget_go_elsewhere()
    {
        var up = Build("-t:MigrateUp");

        GatedSample.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: applied 2 migration(s)");
        GatedSample.Diagnostics(up).Should().BeEmpty();
        Databases.Applied(AppDatabase).Should().Equal(Id("InitialCreate"), Id("AddLoans"));

        Sample.AddMemberPhone();
        GatedSample.ShouldSucceed(Build("-t:MigrationsGenerate", "-p:MigrationName=AddPhone"));
        var pending = Build();

        GatedSample.ShouldSucceed(pending);
        var addPhone = Id("AddPhone");
        GatedSample.Diagnostics(pending).Should().ContainSingle().Which.Should()
            .StartWith(Path.Combine(Sample.Copy.Directory, "Migrations", addPhone + ".cs") + "(")
            .And.Contain($": warning MIG002: Migration {addPhone} is not applied");

        GatedSample.ShouldSucceed(Build("-t:MigrateUp"));
        Databases.Applied(AppDatabase).Should().Equal(Id("InitialCreate"), Id("AddLoans"), addPhone);

        var other = Databases.New("other");
        GatedSample.ShouldSucceed(Build("-t:MigrateUp", Property("MigrationsConnection", other), "-p:MigrationsTarget=InitialCreate"));
        Databases.Applied(other).Should().Equal(Id("InitialCreate"));
        Databases.Applied(AppDatabase).Should().HaveCount(3, "MigrationsConnection leaves the app's own database alone");
    }

    [Fact]
    public void Drift_fails_the_build_at_the_property_and_MigrationsGenerate_covers_it()
    {
        Sample.AddMemberPhone();

        var drifted = Build();

        drifted.ExitCode.Should().NotBe(0, drifted.ToString());
        GatedSample.Diagnostics(drifted).Should().ContainSingle().Which.Should()
            .StartWith(Path.Combine(Sample.Copy.Directory, "Model", "Member.cs") + "(13,5): error MIG001:")
            .And.Contain("Member.Phone: column added");

        var generate = Build("-t:MigrationsGenerate", "-p:MigrationName=AddPhone");

        GatedSample.ShouldSucceed(generate);
        Sample.Copy.MigrationFiles().Should().Contain(f => f.EndsWith("_AddPhone.cs")).And.Contain(f => f.EndsWith("_AddPhone.Designer.cs"));
        var clean = Build();
        GatedSample.ShouldSucceed(clean);
        GatedSample.Diagnostics(clean).Should().BeEmpty();
    }

    [Fact]
    public void Publish_writes_the_script_when_asked_and_drift_fails_it_before_anything_is_copied()
    {
        var publish = Publish("out", "-p:MigrationsScriptOnPublish=true");

        GatedSample.ShouldSucceed(publish);
        var script = File.ReadAllText(Path.Combine(Sample.Copy.Directory, "out", "migrations.sql"));
        var db = Databases.New("scripted");
        if (IdempotentScripts)
        {
            // A database part-way up gets only the rest, and running the script again changes nothing.
            GatedSample.ShouldSucceed(Sample.Migrate("upgrade", "InitialCreate", "--connection", db));
            ExecuteScript(db, script);
            ExecuteScript(db, script);
        }
        else
        {
            publish.Stdout.Should().Contain("cannot generate idempotent scripts: this script applies every migration from base");
            ExecuteScript(db, script);
        }

        Databases.Applied(db).Should().Equal(Id("InitialCreate"), Id("AddLoans"));

        Sample.AddMemberPhone();
        var gated = Publish("out2", "-p:MigrationsCheckOnBuild=false"); // the publish gate alone

        gated.ExitCode.Should().NotBe(0, gated.ToString());
        gated.Stdout.Should().Contain("error MIG001");
        File.Exists(Path.Combine(Sample.Copy.Directory, "out2", "Library.dll")).Should().BeFalse("a gated publish copies nothing");
    }

    [Fact]
    public void The_publish_gate_checks_the_publish_connection()
    {
        var production = Databases.New("production");
        GatedSample.ShouldSucceed(Sample.Migrate("upgrade", "InitialCreate", "--connection", production));

        var publish = Publish("out", Property("MigrationsPublishConnection", production));

        GatedSample.ShouldSucceed(publish);
        GatedSample.Diagnostics(publish).Should().ContainSingle().Which.Should().Contain($"warning MIG002: Migration {Id("AddLoans")} is not applied");
        File.Exists(Path.Combine(Sample.Copy.Directory, "out", "Library.dll")).Should().BeTrue("a pending migration only warns");
        Databases.Exists(AppDatabase).Should().BeFalse("the gate reads the publish connection, not the app's own database");
    }
}
