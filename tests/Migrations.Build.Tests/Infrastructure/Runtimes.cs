using System.Text.RegularExpressions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// The .NET runtimes a net8.0 or net9.0 test app runs on. Where only the .NET 10 SDK is installed,
/// eng/install-runtimes.sh adds them from NuGet's runtime packs (CI runs it first); the first test
/// that needs one runs it too, and skips with the script's words when it can't.
/// </summary>
internal static class Runtimes
{
    private static readonly Lazy<string?> Installed = new(() =>
    {
        var script = ProcessResult.Run("bash", [Path.Combine(Repo.Root, "eng", "install-runtimes.sh")], Repo.Root);
        return script.ExitCode == 0 ? null : script.All.Trim();
    });

    /// <summary>Skips the calling test when the framework's runtime is missing and can't be installed.</summary>
    public static void RequireFor(string framework)
    {
        var major = Regex.Match(framework, @"^net(\d+)\.").Groups[1].Value;
        if (Has(major) || (Installed.Value is null && Has(major)))
        {
            return;
        }

        Assert.Skip($"A {framework} app needs the .NET {major} runtime, which isn't installed and eng/install-runtimes.sh could not add: "
            + $"{Installed.Value ?? "it ran, but the runtime is still missing"}");
    }

    private static bool Has(string major)
        => ProcessResult.Run("dotnet", ["--list-runtimes"], Repo.Root).Stdout
            .Split('\n').Any(l => l.StartsWith($"Microsoft.NETCore.App {major}.", StringComparison.Ordinal));
}
