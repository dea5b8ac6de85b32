using System.Security;
using Migrations.Build.Tool.Projects;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Bundling;

/// <summary>What a bundle is made from and where it goes.</summary>
internal sealed record BundleSpec(
    IReadOnlyList<string> Projects, string IntermediateDir, string TargetFramework, string DesignVersion, int EFCoreMajor,
    string Runtime, bool SelfContained, string Configuration, BundleManifest Manifest, string Output);

/// <summary>
/// Makes a bundle as EF Core makes efbundle: a project that references the app's projects, EF Core's
/// Design package at the app's version and our tool and engine, published as one file. Every file
/// is extracted when it first runs, so the engine loads the app's assemblies by path as it does
/// beside a build. The project lives in the startup project's obj/ (its BaseIntermediateOutputPath), so restore reads the app's
/// NuGet.Config and global.json as they are; it imports none of the repository's Directory.Build
/// or Directory.Packages files, which are the app's, not the bundle's.
/// </summary>
internal static class BundleProject
{
    private const string AssemblyName = "MigrationsBundle";

    public static void Publish(BundleSpec spec, Action<string> verbose)
    {
        // Under the app's obj/ (as the app's build evaluates it), which its own items never include; one per runtime and kind.
        var folder = Path.Combine(spec.IntermediateDir, $"migrate-bundle-{spec.Runtime}{(spec.SelfContained ? "-sc" : string.Empty)}");
        Directory.CreateDirectory(folder);
        var project = Path.Combine(folder, AssemblyName + ".csproj");
        File.WriteAllText(project, ProjectFile(spec));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), "return Migrations.Build.Tool.Bundling.BundleHost.Run(args);\n");
        File.WriteAllText(Path.Combine(folder, "bundle.json"), spec.Manifest.ToJson());

        var published = Path.Combine(folder, "publish");
        if (Directory.Exists(published))
        {
            Directory.Delete(published, recursive: true);
        }

        var output = new List<string>();
        void Collect(string line)
        {
            output.Add(line);
            verbose(line);
        }

        // The app's own gate doesn't run inside a bundle's build: the bundle carries what the app built.
        var exitCode = ProcessRunner.Run(ProcessRunner.DotnetHost(),
            ["publish", project, "-nologo", "-v:q", "-c", spec.Configuration, "-o", published,
             "-p:MigrationsCheckOnBuild=false", "-p:MigrationsCheckOnPublish=false"],
            folder, Collect, Collect);
        if (exitCode != 0)
        {
            throw new ToolException($"The bundle's publish failed:\n  {ProjectBuilder.FailureLines(output)}\n"
                + "Fix the errors above (run with -v to see the whole publish).");
        }

        var built = Path.Combine(published, ExecutableName(AssemblyName, spec.Runtime));
        Directory.CreateDirectory(Path.GetDirectoryName(spec.Output)!);
        File.Move(built, spec.Output, overwrite: true);
    }

    /// <summary>An executable's file name on <paramref name="runtime"/>: .exe on Windows.</summary>
    public static string ExecutableName(string name, string runtime)
        => runtime.StartsWith("win", StringComparison.OrdinalIgnoreCase) ? name + ".exe" : name;

    private static string ProjectFile(BundleSpec spec)
    {
        var tool = AppContext.BaseDirectory;
        var engine = Path.Combine(EngineRunner.EngineRoot, "ef" + spec.EFCoreMajor, "Migrations.Build.Engine.dll");
        var references = Directory.GetFiles(tool, "*.dll").Append(engine)
            .Select(dll => $"""    <Reference Include="{Path.GetFileNameWithoutExtension(dll)}" HintPath="{Xml(dll)}" />""");
        var projects = spec.Projects.Select(p => $"""    <ProjectReference Include="{Xml(p)}" />""");
        return $"""
            <Project>
              <!-- Made by dotnet migrate bundle: the app's migrations and our engine, published as one file. -->
              <PropertyGroup>
                <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{Xml(spec.TargetFramework)}</TargetFramework>
                <AssemblyName>{AssemblyName}</AssemblyName>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>disable</Nullable>
                <RuntimeIdentifier>{Xml(spec.Runtime)}</RuntimeIdentifier>
                <SelfContained>{(spec.SelfContained ? "true" : "false")}</SelfContained>
                <PublishSingleFile>true</PublishSingleFile>
                <IncludeAllContentForSelfExtract>true</IncludeAllContentForSelfExtract>
                <!-- A web app is an executable; the bundle loads it as a library. -->
                <ValidateExecutableReferencesMatchSelfContained>false</ValidateExecutableReferencesMatchSelfContained>
                <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
                <DebugType>none</DebugType>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", projects)}
                <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="{Xml(spec.DesignVersion)}" />
            {string.Join("\n", references)}
                <EmbeddedResource Include="bundle.json" LogicalName="{BundleManifest.ResourceName}" />
              </ItemGroup>
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
            </Project>
            """;
    }

    /// <summary>A value as MSBuild reads it back unchanged: its special characters escaped, then XML's.</summary>
    private static string Xml(string value)
        => SecurityElement.Escape(value.Replace("%", "%25").Replace(";", "%3B").Replace("$", "%24").Replace("@", "%40").Replace("'", "%27"))!;
}
