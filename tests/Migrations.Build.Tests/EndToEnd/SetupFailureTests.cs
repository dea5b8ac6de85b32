using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// What stops the engine before it can work gets its own code in the build, at the project file,
/// with the cause and the fix on two lines, and the same cause and fix from the tool with its exit code.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SetupFailureTests(PackedPackages packages)
{
    [Fact]
    public void An_app_without_EF_Core_Design_is_told_the_exact_command_that_adds_it()
    {
        using var field = new FieldApp(packages, EFCoreApp.Sqlite10, "Data Source=blog.db", withDesign: false);

        var build = field.Build();

        field.ResolvedEFCore().Should().NotContainKey("Microsoft.EntityFrameworkCore.Design", "our package brings no EF Core package of its own");
        build.ExitCode.Should().NotBe(0);
        build.Stdout.Should().MatchRegex(@"BlogApp\.csproj : error MIG903: BlogApp doesn't reference Microsoft\.EntityFrameworkCore\.Design")
            .And.Contain("dotnet add package Microsoft.EntityFrameworkCore.Design --version 10.0.15");

        var tool = field.Migrate("check");
        tool.ExitCode.Should().Be(ExitCodes.Usage, tool.ToString());
        tool.Stderr.Should().Contain("MIG903").And.Contain("dotnet add package Microsoft.EntityFrameworkCore.Design --version 10.0.15")
            .And.NotContain("   at ");
    }

    [Fact]
    public void An_EF_Core_major_we_do_not_support_is_named_with_the_ones_we_do()
    {
        using var field = new FieldApp(packages, new EFCoreApp("net10.0", "7.0.8", "relational", "7.0.8"), "unused", withDesign: false);

        var build = field.Build();

        build.ExitCode.Should().NotBe(0);
        build.Stdout.Should().MatchRegex(@"BlogApp\.csproj : error MIG902: BlogApp uses EF Core 7\.0\.8, "
            + @"which this version of Migrations\.Build doesn't support \(it supports EF Core 8\.0\.x, 9\.0\.x, 10\.0\.x\)");
        var tool = field.Migrate("current");
        tool.ExitCode.Should().Be(ExitCodes.Usage, tool.ToString());
        tool.Stderr.Should().Contain("MIG902").And.Contain("EF Core 7.0.8");
    }

    [Fact]
    public void An_engine_that_cannot_start_says_so_with_what_the_runtime_said()
    {
        // RollForward=Disable asks for exactly the framework's x.0.0, which no machine with a patched runtime has.
        using var field = new FieldApp(packages, EFCoreApp.Sqlite10, "Data Source=blog.db",
            extra: "<PropertyGroup><RollForward>Disable</RollForward></PropertyGroup>");

        var build = field.Build();

        build.ExitCode.Should().NotBe(0);
        build.Stdout.Should().MatchRegex(@"BlogApp\.csproj : error MIG901: The migrations engine stopped with exit code \d+ before it could say why; "
            + @"it wrote: You must install or update \.NET to run this application\.")
            .And.NotContain("-v:d");
        var tool = field.Migrate("current");
        tool.ExitCode.Should().Be(ExitCodes.Usage, tool.ToString());
        tool.Stderr.Should().Contain("MIG901").And.Contain("You must install or update .NET");
    }

    [Fact]
    public void A_context_that_cannot_be_created_has_its_own_code_and_the_apps_own_error()
    {
        using var field = new FieldApp(packages, EFCoreApp.Sqlite10, "Data Source=blog.db");
        field.Write("BlogDb.cs", """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Design;

            namespace BlogApp;

            public class BlogDb(DbContextOptions<BlogDb> options) : DbContext(options);

            public class BlogDbFactory : IDesignTimeDbContextFactory<BlogDb>
            {
                public BlogDb CreateDbContext(string[] args) => throw new InvalidOperationException("ConnectionStrings:Blog is not set.");
            }
            """);

        var build = field.Build();

        build.ExitCode.Should().NotBe(0);
        build.Stdout.Should()
            .MatchRegex(@"BlogApp\.csproj : error MIG904: The DbContext could not be created: InvalidOperationException: ConnectionStrings:Blog is not set\.")
            .And.Contain("error MIG904: If another project configures this context").And.Contain("Give the app a design-time factory");
        var tool = field.Migrate("current");
        tool.ExitCode.Should().Be(ExitCodes.Usage, tool.ToString());
        tool.Stderr.Should().Contain("MIG904").And.Contain("ConnectionStrings:Blog is not set.").And.NotContain("   at ");
    }
}
