using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// The whole life of an app on each supported EF Core major, through the packed packages: restore
/// keeps the app's EF Core, the gate, revision, MigrationsGenerate, MigrateUp, backup, rollback,
/// restore and downgrade. CI runs a slice (every major on its own framework, PostgreSQL on 8 and 10);
/// <c>MIGRATIONS_EFCORE_MATRIX=full</c> (eng/efcore-matrix.sh) runs every pin of the compatibility table,
/// <c>rest</c> only those CI leaves out.
/// </summary>
[Collection(EFCoreVersionsCollection.Name)]
public sealed class EFCoreVersionTests(PackedPackages packages, PostgresServer server)
{
    public static TheoryData<EFCoreApp> Apps()
    {
        EFCoreApp[] slice =
        [
            new("net10.0", "10.0.0", "sqlite", "10.0.0"),
            new("net10.0", "10.0.15", "postgres", "10.0.3"),
            new("net9.0", "9.0.23", "sqlite", "9.0.23"),
            new("net8.0", "8.0.34", "sqlite", "8.0.34"),
            new("net8.0", "8.0.30", "postgres", "8.0.11"),
        ];
        EFCoreApp[] rest =
        [
            new("net10.0", "10.0.15", "sqlite", "10.0.15"),
            new("net10.0", "10.0.0", "postgres", "10.0.0"),
            new("net9.0", "9.0.23", "postgres", "9.0.4"),
            new("net9.0", "9.0.0", "sqlite", "9.0.0"),
            new("net10.0", "9.0.23", "sqlite", "9.0.23"),
            new("net8.0", "8.0.30", "sqlite", "8.0.30"),
            new("net10.0", "8.0.34", "sqlite", "8.0.34"),
            new("net8.0", "8.0.34", "postgres", "8.0.0"),
        ];
        return new TheoryData<EFCoreApp>(Environment.GetEnvironmentVariable("MIGRATIONS_EFCORE_MATRIX") switch
        {
            "full" => [.. slice, .. rest],
            "rest" => rest, // what CI doesn't run
            _ => slice,
        });
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void An_app_on_any_supported_EF_Core_goes_through_its_whole_life(EFCoreApp app)
    {
        Runtimes.RequireFor(app.Framework);
        string connection;
        if (app.Postgres)
        {
            server.RequireOrSkip();
            connection = server.DatabaseConnection("efcore_" + Guid.NewGuid().ToString("N")[..10]);
        }
        else
        {
            connection = "Data Source=blog.db";
        }

        using var field = new FieldApp(packages, app, connection);

        // Restore leaves the app's EF Core as pinned: nothing of ours raises or lowers it.
        var first = field.Build();
        field.ResolvedEFCore().Should().Contain("Microsoft.EntityFrameworkCore", app.EFCore)
            .And.Contain("Microsoft.EntityFrameworkCore.Design", app.EFCore);
        field.ResolvedEFCore().Values.Should()
            .NotContain(v => new Version(v.Split('-')[0]) > new Version(app.EFCore.Split('-')[0]), "no EF Core package above the pin");
        first.ExitCode.Should().NotBe(0, "a model with no migration at all is drift");
        first.Stdout.Should().Contain("error MIG001").And.Contain("Blog: table added");

        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "initial"));
        FieldApp.ShouldSucceed(field.Build());

        field.AddBody();
        var drift = field.Build();
        drift.ExitCode.Should().NotBe(0);
        drift.Stdout.Should().MatchRegex(@"Model[/\\]Blog\.cs\(\d+,\d+\): error MIG001: .*Blog\.Body: column added", "the drift is at the entity's file");

        FieldApp.ShouldSucceed(field.Build("-t:MigrationsGenerate", "-p:MigrationName=AddBody"));
        field.MigrationFiles("*_AddBody.cs").Should().ContainSingle();
        var up = field.Build("-t:MigrateUp");
        FieldApp.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: applied 2 migration(s)");

        Execute(field, connection, "INSERT INTO \"Blogs\" (\"Title\", \"Body\") VALUES ('first', 'kept through a rollback')");
        FieldApp.ShouldSucceed(field.Migrate("backup"));
        var rollback = field.Migrate("rollback", "-1", "--force", "--json");
        FieldApp.ShouldSucceed(rollback);
        var backupFile = rollback.Json().GetProperty("backupFile").GetString()!;
        FieldApp.ShouldSucceed(field.Migrate("upgrade"));
        Body(field, connection).Should().Be("(null)", "the re-added column starts empty");
        FieldApp.ShouldSucceed(field.Migrate("restore", backupFile, "--yes"));
        Body(field, connection).Should().Be("kept through a rollback");

        FieldApp.ShouldSucceed(field.Migrate("downgrade", "base"));
        field.Migrate("current", "--json").Json().GetProperty("pending").GetArrayLength().Should().Be(2);
    }

    public static TheoryData<EFCoreApp, string> HostedApps()
    {
        // EF Core 8 creates host-registered contexts through a constructor the later majors changed;
        // on PostgreSQL the app's logging reports connection errors a gate must not take for failures.
        (EFCoreApp, string)[] slice =
        [
            (new("net8.0", "8.0.34", "sqlite", "8.0.34"), "8.0.1"),
            (new("net10.0", "10.0.15", "postgres", "10.0.3"), "10.0.15"),
        ];
        (EFCoreApp, string)[] rest = [(new("net9.0", "9.0.23", "sqlite", "9.0.23"), "9.0.23")];
        var data = new TheoryData<EFCoreApp, string>();
        foreach (var (app, hosting) in Environment.GetEnvironmentVariable("MIGRATIONS_EFCORE_MATRIX") switch
        {
            "full" => [.. slice, .. rest],
            "rest" => rest,
            _ => slice,
        })
        {
            data.Add(app, hosting);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostedApps))]
    public void An_app_whose_context_is_registered_in_its_host_is_gated_and_migrated(EFCoreApp app, string hosting)
    {
        Runtimes.RequireFor(app.Framework);
        var connection = "Data Source=blog.db";
        if (app.Postgres)
        {
            server.RequireOrSkip();
            connection = server.DatabaseConnection("hosted_" + Guid.NewGuid().ToString("N")[..10]);
        }

        using var field = new FieldApp(packages, app, connection, hosting: hosting);

        var first = field.Build();
        first.Stdout.Should().Contain("error MIG001").And.Contain("Blog: table added", "the context is found through the app's host");
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "initial"));
        FieldApp.ShouldSucceed(field.Build());
        var up = field.Build("-t:MigrateUp");
        FieldApp.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: applied 1 migration(s)");
        field.Migrate("current", "--json").Json().GetProperty("pending").GetArrayLength().Should().Be(0);

        if (!app.Postgres)
        {
            return;
        }

        // The app's logging reaches EF Core's reporter; its "error occurred using the connection"
        // must leave the gate's unreachable server a warning, not fail the build.
        field.Environment["FIELD_CONNECTION"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2";
        // (MigrateUp moved the database, so no stamp of a last check is left to repeat.)
        Directory.GetFiles(Path.Combine(field.Directory, "obj"), "migrations.check.stamp", SearchOption.AllDirectories).Should().BeEmpty();
        var offline = field.Build();
        FieldApp.ShouldSucceed(offline);
        offline.Stdout.Should().Contain("warning MIG905").And.NotContain(": error");
    }

    private void Execute(FieldApp field, string connection, string sql)
    {
        if (field.App.Postgres)
        {
            server.Execute(connection, sql);
        }
        else
        {
            SqliteFile.Execute(Path.Combine(field.Directory, "blog.db"), sql);
        }
    }

    private string Body(FieldApp field, string connection)
    {
        const string sql = "SELECT COALESCE(\"Body\", '(null)') FROM \"Blogs\"";
        return field.App.Postgres
            ? server.Strings(connection, sql).Single()
            : SqliteFile.Strings(Path.Combine(field.Directory, "blog.db"), sql).Single();
    }
}
