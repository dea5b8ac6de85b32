using System.Reflection;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// The files, beside the project's C# files, that what a check computes from the code can depend
/// on (<see cref="ModelInputFiles"/>), for this request: the app's output folders, its project folder,
/// the folder the engine runs in and the startup app's user secrets. <see cref="CheckCache"/> keys on them.
/// </summary>
internal static class CheckInputs
{
    public static IEnumerable<string> Of(EngineRequest request, Assembly startup)
    {
        var output = new[] { request.Assembly, request.StartupAssembly }.Select(Path.GetDirectoryName).OfType<string>();
        var secrets = startup.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == ModelInputFiles.UserSecretsAttribute)
            ?.ConstructorArguments
            .Select(a => a.Value).OfType<string>().FirstOrDefault();
        return ModelInputFiles.Of(output, request.ProjectDir, Environment.CurrentDirectory, secrets);
    }
}
