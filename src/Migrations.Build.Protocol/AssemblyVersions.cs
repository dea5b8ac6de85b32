using System.Reflection;

namespace Migrations.Build.Protocol;

/// <summary>An assembly's version as people read it: its informational version without the commit suffix (+sha).</summary>
public static class AssemblyVersions
{
    public static string Of(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString() ?? "0";
}
