using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Every command's <c>--help</c> against its committed snapshot (tests/Migrations.Build.Tests/Snapshots/help):
/// a changed option, default or description shows up in review. MIGRATIONS_UPDATE_SNAPSHOTS=1 rewrites them.
/// </summary>
public class HelpSnapshotTests
{
    public static readonly TheoryData<string> Commands =
    [
        "", "upgrade", "downgrade", "current", "history", "revision", "rebase", "squash", "check", "lint", "lock", "validate", "stamp", "backup",
        "list-backups", "show-backup", "restore", "rollback", "prune-backups", "reset-dev", "test", "prod-check", "bundle",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_matches_its_snapshot(string command)
    {
        var run = ProcessResult.Run("dotnet", [Repo.ToolDll, .. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"], Path.GetTempPath(),
            new Dictionary<string, string?> { ["COLUMNS"] = "120" });

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("dotnet migrate ").And.NotContain("dotnet-migrate");
        var options = run.Stdout.Split('\n').Select(l => l.TrimStart()).Where(l => l.StartsWith("--", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0]).ToList();
        options.Should().OnlyHaveUniqueItems("each option is listed once");

        var file = Path.Combine(Repo.Root, "tests", "Migrations.Build.Tests", "Snapshots", "help", (command.Length == 0 ? "root" : command) + ".txt");
        if (Environment.GetEnvironmentVariable("MIGRATIONS_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, run.Stdout);
        }

        File.Exists(file).Should().BeTrue($"{file} is the snapshot (MIGRATIONS_UPDATE_SNAPSHOTS=1 writes it)");
        run.Stdout.Should().Be(File.ReadAllText(file), "the help changed: review it and update the snapshot with MIGRATIONS_UPDATE_SNAPSHOTS=1");
    }
}
