using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Projects;

/// <summary>Builds the startup project before a command, as <c>dotnet ef</c> does unless --no-build.</summary>
internal static class ProjectBuilder
{
    /// <param name="sourceDirs">
    /// The projects' folders: when the build fails, their sources (and those of the projects they reference) are read for
    /// what a merge left (MIG015, MIG016).
    /// </param>
    public static void Build(string projectPath, string configuration, string? framework, Action<string> verbose, params string[] sourceDirs)
    {
        // The tool checks for itself; the Migrations.Build package's gate would stop the build on what it is asked to report.
        var args = new List<string> { "build", projectPath, "-nologo", "-v:q", "-c", configuration, "-p:MigrationsCheckOnBuild=false",
            "-p:GenerateRuntimeConfigurationFiles=true" }; // a class library runs the engine as its own app
        if (framework is not null)
        {
            args.AddRange(["-f", framework]);
        }

        var output = new List<string>();
        void Collect(string line)
        {
            output.Add(line);
            verbose(line);
        }

        var exitCode = ProcessRunner.Run(ProcessRunner.DotnetHost(), args, Path.GetDirectoryName(projectPath), Collect, Collect);
        if (exitCode != 0)
        {
            var errors = ErrorLines(output);
            var merged = Protocol.MigrationSourceScan.Scan(sourceDirs.SelectMany(Protocol.ProjectTree.Sources).Distinct(StringComparer.Ordinal));
            if (merged.Count > 0)
            {
                // The compiler's errors don't say why; these do, and they are findings of the check, not bad input.
                throw new ToolException(
                    $"The build of {Path.GetFileName(projectPath)} failed on what a merge left in the migrations:\n  "
                    + string.Join("\n  ", merged.Select(f => $"{f.File}({f.Line}): error {f.Code}: {f.Message}"))
                    + (errors.Count > 0 ? "\nThe compiler said:\n  " + string.Join("\n  ", errors) : string.Empty),
                    Protocol.ExitCodes.Findings);
            }

            throw new ToolException(
                $"The build of {Path.GetFileName(projectPath)} failed:\n  {FailureLines(output)}\n"
                + "Fix the errors above, or pass --no-build to use the last successful build.");
        }
    }

    /// <summary>A failed build's error lines, or without any its last lines, one per line of a message.</summary>
    internal static string FailureLines(IReadOnlyList<string> output)
        => string.Join("\n  ", ErrorLines(output) is { Count: > 0 } errors ? errors : output.TakeLast(20));

    private static List<string> ErrorLines(IEnumerable<string> output)
        => output.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().Take(20).ToList();
}
