namespace Migrations.Build.Protocol;

/// <summary>
/// Codes for what stops the engine from doing its work at all (docs/rules/MIG9xx.md), one per cause,
/// so a build's error can be searched, suppressed where it is a warning, and understood without -v:d.
/// </summary>
public static class SetupCodes
{
    /// <summary>The engine could not start or load in the app's runtime.</summary>
    public const string EngineNotStarted = "MIG901";

    /// <summary>The app resolves an EF Core major this version doesn't support, or no EF Core at all.</summary>
    public const string EFCoreNotSupported = "MIG902";

    /// <summary>The app doesn't reference Microsoft.EntityFrameworkCore.Design (or at another major).</summary>
    public const string DesignMissing = "MIG903";

    /// <summary>No DbContext could be found or created.</summary>
    public const string ContextNotCreated = "MIG904";

    /// <summary>The database could not be reached or didn't answer in time.</summary>
    public const string DatabaseUnreachable = "MIG905";

    /// <summary>Anything else that stopped the command (bad input, a file it could not use, an unexpected error).</summary>
    public const string EngineFailed = "MIG906";

    public static readonly IReadOnlyList<string> All =
        [EngineNotStarted, EFCoreNotSupported, DesignMissing, ContextNotCreated, DatabaseUnreachable, EngineFailed];

    /// <summary>A setup failure as the tool prints it, its code first as the build's diagnostic has it.</summary>
    public static string Message(string code, string message) => $"{code}: {message}";
}
