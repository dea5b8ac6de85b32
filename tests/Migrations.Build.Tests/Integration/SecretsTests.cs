using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// A password in the connection string goes through every command that touches the database, and
/// appears in no output, no audit line and no backup. (The test server trusts loopback, so the
/// password is accepted and every command really runs.)
/// </summary>
public sealed class SecretsTests(LivePostgresSample sample, PostgresServer server) : IClassFixture<LivePostgresSample>
{
    private const string Secret = "Sup3r-s3cret-pw";

    [Fact]
    public void The_password_appears_nowhere_across_every_command()
    {
        server.RequireOrSkip();
        var db = server.DatabaseConnection("secrets_" + Guid.NewGuid().ToString("N")[..10]) + $";Password={Secret}";
        var backups = Path.Combine(sample.Copy.Directory, "secret-backups-" + Guid.NewGuid().ToString("N")[..6]);
        var runs = new List<ProcessResult>();
        ProcessResult Run(params string[] args)
        {
            var run = sample.Copy.Migrate([.. args, "--no-build", "--connection", db, "--verbose"]);
            runs.Add(run);
            return run;
        }

        Run("upgrade", "InitialCreate").ExitCode.Should().Be(0, runs[^1].ToString());
        Run("upgrade", "--sql");
        Run("upgrade").ExitCode.Should().Be(0);
        Run("current", "--json");
        Run("history");
        Run("check", "--json");
        Run("lint");
        Run("validate", "base", "--json");
        Run("prod-check", "--backup-dir", backups, "--json");
        Run("backup", "--backup-dir", backups).ExitCode.Should().Be(0, runs[^1].ToString());
        Run("rollback", "-1", "--force", "--backup-dir", backups).ExitCode.Should().Be(0, runs[^1].ToString());
        Run("upgrade");
        var backup = Directory.GetFiles(backups, "backup_*.json").Single();
        Run("restore", backup, "--tables", "Members").ExitCode.Should().Be(0, runs[^1].ToString());
        Run("stamp", "head");
        Run("downgrade", "NoSuchMigration");
        Run("test", "--allow-existing");

        runs.Should().OnlyContain(r => !r.All.Contains(Secret, StringComparison.Ordinal), "no command prints the password");
        runs.Should().Contain(r => r.All.Contains("password=***", StringComparison.OrdinalIgnoreCase), "the masked form is shown");
        foreach (var file in Directory.GetFiles(backups).Append(Path.Combine(sample.Copy.Directory, "migrations-audit.jsonl")))
        {
            File.ReadAllText(file).Should().NotContain(Secret, Path.GetFileName(file));
        }
    }
}
