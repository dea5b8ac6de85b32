using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>revision and check on a copy of the sample whose model the tests change.</summary>
public sealed class RevisionTests : IDisposable
{
    private readonly SampleCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void Check_reports_drift_then_revision_covers_it()
    {
        var db = _copy.NewDatabase("revision");
        _copy.AddMemberPhone();

        var drifted = _copy.Migrate("check", "--connection", db);

        drifted.ExitCode.Should().Be(1, drifted.ToString());
        drifted.Stdout.Should().Contain("Member.Phone: column added (Members.Phone TEXT, nullable)");
        drifted.Stderr.Should().Contain("MIG001");

        var revision = _copy.Migrate("revision", "-m", "add member phone", "--json", "--no-build");

        revision.ExitCode.Should().Be(0, revision.ToString());
        var json = revision.Json();
        json.GetProperty("name").GetString().Should().Be("AddMemberPhone");
        json.GetProperty("operations").EnumerateArray().Select(o => o.GetString()).Should().Contain(o => o!.StartsWith("Member.Phone: column added"));
        _copy.MigrationFiles().Should().Contain(f => f.EndsWith("_AddMemberPhone.cs")).And.Contain(f => f.EndsWith("_AddMemberPhone.Designer.cs"));

        var clean = _copy.Migrate("check", "--connection", db, "--json");

        clean.ExitCode.Should().Be(0, clean.ToString());
        clean.Json().GetProperty("drift").GetBoolean().Should().BeFalse();

        var upgrade = _copy.Migrate("upgrade", "--no-build", "--connection", db);
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        upgrade.Stdout.Should().Contain("Applied 3 migration(s)");
    }

    [Fact]
    public void Check_fails_when_a_reachable_database_has_pending_migrations()
    {
        var db = _copy.NewDatabase("pending");
        _copy.Build();
        _copy.Migrate("upgrade", "InitialCreate", "--no-build", "--connection", db).ExitCode.Should().Be(0);

        var check = _copy.Migrate("check", "--no-build", "--connection", db, "--json");

        check.ExitCode.Should().Be(1, check.ToString());
        var json = check.Json();
        json.GetProperty("drift").GetBoolean().Should().BeFalse();
        json.GetProperty("pending").EnumerateArray().Select(p => p.GetString()).Should().ContainSingle().Which.Should().EndWith("_AddLoans");
        check.Stderr.Should().Contain("MIG002");
    }

    [Fact]
    public void No_autogenerate_writes_an_empty_migration_and_leaves_drift_visible()
    {
        _copy.AddMemberPhone();

        var revision = _copy.Migrate("revision", "-m", "backfill emails", "--no-autogenerate");

        revision.ExitCode.Should().Be(0, revision.ToString());
        revision.Stderr.Should().Contain("does not cover");
        var file = _copy.MigrationFiles().Single(f => f.EndsWith("_BackfillEmails.cs"));
        var code = _copy.Read(Path.Combine("Migrations", file));
        code.Should().Contain("protected override void Up(MigrationBuilder migrationBuilder)").And.NotContain("AddColumn");

        var check = _copy.Migrate("check");

        check.ExitCode.Should().Be(1, "the empty migration does not cover Member.Phone: {0}", check);
        check.Stdout.Should().Contain("Member.Phone: column added");
        var history = _copy.Migrate("history", "--no-build", "--json");
        history.Json().GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("name").GetString())
            .Should().Equal("InitialCreate", "AddLoans", "BackfillEmails");
    }
}
