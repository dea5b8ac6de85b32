using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// The context is found as EF Core's design-time tools find it. The sample has a design-time
/// factory (covered everywhere else); here the app configures it through its host instead.
/// </summary>
public sealed class ContextDiscoveryTests : IDisposable
{
    private readonly SampleCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void A_context_registered_in_the_apps_host_is_used_with_the_hosts_configuration()
    {
        _copy.RegisterContextInHost();

        var run = _copy.Migrate("upgrade", "--environment", "Staging", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Json().GetProperty("database").GetProperty("connection").GetString().Should().Be("Data Source=host-staging.db");
        File.Exists(Path.Combine(_copy.Directory, "host-staging.db")).Should().BeTrue("the engine runs in the startup project's folder");
        SqliteFile.AppliedMigrations(Path.Combine(_copy.Directory, "host-staging.db")).Should().HaveCount(2);
    }

    [Fact]
    public void EF_Core_Design_is_found_even_when_the_apps_deps_json_lacks_it()
    {
        _copy.Edit("Library.csproj", "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />",
            "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" PrivateAssets=\"all\" ExcludeAssets=\"runtime\" />");

        var run = _copy.Migrate("check", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllText(Path.Combine(_copy.Directory, "bin", "Debug", "net10.0", "Library.deps.json"))
            .Should().NotContain("Microsoft.EntityFrameworkCore.Design", "this is the case under test");
        run.Json().GetProperty("drift").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void A_class_library_with_a_design_time_factory_is_its_own_startup_project()
    {
        _copy.Edit("Library.csproj", "<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType>");
        File.Delete(Path.Combine(_copy.Directory, "Program.cs"));
        var db = _copy.NewDatabase("library-project");

        var run = _copy.Migrate("upgrade", "--connection", db, "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        SqliteFile.AppliedMigrations(_copy.DatabasePath(db)).Should().HaveCount(2);
    }
}
