using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>Every run of the tool appends one JSON line to migrations-audit.jsonl, secrets masked, whatever its outcome.</summary>
public sealed class AuditLogTests(BuiltSample sample) : IClassFixture<BuiltSample>
{
    private const string Secret = "Aud1t-s3cret-pw";

    private List<JsonElement> Lines(string marker)
    {
        var path = Path.Combine(sample.Copy.Directory, "migrations-audit.jsonl");
        File.Exists(path).Should().BeTrue("the audit log is beside the backups, in the project's folder");
        return File.ReadAllLines(path).Where(l => l.Contains(marker, StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public void Each_command_appends_one_line_with_its_outcome_and_never_the_password()
    {
        var db = sample.Copy.NewDatabase("audited") + $";Password={Secret}";

        var up = sample.Copy.Migrate("current", "--no-build", "--connection", db);
        var bad = sample.Copy.Migrate("upgrade", "NoSuchMigration", "--no-build", "--connection", db);
        var usage = sample.Copy.Migrate("upgrade", "--no-build", "--connection", db, "--bogus");

        up.ExitCode.Should().Be(0, up.ToString());
        bad.ExitCode.Should().Be(2);
        usage.ExitCode.Should().Be(2);
        var lines = Lines("audited.db");
        lines.Should().HaveCount(3);
        lines.Select(l => l.GetProperty("outcome").GetString()).Should().Equal("success", "usage", "usage");
        lines.Select(l => l.GetProperty("command").GetString()).Should().Equal("current", "upgrade", "upgrade");
        lines.Should().OnlyContain(l => l.GetProperty("user").GetString()!.Length > 0
            && l.GetProperty("machine").GetString()!.Length > 0 && l.GetProperty("durationSeconds").GetDouble() > 0);
        lines[1].GetProperty("error").GetString().Should().Contain("No migration matches 'NoSuchMigration'");
        lines[2].GetProperty("error").GetString().Should().Contain("--bogus");
        lines[0].GetProperty("arguments").EnumerateArray().Select(a => a.GetString()).Should()
            .Contain(a => a!.Contains("Password=***", StringComparison.OrdinalIgnoreCase));
        File.ReadAllText(Path.Combine(sample.Copy.Directory, "migrations-audit.jsonl")).Should().NotContain(Secret);
    }

    [Fact]
    public void A_database_failure_is_logged_with_its_error()
    {
        var missing = "Data Source=" + Path.Combine(sample.Copy.Directory, "no-such-folder", "unreachable.db");

        var run = sample.Copy.Migrate("upgrade", "--no-build", "--connection", missing);

        run.ExitCode.Should().Be(3, run.ToString());
        var line = Lines("unreachable.db").Should().ContainSingle().Subject;
        line.GetProperty("outcome").GetString().Should().Be("database");
        line.GetProperty("exitCode").GetInt32().Should().Be(3);
        line.GetProperty("error").GetString().Should().Contain("database");
    }
}
