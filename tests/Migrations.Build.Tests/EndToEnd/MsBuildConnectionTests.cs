using System.Security;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// MigrationsConnection reaches the engine exactly, from the project file and from <c>-p:</c> with the
/// escapes docs/msbuild.md gives, and nothing said about a malformed password reaches the build log.
/// A real MSBuild runs the real task (as the tests built it) on a stand-in app whose "dotnet" is a
/// script: it records the connection the engine is given and prints what a driver says of it. No
/// package, no app build: seconds, where the packed-package tests take minutes.
/// </summary>
public sealed class MsBuildConnectionTests : IDisposable
{
    // ; " ' space and %: what MSBuild splits on, strips or unescapes.
    private const string Connection = "Host=db;Password=\"p;a\"\"s's w%rd\";Database=shop";

    private readonly string _folder = Directory.CreateTempSubdirectory("msbuild-connection-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_password_with_every_special_character_arrives_exactly()
    {
        var fromProject = Build(property: Connection.Replace("%", "%25", StringComparison.Ordinal));
        fromProject.ExitCode.Should().Be(0, fromProject.ToString());
        Received().Should().Be(Connection, "a property in the project file only needs % written %25");

        var escaped = Connection.Replace("%", "%25", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("\"", "%22", StringComparison.Ordinal);
        var fromCommandLine = Build(property: null, "-p:MigrationsConnection=" + escaped);
        fromCommandLine.ExitCode.Should().Be(0, fromCommandLine.ToString());
        Received().Should().Be(Connection, "on the command line ; \" and % are written %3B %22 %25");
    }

    [Fact]
    public void What_a_driver_echoes_of_a_malformed_password_stays_out_of_the_build_log()
    {
        const string malformed = "Host=db;Password=p@ss;wordSECRET=1";
        var engineSays = """{"type":"failure","exitCode":3,"code":"MIG905","message":"The database failed: """
            + """Couldn't set wordsecret (Parameter 'wordsecret')"}""";

        // From the environment (MSBuild logs a property's value at high verbosity; a variable it never logs).
        var run = Build(property: null, ["-v:d"], new() { ["MIGRATIONS_CONNECTION"] = malformed },
            $"echo '{engineSays.Replace("'", "'\\''", StringComparison.Ordinal)}'; echo \"fail: Couldn't set wordsecret, p@ss;wordSECRET=1\" >&2; exit 3");

        run.ExitCode.Should().NotBe(0);
        run.All.Should().Contain("MIG905").And.Contain("Couldn't set ***");
        run.All.Should().NotContainEquivalentOf("wordsecret").And.NotContain("p@ss");
    }

    private string Received() => File.ReadAllText(Path.Combine(_folder, "received.txt"));

    /// <summary>Runs MigrationsUpgrade with the connection from <paramref name="property"/> (written into the project) or the arguments.</summary>
    private ProcessResult Build(string? property, params string[] args) => Build(property, args, new(), "exit 0");

    private ProcessResult Build(string? property, string[] args, Dictionary<string, string?> environment, string engine)
    {
        var tasks = Path.Combine(Repo.Root, "src", "Migrations.Build.Tasks", "bin", Repo.Configuration, "net8.0", "Migrations.Build.Tasks.dll");
        Directory.CreateDirectory(Path.Combine(_folder, "engine", "ef10"));
        File.WriteAllText(Path.Combine(_folder, "engine", "ef10", "Migrations.Build.Engine.dll"), string.Empty);
        File.WriteAllText(Path.Combine(_folder, "App.deps.json"),
            """{"libraries":{"Microsoft.EntityFrameworkCore/10.0.0":{},"Microsoft.EntityFrameworkCore.Design/10.0.0":{}}}""");
        var fake = Path.Combine(_folder, "fake-dotnet");
        File.WriteAllText(fake, $"#!/bin/sh\nprintf '%s' \"$MIGRATIONS_ENGINE_CONNECTION\" > \"$(dirname \"$0\")/received.txt\"\n{engine}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(Path.Combine(_folder, "app.proj"), $"""
            <Project>
              <UsingTask TaskName="Migrations.Build.Tasks.MigrationsUpgrade" AssemblyFile="{tasks}" />
              <PropertyGroup Condition="'$(MigrationsConnection)' == ''">
                <MigrationsConnection>{SecurityElement.Escape(property)}</MigrationsConnection>
              </PropertyGroup>
              <ItemGroup>
                <App Include="{_folder}/App.dll" EngineDirectory="{_folder}/engine/" DepsFile="{_folder}/App.deps.json"
                     RuntimeConfig="{_folder}/App.runtimeconfig.json" ProjectDir="{_folder}" ProjectFile="{_folder}/app.proj" />
              </ItemGroup>
              <Target Name="Up">
                <MigrationsUpgrade App="@(App)" Connection="$(MigrationsConnection)" ToolPath="{_folder}" ToolExe="fake-dotnet" />
              </Target>
            </Project>
            """);
        return ProcessResult.Run("dotnet", ["msbuild", "app.proj", "-t:Up", "-nologo", "-nodeReuse:false", .. args], _folder, environment);
    }
}
