using FluentAssertions;
namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// An app in layers, as .NET teams split one: entities in Entities/, the DbContext in the class
/// library DataLib/ (no design-time factory), and WebHost/, a generic-host app that references it and
/// configures the context with AddDbContext. With <c>migrationsProject</c>, the migrations live in a
/// fourth project, DataMigrations/, named by <c>MigrationsAssembly(...)</c>. The Migrations.Build
/// package goes on the project given; the database is SQLite, FIELD_CONNECTION in the environment.
/// </summary>
public sealed class LayeredApp : IDisposable
{
    private readonly PackedPackages _packages;

    /// <param name="packageOn">The project that references Migrations.Build: "WebHost" or "DataLib".</param>
    /// <param name="libraryExtra">More content for DataLib's project file (e.g. MigrationsStartupProject).</param>
    public LayeredApp(PackedPackages packages, string packageOn, bool migrationsProject = false, string libraryExtra = "")
    {
        _packages = packages;
        Root = Path.Combine(Path.GetTempPath(), "migrations-build-tests", Guid.NewGuid().ToString("N")[..12]);
        Environment["FIELD_CONNECTION"] = $"Data Source={Path.Combine(Root, "app.db")}";
        var app = EFCoreApp.Sqlite10;
        string Package(string project)
            => project == packageOn ? $"""<PackageReference Include="Migrations.Build" Version="{packages.Version}" />""" : string.Empty;
        string Project(string name, string sdkItems, string extra = "", string output = "Library") => $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{output}</OutputType>
                <TargetFramework>{app.Framework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                {sdkItems}
                {Package(name)}
              </ItemGroup>
              {extra}
            </Project>
            """;

        Write("nuget.config", packages.NuGetConfig);
        Write("Entities/Entities.csproj", Project("Entities", string.Empty));
        Write("Entities/Blog.cs", """
            namespace Entities;

            public class Blog
            {
                public int Id { get; set; }

                public string Title { get; set; } = "";
            }
            """);

        var efCore = $"""<PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="{app.ProviderVersion}" />""";
        var design = $"""<PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="{app.EFCore}">"""
            + """<PrivateAssets>all</PrivateAssets></PackageReference>""";
        Write("DataLib/DataLib.csproj", Project("DataLib", $"""{efCore}{design}<ProjectReference Include="../Entities/Entities.csproj" />""", libraryExtra));
        Write("DataLib/BlogDb.cs", """
            using Entities;
            using Microsoft.EntityFrameworkCore;

            namespace DataLib;

            public class BlogDb(DbContextOptions<BlogDb> options) : DbContext(options)
            {
                public DbSet<Blog> Blogs => Set<Blog>();

                protected override void OnModelCreating(ModelBuilder builder) => builder.Entity<Blog>().Property(b => b.Title).HasMaxLength(200);
            }
            """);

        var migrations = string.Empty;
        if (migrationsProject)
        {
            Write("DataMigrations/DataMigrations.csproj", Project("DataMigrations", $"""{efCore}<ProjectReference Include="../DataLib/DataLib.csproj" />"""));
            migrations = """<ProjectReference Include="../DataMigrations/DataMigrations.csproj" />""";
        }

        Write("WebHost/WebHost.csproj", Project(
            "WebHost",
            $"""{efCore}{design}<PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />"""
                + $"""<ProjectReference Include="../DataLib/DataLib.csproj" />{migrations}""",
            output: "Exe"));
        var assembly = migrationsProject ? ", b => b.MigrationsAssembly(\"DataMigrations\")" : string.Empty;
        Write("WebHost/Program.cs", $$"""
            using DataLib;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddDbContext<BlogDb>(options => options.UseSqlite(Environment.GetEnvironmentVariable("FIELD_CONNECTION"){{assembly}}));
            builder.Build().Run();
            """);
        Write("WebHost/Clock.cs", """
            namespace WebHost;

            public static class Clock
            {
                public static string Zone() => "UTC";
            }
            """);
    }

    public string Root { get; }

    public Dictionary<string, string?> Environment { get; } = [];

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Replaces <paramref name="from"/> (which must be there) in one of the app's files.</summary>
    public void Edit(string relative, string from, string to)
    {
        var path = Path.Combine(Root, relative);
        var text = File.ReadAllText(path);
        text.Should().Contain(from);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Blog gains a nullable Body, in the Entities project.</summary>
    public void AddBody()
    {
        var path = Path.Combine(Root, "Entities", "Blog.cs");
        File.WriteAllText(path, File.ReadAllText(path).Replace(
            "public string Title { get; set; } = \"\";", "public string Title { get; set; } = \"\";\n\n    public string? Body { get; set; }",
            StringComparison.Ordinal));
    }

    /// <summary>dotnet build (or another dotnet command) of one of the projects, by folder name.</summary>
    public ProcessResult Build(string project, params string[] args)
        => ProcessResult.Run("dotnet", ["build", .. args, "-nologo"], Path.Combine(Root, project), Environment);

    /// <summary>The installed <c>dotnet migrate</c>, run in one project's folder, on the projects as last built.</summary>
    public ProcessResult Migrate(string project, params string[] args)
        => ProcessResult.Run(_packages.Tool, [.. args, "--no-build"], Path.Combine(Root, project), Environment);

    public string[] MigrationFiles(string project, string pattern)
        => Directory.Exists(Path.Combine(Root, project, "Migrations")) ? Directory.GetFiles(Path.Combine(Root, project, "Migrations"), pattern) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
