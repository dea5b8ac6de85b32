using System.Reflection;
using Migrations.Build.Tool.Cli;

namespace Migrations.Build.Tool.Bundling;

/// <summary>
/// The entry point of a migration bundle (its generated Program calls <see cref="Run"/>). One
/// executable plays both parts the tool and the engine play apart: run by a person it is the
/// command line; run by itself with <see cref="EngineRole"/> first it is the engine, inside the
/// app's dependency context the bundle was published with.
/// </summary>
public static class BundleHost
{
    /// <summary>The first argument of a bundle started as its own engine.</summary>
    public const string EngineRole = "--migrations-bundle-engine";

    public static int Run(string[] args)
    {
        if (args is [EngineRole, .. var request])
        {
            var engine = Assembly.Load("Migrations.Build.Engine").EntryPoint!;
            return (int)engine.Invoke(null, [request])!;
        }

        BundleManifest.Current = BundleManifest.ReadFrom(Assembly.GetEntryAssembly()!)
            ?? throw new InvalidOperationException($"This bundle holds no {BundleManifest.ResourceName}: make it again with dotnet migrate bundle.");
        return MigrateCli.Run(args);
    }
}
