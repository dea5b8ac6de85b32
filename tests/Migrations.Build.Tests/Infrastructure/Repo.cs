using System.Reflection;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>Where the repository's parts are, as recorded when the tests were built.</summary>
internal static class Repo
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string ToolDll { get; } = Path.Combine(Root, "src", "Migrations.Build.Tool", "bin", Configuration, "net8.0", "Migrations.Build.Tool.dll");

    public static string Sample { get; } = Path.Combine(Root, "samples", "Library");

    private static string Metadata(string key)
        => typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
