using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>A git repository in an app's folder, for tests that work as a team does: branches, commits, merges.</summary>
public sealed class GitRepo(string directory)
{
    /// <summary>A repository on main holding the folder as it is (builds, databases and the audit log ignored).</summary>
    public void Init()
    {
        File.WriteAllText(Path.Combine(directory, ".gitignore"), "bin/\nobj/\n*.db\nmigrations-audit.jsonl\n");
        Git("init", "-q", "-b", "main");
        Commit("the app");
    }

    /// <summary>A new branch from main, checked out.</summary>
    public void OnNewBranch(string name)
    {
        Git("checkout", "-q", "main");
        Git("checkout", "-q", "-b", name);
    }

    public void Checkout(string branch) => Git("checkout", "-q", branch);

    public void Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

    /// <summary>Merges <paramref name="branch"/> into the branch checked out; false when it left conflicts.</summary>
    public bool TryMerge(string branch)
        => ProcessResult.Run("git", ["merge", "-q", "--no-edit", branch], directory, new Dictionary<string, string?>()).ExitCode == 0;

    /// <summary>
    /// The paths changed in the working tree since they were last staged or committed (a merge stages what it merged):
    /// what a command just wrote.
    /// </summary>
    public IReadOnlyList<string> Changed()
        => Git("diff", "--name-only").Split('\n').Concat(Git("ls-files", "--others", "--exclude-standard").Split('\n'))
            .Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();

    public string Git(params string[] args)
    {
        var run = ProcessResult.Run("git", args, directory, new Dictionary<string, string?>());
        run.ExitCode.Should().Be(0, "git {0}: {1}", string.Join(' ', args), run);
        return run.Stdout;
    }
}
