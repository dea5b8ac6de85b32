using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// A migration bundle made by the packed tool from the sample with the packed package, run where a
/// deploy runs: a folder without the source, a PATH without dotnet, and either only the .NET runtime
/// (framework-dependent) or nothing of .NET at all (self-contained).
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class BundleTests(PackedPackages packages, PostgresServer server) : IDisposable
{
    private readonly GatedSample _sample = new(packages);
    private readonly string _deploy = Directory.CreateTempSubdirectory("migrate-deploy-").FullName;

    [Fact]
    public void A_framework_dependent_bundle_migrates_backs_up_and_restores_on_the_runtime_alone()
    {
        var bundle = Make("migrate");

        RunsADeploy(bundle, RuntimeOnly());
    }

    [Fact]
    public void A_self_contained_bundle_migrates_backs_up_and_restores_without_any_dotnet()
    {
        var bundle = Make("migrate-sc", "--self-contained");

        RunsADeploy(bundle, new Dictionary<string, string?> { ["PATH"] = EmptyFolder("path"), ["DOTNET_ROOT"] = Path.Combine(_deploy, "no-dotnet") });
    }

    [Fact]
    public void A_bundle_of_an_EF_Core_8_app_whose_context_is_registered_in_its_host_runs_on_the_net8_runtime()
    {
        var app = new EFCoreApp("net8.0", "8.0.34", "sqlite", "8.0.34");
        Runtimes.RequireFor(app.Framework);
        using var field = new FieldApp(packages, app, "Data Source=blog.db", hosting: "8.0.1");
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "initial"));
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        var bundle = Path.Combine(_deploy, "blog-migrate");

        var made = field.Migrate("bundle", "-o", bundle);

        FieldApp.ShouldSucceed(made);
        var environment = RuntimeOnly();
        environment["FIELD_CONNECTION"] = $"Data Source={Path.Combine(_deploy, "blog.db")}";
        var help = Run(bundle, environment, "--help");
        help.Stdout.Should().Contain("BlogApp (net8.0)").And.Contain("EF Core:   8.0.34").And.Contain("BlogDb: 1 migration");
        var upgrade = Run(bundle, environment, "upgrade", "--json");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        upgrade.Json().GetProperty("applied").GetArrayLength().Should().Be(1, "the context comes from the app's host, as the app configures it");
        SqliteFile.Tables(Path.Combine(_deploy, "blog.db")).Should().Contain("Blogs");
    }

    [Fact]
    public void A_bundle_migrates_backs_up_and_rolls_back_a_PostgreSQL_database()
    {
        server.RequireOrSkip();
        var connection = server.DatabaseConnection("bundle_" + Guid.NewGuid().ToString("N")[..10]);
        using var field = new FieldApp(packages, EFCoreApp.Postgres10, connection);
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "initial"));
        field.AddBody();
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "body"));
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        var bundle = Path.Combine(_deploy, "pg-migrate");
        FieldApp.ShouldSucceed(field.Migrate("bundle", "-o", bundle));
        var environment = RuntimeOnly();
        environment["FIELD_CONNECTION"] = connection;

        var upgrade = Run(bundle, environment, "upgrade");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        server.AppliedMigrations(connection).Should().HaveCount(2);
        server.Execute(connection, "INSERT INTO \"Blogs\" (\"Title\", \"Body\") VALUES ('first', 'kept')");
        var rollback = Run(bundle, environment, "rollback", "-1", "--force", "--yes");
        rollback.ExitCode.Should().Be(0, rollback.ToString());
        server.AppliedMigrations(connection).Should().HaveCount(1);
        var backup = Directory.GetFiles(Path.Combine(_deploy, "migrations-backups"), "rollback_backup_*.json").Should().ContainSingle().Subject;
        Run(bundle, environment, "upgrade").ExitCode.Should().Be(0);
        var restore = Run(bundle, environment, "restore", backup, "--yes");
        restore.ExitCode.Should().Be(0, restore.ToString());
        server.Strings(connection, "SELECT \"Body\" FROM \"Blogs\"").Should().Equal("kept");
        Run(bundle, environment, "prod-check").ExitCode.Should().Be(0);
    }

    [Fact]
    public void A_bundle_of_a_layered_app_carries_the_migrations_assembly_its_context_names()
    {
        using var app = new LayeredApp(packages, packageOn: "WebHost", migrationsProject: true);
        FieldApp.ShouldSucceed(app.Build("WebHost", "-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrationsGenerate", "-p:MigrationName=Initial"));
        FieldApp.ShouldSucceed(app.Build("WebHost", "-p:MigrationsCheckOnBuild=false"));
        var bundle = Path.Combine(_deploy, "layered-migrate");

        FieldApp.ShouldSucceed(app.Migrate("WebHost", "bundle", "-o", bundle));

        var environment = RuntimeOnly();
        environment["FIELD_CONNECTION"] = $"Data Source={Path.Combine(_deploy, "layered.db")}";
        Run(bundle, environment, "--help").Stdout.Should().Contain("WebHost (net10.0)").And.Contain("BlogDb: 1 migration");
        var upgrade = Run(bundle, environment, "upgrade", "--json");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        upgrade.Json().GetProperty("applied").GetArrayLength().Should()
            .Be(1, "the migrations come from DataMigrations, as the context's MigrationsAssembly says");
        SqliteFile.Tables(Path.Combine(_deploy, "layered.db")).Should().Contain("Blogs");
    }

    [Fact]
    public void Publish_with_MigrationsBundleOnPublish_writes_the_bundle_beside_the_app()
    {
        var publish = _sample.Dotnet("publish", "-c", "Release", "-o", "pub", "-p:MigrationsBundleOnPublish=true");

        GatedSample.ShouldSucceed(publish);
        var bundle = Path.Combine(_sample.Copy.Directory, "pub", "migrate");
        File.Exists(bundle).Should().BeTrue(publish.ToString());
        var current = Run(bundle, RuntimeOnly(), "current", "--connection", $"Data Source={Path.Combine(_deploy, "app.db")}");
        current.ExitCode.Should().Be(0, current.ToString());
        current.Stdout.Should().Contain("Pending: 2");
    }

    [Fact]
    public void A_bundle_is_never_written_over_an_existing_file_without_force()
    {
        var existing = Path.Combine(_deploy, "migrate");
        File.WriteAllText(existing, "keep me");

        var refused = _sample.Migrate("bundle", "-o", existing);

        refused.ExitCode.Should().Be(2, refused.ToString());
        refused.Stderr.Should().Contain("--force");
        File.ReadAllText(existing).Should().Be("keep me");
        var folder = _sample.Migrate("bundle", "-o", _deploy);
        folder.ExitCode.Should().Be(2, folder.ToString());
        folder.Stderr.Should().Contain("is a folder");
    }

    private string Make(string name, params string[] options)
    {
        var file = Path.Combine(_deploy, name);
        var made = _sample.Migrate(["bundle", "-o", file, .. options]);
        made.ExitCode.Should().Be(0, made.ToString());
        made.Stdout.Should().Contain("LibraryContext with 2 migrations");
        File.Exists(file).Should().BeTrue();
        return file;
    }

    /// <summary>What a deploy does: see what the bundle holds, upgrade, roll back with a backup, upgrade again, restore, check.</summary>
    private void RunsADeploy(string bundle, Dictionary<string, string?> environment)
    {
        var db = Path.Combine(_deploy, "app.db");
        environment["MIGRATIONS_CONNECTION"] = $"Data Source={db}";

        var help = Run(bundle, environment, "--help");
        help.ExitCode.Should().Be(0, help.ToString());
        help.Stdout.Should().Contain("Library (net10.0)").And.Contain("EF Core:   10.0.15").And.Contain("LibraryContext: 2 migrations")
            .And.NotContain("revision", "a bundle lists only what it runs");
        var revision = Run(bundle, environment, "revision", "-m", "More");
        revision.ExitCode.Should().Be(2, revision.ToString());
        revision.Stderr.Should().Contain("needs the project's source");

        var upgrade = Run(bundle, environment, "upgrade");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        SqliteFile.AppliedMigrations(db).Should().HaveCount(2);
        SqliteFile.Execute(db, """
            INSERT INTO "Authors" ("Name") VALUES ('Ursula');
            INSERT INTO "Books" ("Title", "Isbn", "AuthorId", "PublishedOn") SELECT 'Earthsea', '9780553383041', "Id", '1968-01-01' FROM "Authors";
            INSERT INTO "Members" ("Name", "Email", "JoinedAt") VALUES ('Ged', 'ged@roke.example', '2024-01-01 00:00:00');
            INSERT INTO "Loans" ("BookId", "MemberId", "LoanedAt", "DueOn") SELECT b."Id", m."Id", '2024-02-01 00:00:00', '2024-03-01' FROM "Books" b, "Members" m;
            """);

        var unconfirmed = Run(bundle, environment, "rollback", _sample.Copy.MigrationId("InitialCreate"), "--force");
        unconfirmed.ExitCode.Should().Be(4, "a bundle runs as Production unless told otherwise, so a rollback needs --yes: {0}", unconfirmed);
        SqliteFile.Tables(db).Should().Contain("Loans");
        var rollback = Run(bundle, environment, "rollback", _sample.Copy.MigrationId("InitialCreate"), "--force", "--yes");
        rollback.ExitCode.Should().Be(0, rollback.ToString());
        SqliteFile.Tables(db).Should().NotContain("Loans");
        var backup = Directory.GetFiles(Path.Combine(_deploy, "migrations-backups"), "rollback_backup_*.json").Should().ContainSingle().Subject;
        rollback.Stderr.Should().Contain($"{Path.GetFileName(bundle)} restore", "hints name the bundle, not the SDK's tool");

        Run(bundle, environment, "upgrade").ExitCode.Should().Be(0);
        var restore = Run(bundle, environment, "restore", backup, "--yes");
        restore.ExitCode.Should().Be(0, restore.ToString());
        SqliteFile.Scalar(db, "SELECT COUNT(*) FROM \"Loans\"").Should().Be("1", "the loan the rollback dropped is back");

        var tenants = Path.Combine(_deploy, "tenants.txt");
        File.WriteAllLines(tenants, Enumerable.Range(1, 3).Select(i => $"Data Source={Path.Combine(_deploy, $"tenant{i}.db")}"));
        var fleet = Run(bundle, environment, "upgrade", "--connections", tenants, "--json");
        fleet.ExitCode.Should().Be(0, fleet.ToString());
        fleet.Json().GetProperty("done").GetInt32().Should().Be(3);
        Enumerable.Range(1, 3).Should().AllSatisfy(i => SqliteFile.AppliedMigrations(Path.Combine(_deploy, $"tenant{i}.db")).Should().HaveCount(2));

        var check = Run(bundle, environment, "prod-check", "--json");
        check.ExitCode.Should().Be(0, check.ToString());
        File.ReadAllText(Path.Combine(_deploy, "migrations-audit.jsonl")).Should().Contain("\"command\":\"rollback\"").And.Contain("\"command\":\"restore\"");
    }

    /// <summary>The bundle in the deploy folder: no source, no project, a PATH without dotnet.</summary>
    private ProcessResult Run(string bundle, IDictionary<string, string?> environment, params string[] args)
        => ProcessResult.Run(bundle, args, _deploy, new Dictionary<string, string?>(environment) { ["HOME"] = _deploy });

    /// <summary>A .NET install with the runtime and no SDK (links into this machine's), and a PATH without it.</summary>
    private Dictionary<string, string?> RuntimeOnly()
    {
        var installed = ProcessResult.Run("dotnet", ["--list-runtimes"], _deploy).Stdout.Split('\n')
            .First(l => l.StartsWith("Microsoft.NETCore.App 10.", StringComparison.Ordinal));
        var shared = installed[(installed.IndexOf('[') + 1)..installed.IndexOf(']')];
        var root = Path.GetDirectoryName(Path.GetDirectoryName(shared))!;
        var runtime = Path.Combine(_deploy, "dotnet-runtime");
        if (!Directory.Exists(runtime))
        {
            Directory.CreateDirectory(Path.Combine(runtime, "shared"));
            File.CreateSymbolicLink(Path.Combine(runtime, "dotnet"), Path.Combine(root, "dotnet"));
            Directory.CreateSymbolicLink(Path.Combine(runtime, "host"), Path.Combine(root, "host"));
            Directory.CreateSymbolicLink(Path.Combine(runtime, "shared", "Microsoft.NETCore.App"), shared);
        }

        Directory.Exists(Path.Combine(runtime, "sdk")).Should().BeFalse();
        return new Dictionary<string, string?> { ["PATH"] = EmptyFolder("path"), ["DOTNET_ROOT"] = runtime };
    }

    private string EmptyFolder(string name) => Directory.CreateDirectory(Path.Combine(_deploy, name)).FullName;

    public void Dispose()
    {
        _sample.Dispose();
        Directory.Delete(_deploy, recursive: true);
    }
}
