using System.Security.Cryptography;
using System.Text;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks.Fingerprint;

/// <summary>
/// Everything the build gate's check depends on besides the database and the integrity file, as one
/// hash: the <see cref="ModelFingerprint"/> of the app's own assemblies, the other files the app may
/// read while its model is built (<see cref="ModelInputFiles"/>: configuration and data by content, the
/// .deps.json naming every package's version, user secrets), the environment and this package's version.
/// </summary>
internal static class GateFingerprint
{
    /// <param name="assemblies">The app's own assemblies: the project's, the startup project's, the projects they reference.</param>
    /// <param name="outputFolders">Where the app runs from.</param>
    /// <param name="projectDir">The project's folder, where the engine runs.</param>
    /// <param name="startupAssembly">The assembly whose user secrets a host would load.</param>
    /// <param name="last">The last result: what it read of the assemblies is reused while they are the very same files (a no-op build).</param>
    public static Result Compute(IReadOnlyList<string> assemblies, IEnumerable<string> outputFolders, string projectDir,
        string startupAssembly, Result? last = null)
    {
        var files = string.Join("\n", assemblies.Select(a => $"{a}|{ModelInputFiles.Stamp(a)}"));
        var same = last is not null && last.Assemblies == files;
        var model = same ? new ModelFingerprint.Result(last!.Model, last.ModelParts ?? new Dictionary<string, string>())
            : ModelFingerprint.Compute(assemblies, last?.ModelParts);
        var secrets = same ? last!.UserSecretsId : UserSecretsId(startupAssembly);
        var text = new StringBuilder(typeof(GateFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString()).Append('\n');
        text.Append(model.Value).Append('\n');

        foreach (var file in ModelInputFiles.Of(outputFolders, projectDir, projectDir, secrets, assemblies: false))
        {
            text.Append(file).Append('|').Append(ModelInputFiles.Stamp(file)).Append('\n');
        }

        text.Append(EnvironmentFingerprint.Compute());
        return new Result(Hex.Lower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))), files, model.Value, secrets, model.Parts);
    }

    private static string? UserSecretsId(string startupAssembly)
    {
        if (!File.Exists(startupAssembly))
        {
            return null;
        }

        using var startup = new AppAssembly(startupAssembly);
        return startup.AttributeString(ModelInputFiles.UserSecretsAttribute);
    }

    /// <param name="Value">The fingerprint.</param>
    /// <param name="Assemblies">The app's assemblies as files (path, size, time), when <paramref name="Model"/> was computed.</param>
    /// <param name="Model">Their <see cref="ModelFingerprint"/>.</param>
    /// <param name="UserSecretsId">The startup assembly's user secrets id, read with them.</param>
    /// <param name="ModelParts">The model fingerprint's part of each assembly (<see cref="ModelFingerprint.Result.Parts"/>).</param>
    public sealed record Result(string Value, string Assemblies, string Model, string? UserSecretsId = null,
        IReadOnlyDictionary<string, string>? ModelParts = null);
}
