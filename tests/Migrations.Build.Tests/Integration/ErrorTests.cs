using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>Each way a user can get it wrong: a readable message, the contract's exit code, nothing changed.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly SampleCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void No_project_in_the_folder()
    {
        var empty = Path.Combine(Path.GetDirectoryName(_copy.Directory)!, "empty");
        Directory.CreateDirectory(empty);

        var run = ProcessResult.Run("dotnet", [Repo.ToolDll, "current"], empty);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("No project was found").And.Contain("--project");
    }

    [Fact]
    public void Several_contexts_need_context_option()
    {
        _copy.Write("AuditContext.cs", """
            using Microsoft.EntityFrameworkCore;
            namespace Library;
            public class AuditContext : DbContext
            {
                protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite("Data Source=audit.db");
            }
            """);

        var run = _copy.Migrate("current");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("2 DbContexts").And.Contain("LibraryContext").And.Contain("AuditContext").And.Contain("--context");

        var chosen = _copy.Migrate("current", "--no-build", "--context", "LibraryContext", "--json");
        chosen.ExitCode.Should().Be(0, chosen.ToString());
        chosen.Json().GetProperty("head").GetString().Should().EndWith("_AddLoans");
    }

    [Fact]
    public void The_app_does_not_build()
    {
        _copy.Edit("Model/Book.cs", "public int AuthorId { get; set; }", "public int AuthorId { get; set }");
        var db = _copy.NewDatabase("broken");

        var run = _copy.Migrate("upgrade", "--connection", db);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("The build of Library.csproj failed").And.Contain("Book.cs").And.Contain("--no-build");
        File.Exists(_copy.DatabasePath(db)).Should().BeFalse();
    }

    [Fact]
    public void The_design_assembly_is_missing()
    {
        _copy.Edit("Library.csproj", "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />", string.Empty);

        var run = _copy.Migrate("current");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("MIG903: Library doesn't reference Microsoft.EntityFrameworkCore.Design")
            .And.Contain("dotnet add package Microsoft.EntityFrameworkCore.Design --version 10.0.15");
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var run = _copy.Migrate("upgrade", "--no-such-option");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("--no-such-option").And.Contain("--help");
    }

    [Fact]
    public void Idempotent_without_sql_is_a_usage_error()
    {
        var run = _copy.Migrate("upgrade", "--idempotent", "--no-build");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("--idempotent only applies to scripts");
    }
}
