using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Bundling;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary>
/// <c>bundle</c>: one executable that migrates the app's databases where the SDK and the source are
/// not (a deploy pipeline, a container), as <c>dotnet ef migrations bundle</c> makes efbundle. The
/// engine reads what the app holds (<see cref="EngineVerbs.Contents"/>), then the bundle is published.
/// </summary>
internal sealed class BundleCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Option<string?> OutputFile = CommonOptions.NotEmpty(new("--output", "-o")
    {
        Description = "The bundle's file. Default: migrate (migrate.exe for a Windows runtime) in the current folder.",
    });

    private static readonly Option<bool> SelfContained = new("--self-contained")
    {
        Description = "Carry the .NET runtime, so the bundle runs where none is installed. Default: it needs the app's .NET runtime.",
    };

    private static readonly Option<string?> Runtime = CommonOptions.NotEmpty(new("--runtime", "-r")
    {
        Description = "The runtime to build for (linux-x64, linux-musl-x64, win-x64, osx-arm64...). Default: this machine's.",
    });

    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Overwrite the bundle's file when it exists.",
    };

    public static Command Create()
    {
        var command = new Command("bundle", "Build a migration bundle: one executable holding the engine, the app's compiled migrations and what they need. "
            + "It runs upgrade, downgrade, current, history, validate, stamp, backup, list-backups, show-backup, rollback, restore, prune-backups "
            + "and prod-check with their options, without the .NET SDK or the source: copy it beside the deployed app or into a deploy image. "
            + "Its --help lists what it holds.");
        foreach (var option in new Option[]
        {
            OutputFile, SelfContained, Runtime, Force, CommonOptions.Project, CommonOptions.StartupProject, CommonOptions.Configuration,
            CommonOptions.Framework, CommonOptions.NoBuild, CommonOptions.Json, CommonOptions.Verbose,
        })
        {
            command.Options.Add(option);
        }

        command.SetAction(p => new BundleCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Contents;

    private string RuntimeId => Parse.GetValue(Runtime) ?? PortableRuntime();

    /// <summary>
    /// This machine's runtime as the SDK names it (linux-x64, linux-musl-arm64, osx-arm64, win-x64):
    /// a distribution's own .NET reports its own name (ubuntu.24.04-x64), which publish refuses.
    /// </summary>
    private static string PortableRuntime()
    {
        var os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal) || System.IO.File.Exists("/etc/alpine-release") ? "linux-musl"
            : "linux";
        return $"{os}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
    }

    private string File
        => Path.GetFullPath(Parse.GetValue(OutputFile) ?? BundleProject.ExecutableName("migrate", RuntimeId));

    protected override void Validate()
    {
        if (System.IO.File.Exists(File) && !Parse.GetValue(Force))
        {
            throw new ToolException($"{File} exists. Pass --force to overwrite it, or -o to write the bundle elsewhere.");
        }

        if (Directory.Exists(File))
        {
            throw new ToolException($"{File} is a folder: give -o the bundle's file, e.g. -o {Path.Combine(File, "migrate")}.");
        }
    }

    protected override JsonElement Finish(JsonElement result)
    {
        var contents = Read<ContentsResult>(result);
        var (project, startup) = Projects!.Value;
        var app = AppPackages.Read(startup.DepsFile);
        var efCore = app.Version("Microsoft.EntityFrameworkCore")!;
        var manifest = new BundleManifest
        {
            App = startup.Name,
            Assembly = Path.GetFileName(project.TargetPath),
            StartupAssembly = Path.GetFileName(startup.TargetPath),
            RootNamespace = project.RootNamespace,
            TargetFramework = startup.Properties.GetValueOrDefault("TargetFramework") ?? string.Empty,
            EFCore = contents.EFCore,
            Contexts = contents.Contexts,
            Version = AssemblyVersions.Of(typeof(BundleCommand).Assembly),
            Built = DateTimeOffset.UtcNow,
        };
        var selfContained = Parse.GetValue(SelfContained);
        Out.Info($"Building the bundle for {manifest.App} ({RuntimeId}, {(selfContained ? "self-contained" : "needs the .NET runtime")})...");
        BundleProject.Publish(
            new BundleSpec(
                new[] { project.ProjectPath, startup.ProjectPath }.Distinct(StringComparer.Ordinal).ToList(),
                Path.Combine(startup.ProjectDir, startup.Properties.GetValueOrDefault("BaseIntermediateOutputPath") is { Length: > 0 } obj ? obj : "obj"),
                manifest.TargetFramework,
                (app.Version("Microsoft.EntityFrameworkCore.Design") ?? efCore).ToString(), efCore.Major, RuntimeId, selfContained,
                Parse.GetValue(CommonOptions.Configuration)!, manifest, File),
            Out.Verbose);
        return JsonSerializer.SerializeToElement(
            new BundleResult
            {
                File = File, Bytes = new FileInfo(File).Length, Runtime = RuntimeId, SelfContained = selfContained,
                App = manifest.App, EFCore = manifest.EFCore, Contexts = manifest.Contexts,
            },
            ProtocolJson.Documents);
    }

    protected override void Render(JsonElement result)
    {
        var bundle = Read<BundleResult>(result);
        var contexts = bundle.Contexts.Select(c => $"{c.Name} with {c.Migrations.Count} migration{(c.Migrations.Count == 1 ? string.Empty : "s")}");
        var kind = bundle.SelfContained ? ", self-contained" : string.Empty;
        Out.Result.WriteLine($"Built {bundle.File} ({Sizes.Human(bundle.Bytes)}, {bundle.Runtime}{kind}): "
            + $"{bundle.App} on EF Core {bundle.EFCore}, {string.Join(", ", contexts)}.");
        Out.Result.WriteLine($"Run it where the app is deployed: {Path.GetFileName(bundle.File)} upgrade (--help lists its commands).");
    }
}
