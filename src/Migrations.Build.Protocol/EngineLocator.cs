namespace Migrations.Build.Protocol;

/// <summary>A reason the engine can't be launched for an app: its code, the cause, what to do, the exit code.</summary>
public sealed class LaunchException(string code, string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public string Code { get; } = code;

    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// Picks the engine for an app: one engine is built per supported EF Core major (engine/ef8,
/// engine/ef9, engine/ef10), each against that major's x.0.0, and the app's deps.json says which
/// EF Core it resolved. The Design package must come from the app at the same major, as dotnet ef
/// requires; when it doesn't, the message gives the exact command that adds it.
/// </summary>
public static class EngineLocator
{
    public static readonly IReadOnlyList<int> SupportedMajors = [8, 9, 10];

    private const string EFCore = "Microsoft.EntityFrameworkCore";
    private const string Design = "Microsoft.EntityFrameworkCore.Design";

    /// <summary>The engine dll under <paramref name="engineRoot"/> for the app, or a <see cref="LaunchException"/>.</summary>
    /// <param name="designAssemblies">Design assemblies found outside the deps.json (e.g. with runtime assets excluded).</param>
    public static string Locate(string engineRoot, string depsFile, string projectName, IEnumerable<string> designAssemblies)
    {
        var app = AppPackages.Read(depsFile);
        var efCore = app.Version(EFCore) ?? throw new LaunchException(
            SetupCodes.EFCoreNotSupported,
            $"{projectName} doesn't use EF Core ({Path.GetFileName(depsFile)} lists no {EFCore}).\n"
            + "Add the package to the project that holds your DbContext, or point the migrations at that project (--project, or the package on that project).");
        if (!SupportedMajors.Contains(efCore.Major))
        {
            throw new LaunchException(
                SetupCodes.EFCoreNotSupported,
                $"{projectName} uses EF Core {efCore}, which this version of Migrations.Build doesn't support "
                + $"(it supports EF Core {string.Join(", ", SupportedMajors.Select(m => m + ".0.x"))}).\n"
                + $"Move the app to a supported EF Core, e.g. dotnet add package {EFCore} --version {SupportedMajors[^1]}.0.0 (and its provider), "
                + $"or use a Migrations.Build version that supports EF Core {efCore.Major}.");
        }

        var design = app.Version(Design);
        var designOutside = designAssemblies.Any(p => Path.GetFileName(p).Equals(Design + ".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(p));
        if (design is null && !designOutside)
        {
            throw new LaunchException(
                SetupCodes.DesignMissing,
                $"{projectName} doesn't reference {Design}, which migrations need to load the app at design time (as dotnet ef does).\n"
                + $"Add it at the app's EF Core version: dotnet add package {Design} --version {efCore}");
        }

        if (design is not null && design.Major != efCore.Major)
        {
            throw new LaunchException(
                SetupCodes.DesignMissing,
                $"{projectName} references {Design} {design} with EF Core {efCore}: design-time code must match the app's EF Core major.\n"
                + $"Use the app's version: dotnet add package {Design} --version {efCore}");
        }

        var engine = Path.Combine(engineRoot, "ef" + efCore.Major, EngineLaunch.EngineFileName);
        return File.Exists(engine)
            ? engine
            : throw new LaunchException(
                SetupCodes.EngineNotStarted,
                $"The engine for EF Core {efCore.Major} is missing at {engine}.\n"
                    + "Reinstall Migrations.Build (or the dotnet migrate tool) at one version, then rebuild.");
    }
}
