using FluentAssertions;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tests.Unit;

/// <summary>The engine is picked by the EF Core major the app's deps.json resolved; what can't run is a coded reason.</summary>
public sealed class EngineLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "locator-" + Guid.NewGuid().ToString("N")[..8]);

    public EngineLocatorTests()
    {
        foreach (var major in EngineLocator.SupportedMajors)
        {
            Directory.CreateDirectory(Path.Combine(_root, "engine", "ef" + major));
            File.WriteAllText(Path.Combine(_root, "engine", "ef" + major, EngineLaunch.EngineFileName), string.Empty);
        }
    }

    [Theory]
    [InlineData("8.0.30", "ef8")]
    [InlineData("8.0.0", "ef8")]
    [InlineData("9.0.23", "ef9")]
    [InlineData("10.0.0", "ef10")]
    [InlineData("10.0.15", "ef10")]
    public void Each_major_at_any_patch_gets_its_own_engine(string efCore, string folder)
        => Locate(Deps(("Microsoft.EntityFrameworkCore", efCore), ("Microsoft.EntityFrameworkCore.Design", efCore)))
            .Should().Be(Path.Combine(_root, "engine", folder, EngineLaunch.EngineFileName));

    [Fact]
    public void A_missing_Design_package_gives_the_command_at_the_apps_version()
    {
        var e = Refused(Deps(("Microsoft.EntityFrameworkCore", "9.0.23"), ("Microsoft.EntityFrameworkCore.Sqlite", "9.0.23")));
        e.Code.Should().Be(SetupCodes.DesignMissing);
        e.Message.Should().Contain("dotnet add package Microsoft.EntityFrameworkCore.Design --version 9.0.23");
    }

    [Fact]
    public void Design_found_outside_the_deps_file_is_enough()
    {
        var design = Path.Combine(_root, "Microsoft.EntityFrameworkCore.Design.dll");
        File.WriteAllText(design, string.Empty);
        EngineLocator.Locate(Path.Combine(_root, "engine"), Deps(("Microsoft.EntityFrameworkCore", "10.0.1")), "App", [design])
            .Should().EndWith(Path.Combine("ef10", EngineLaunch.EngineFileName));
    }

    [Fact]
    public void Design_at_another_major_than_EF_Core_is_refused()
        => Refused(Deps(("Microsoft.EntityFrameworkCore", "9.0.0"), ("Microsoft.EntityFrameworkCore.Design", "10.0.0")))
            .Code.Should().Be(SetupCodes.DesignMissing);

    [Theory]
    [InlineData("7.0.8")]
    [InlineData("11.0.0")]
    public void An_unsupported_major_names_the_supported_ones(string efCore)
    {
        var e = Refused(Deps(("Microsoft.EntityFrameworkCore", efCore), ("Microsoft.EntityFrameworkCore.Design", efCore)));
        e.Code.Should().Be(SetupCodes.EFCoreNotSupported);
        e.Message.Should().Contain($"EF Core {efCore}").And.Contain("8.0.x, 9.0.x, 10.0.x");
    }

    [Fact]
    public void An_app_without_EF_Core_is_told_so()
        => Refused(Deps(("Newtonsoft.Json", "13.0.3"))).Code.Should().Be(SetupCodes.EFCoreNotSupported);

    [Fact]
    public void A_missing_or_broken_deps_file_is_a_start_failure()
    {
        Refused(Path.Combine(_root, "nope.deps.json")).Code.Should().Be(SetupCodes.EngineNotStarted);
        var broken = Path.Combine(_root, "broken.deps.json");
        File.WriteAllText(broken, "{ not json");
        Refused(broken).Code.Should().Be(SetupCodes.EngineNotStarted);
    }

    [Fact]
    public void A_missing_engine_says_to_reinstall()
    {
        Directory.Delete(Path.Combine(_root, "engine", "ef9"), recursive: true);
        var e = Refused(Deps(("Microsoft.EntityFrameworkCore", "9.0.0"), ("Microsoft.EntityFrameworkCore.Design", "9.0.0")));
        e.Code.Should().Be(SetupCodes.EngineNotStarted);
        e.Message.Should().Contain("Reinstall");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Locate(string deps) => EngineLocator.Locate(Path.Combine(_root, "engine"), deps, "App", []);

    private LaunchException Refused(string deps)
    {
        var act = () => Locate(deps);
        return act.Should().Throw<LaunchException>().Which;
    }

    private string Deps(params (string Name, string Version)[] packages)
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N")[..8] + ".deps.json");
        var libraries = string.Join(",", packages.Select(p => $"\"{p.Name}/{p.Version}\": {{ \"type\": \"package\" }}"));
        File.WriteAllText(path,
            $$"""{ "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" }, "libraries": { "App/1.0.0": { "type": "project" }, {{libraries}} } }""");
        return path;
    }
}
