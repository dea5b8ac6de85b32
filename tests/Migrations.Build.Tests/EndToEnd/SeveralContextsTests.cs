using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// One project, two DbContexts, their migrations side by side in Migrations/ (as dotnet ef puts them
/// when no output folder is given), each with its own history table in one database: the build
/// gates both, names the context in every finding, and each target and command says which it means.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SeveralContextsTests(PackedPackages packages, PostgresServer server)
{
    [Theory]
    [MemberData(nameof(EFCoreApp.Providers), "postgres", MemberType = typeof(EFCoreApp))]
    public void The_gate_checks_every_context_and_names_it(string provider)
    {
        var (app, connection) = EFCoreApp.OnEFCore10(provider, server, "contexts");
        using var field = new FieldApp(packages, app, connection);
        field.AddAuditContext();
        field.Build("-p:MigrationsCheckOnBuild=false");

        // A target that works on one context says which ones there are, in MSBuild's words.
        var unnamed = field.Build("-t:MigrationsGenerate", "-p:MigrationName=Initial");
        unnamed.ExitCode.Should().NotBe(0);
        unnamed.Stdout.Should().Contain("2 DbContexts: ").And.Contain("AuditDb").And.Contain("BlogDb").And.Contain("-p:MigrationsContext=");
        FieldApp.ShouldSucceed(field.Build("-t:MigrationsGenerate", "-p:MigrationName=InitialBlog", "-p:MigrationsContext=BlogDb"));
        var second = field.Build("-t:MigrationsGenerate", "-p:MigrationName=InitialAudit", "-p:MigrationsContext=AuditDb");
        FieldApp.ShouldSucceed(second);
        // EF Core puts a second context's migrations in a folder of their own; each has its integrity file there.
        File.Exists(Path.Combine(field.Directory, "Migrations", "AuditDbMigrations", "AuditDbModelSnapshot.cs")).Should().BeTrue(second.ToString());

        // Both gated: a second context is never an error; each is locked beside its migrations.
        FieldApp.ShouldSucceed(field.Build());
        var locked = field.Build("-t:MigrationsLock");
        FieldApp.ShouldSucceed(locked);
        locked.Stdout.Should().Contain("Migrations: [AuditDb] locked 1 migration(s)").And.Contain("Migrations: [BlogDb] locked 1 migration(s)");
        LockedIds(field, "Migrations").Should().ContainSingle().Which.Should().EndWith("_InitialBlog");
        LockedIds(field, "Migrations/AuditDbMigrations").Should().ContainSingle().Which.Should().EndWith("_InitialAudit");

        // Drift in one context is reported with its name, at its entity; the other is clean.
        var audit = Path.Combine(field.Directory, "Model", "AuditEntry.cs");
        File.WriteAllText(audit, File.ReadAllText(audit).Replace(
            "public string Action { get; set; } = \"\";",
            "public string Action { get; set; } = \"\";\n\n    public string? Actor { get; set; }",
            StringComparison.Ordinal));
        var drift = field.Build();
        drift.ExitCode.Should().NotBe(0);
        drift.Stdout.Should().MatchRegex(@"AuditEntry\.cs\(\d+,\d+\): error MIG001: \[AuditDb\] ").And.NotContain("[BlogDb] The model");
        field.Build("-p:MigrationsContext=BlogDb").ExitCode.Should().Be(0, "MigrationsContext picks which contexts the gate checks");
        field.Build("-p:MigrationsContext=BlogDb%3BAuditDb").Stdout.Should().Contain("error MIG001: [AuditDb]", "a list names each context to check");

        // A locked migration of one context edited: MIG010 names that context only.
        var initialAudit = Directory.GetFiles(Path.Combine(field.Directory, "Migrations", "AuditDbMigrations"), "*_InitialAudit.cs").Single();
        var original = File.ReadAllText(initialAudit);
        File.WriteAllText(initialAudit, original.Replace("nullable: false)", "nullable: true)", StringComparison.Ordinal));
        var edited = field.Build();
        edited.ExitCode.Should().NotBe(0);
        edited.Stdout.Should().MatchRegex(@"_InitialAudit\.cs\(\d+,\d+\): error MIG010: \[AuditDb\] ").And.NotContain("[BlogDb] Locked");
        File.WriteAllText(initialAudit, original);

        FieldApp.ShouldSucceed(field.Build("-t:MigrationsGenerate", "-p:MigrationName=AddActor", "-p:MigrationsContext=AuditDb"));
        FieldApp.ShouldSucceed(field.Build());
        FieldApp.ShouldSucceed(field.Build("-t:MigrationsLock"));
        LockedIds(field, "Migrations/AuditDbMigrations").Should().HaveCount(2);

        // MigrateUp upgrades each context; the tool works on one and lists them when none is named.
        var up = field.Build("-t:MigrateUp");
        FieldApp.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: [AuditDb] applied 2 migration(s)").And.Contain("Migrations: [BlogDb] applied 1 migration(s)");
        var tool = field.Migrate("current");
        tool.ExitCode.Should().Be(2, tool.ToString());
        tool.Stderr.Should().Contain("2 DbContexts: AuditDb, BlogDb").And.Contain("--context AuditDb");
        var current = field.Migrate("current", "--context", "AuditDb", "--json");
        FieldApp.ShouldSucceed(current);
        current.Json().GetProperty("current").GetString().Should().EndWith("_AddActor");
        field.Migrate("check", "--context", "BlogDb").ExitCode.Should().Be(0);
    }

    private static List<string?> LockedIds(FieldApp field, string folder)
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(field.Directory, folder, "migrations.lock.json")));
        return lockFile.RootElement.GetProperty("migrations").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
    }
}
