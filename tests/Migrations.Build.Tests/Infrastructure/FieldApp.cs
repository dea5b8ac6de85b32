using System.Text.Json;
using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>An app as teams pin it: a target framework, an EF Core version and a provider at its matching major.</summary>
public sealed record EFCoreApp(string Framework, string EFCore, string Provider, string ProviderVersion)
{
    public bool Postgres => Provider == "postgres";

    /// <summary>The provider's package; "relational" stands for an app with EF Core Relational and no provider.</summary>
    public string ProviderPackage => Provider switch
    {
        "postgres" => "Npgsql.EntityFrameworkCore.PostgreSQL",
        "sqlite" => "Microsoft.EntityFrameworkCore.Sqlite",
        "sqlserver" => "Microsoft.EntityFrameworkCore.SqlServer",
        _ => "Microsoft.EntityFrameworkCore.Relational",
    };

    public override string ToString() => $"EF Core {EFCore} on {Framework}, {(Postgres ? "PostgreSQL " + ProviderVersion : "SQLite")}";

    public static EFCoreApp Sqlite10 { get; } = new("net10.0", "10.0.15", "sqlite", "10.0.15");

    public static EFCoreApp Postgres10 { get; } = new("net10.0", "10.0.15", "postgres", "10.0.3");

    public static EFCoreApp SqlServer10 { get; } = new("net10.0", "10.0.15", "sqlserver", "10.0.15");

    /// <summary>
    /// The providers a test on a database runs on: both with <c>MIGRATIONS_PROVIDER_MATRIX=full</c>
    /// (eng/provider-matrix.sh), else the one CI runs for that test (<paramref name="slice"/>), to keep
    /// the suite within CI's time.
    /// </summary>
    public static TheoryData<string> Providers(string slice)
        => Environment.GetEnvironmentVariable("MIGRATIONS_PROVIDER_MATRIX") == "full" ? ["sqlite", "postgres"] : [slice];

    /// <summary>
    /// The EF Core 10 app on <paramref name="provider"/> and its database: a SQLite file in the app's
    /// folder, or a fresh database name on the test server (the test skips without one).
    /// </summary>
    public static (EFCoreApp App, string Connection) OnEFCore10(string provider, PostgresServer server, string name)
    {
        if (provider != "postgres")
        {
            return (Sqlite10, $"Data Source={name}.db");
        }

        server.RequireOrSkip();
        return (Postgres10, server.DatabaseConnection($"{name}_{Guid.NewGuid().ToString("N")[..10]}"));
    }
}

/// <summary>
/// A small app written the way a user writes one, on any EF Core version: a Blog entity, a context,
/// a design-time factory that reads FIELD_CONNECTION, and the packed Migrations.Build package beside
/// the pins. Built and migrated with real dotnet build and the installed tool.
/// </summary>
public sealed class FieldApp : IDisposable
{
    private readonly PackedPackages _packages;

    /// <param name="withDesign">Whether the app references Microsoft.EntityFrameworkCore.Design (at its EF Core version).</param>
    /// <param name="extra">More csproj content (properties or items) inside the project element.</param>
    /// <param name="hosting">
    /// A Microsoft.Extensions.Hosting version: the context is registered in the app's generic host
    /// (no design-time factory), the way most apps write it; EF Core's tools find it by running Program.
    /// </param>
    public FieldApp(PackedPackages packages, EFCoreApp app, string connection, bool withDesign = true, string extra = "", string? hosting = null)
    {
        _packages = packages;
        App = app;
        Directory = Path.Combine(Path.GetTempPath(), "migrations-build-tests", Guid.NewGuid().ToString("N")[..12], "BlogApp");
        System.IO.Directory.CreateDirectory(Directory);
        Environment["FIELD_CONNECTION"] = connection;
        var designReference = !withDesign
            ? string.Empty
            // As `dotnet add package Microsoft.EntityFrameworkCore.Design` writes it.
            : $"""<PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="{app.EFCore}"><PrivateAssets>all</PrivateAssets>"""
                + """<IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets></PackageReference>""";
        // EF Core Design 10.0.0 asks for MSBuild's 17.14.28 packages. A feed that serves Microsoft.Build.Framework
        // at that version but not Microsoft.Build.Tasks.Core (resolved at 18.0.2) fails any restore of such an app
        // with NU1605, whatever tool builds it; pinned directly, as NuGet's message says (this machine's feed, 2026-12-04).
        var msbuildPin = withDesign && app.EFCore == "10.0.0"
            ? """<PackageReference Include="Microsoft.Build.Framework" Version="18.0.2" PrivateAssets="all" />"""
            : string.Empty;
        Write("BlogApp.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{app.Framework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>BlogApp</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.EntityFrameworkCore" Version="{app.EFCore}" />
                <PackageReference Include="{app.ProviderPackage}" Version="{app.ProviderVersion}" />
                {designReference}
                {msbuildPin}
                <PackageReference Include="Migrations.Build" Version="{packages.Version}" />
                {(hosting is null ? string.Empty : $"<PackageReference Include=\"Microsoft.Extensions.Hosting\" Version=\"{hosting}\" />")}
              </ItemGroup>
              {extra}
            </Project>
            """);
        Write("nuget.config", packages.NuGetConfig);
        var use = app.Provider switch { "postgres" => "UseNpgsql", "sqlite" => "UseSqlite", "sqlserver" => "UseSqlServer", _ => null };
        Write("Model/Blog.cs", """
            namespace BlogApp.Model;

            public class Blog
            {
                public int Id { get; set; }

                public string Title { get; set; } = "";
            }
            """);
        var useConnection = use is null ? string.Empty : $".{use}(Environment.GetEnvironmentVariable(\"FIELD_CONNECTION\"))";
        var factory = hosting is not null ? string.Empty : $$"""
            public class BlogDbFactory : IDesignTimeDbContextFactory<BlogDb>
            {
                public BlogDb CreateDbContext(string[] args)
                    => new(new DbContextOptionsBuilder<BlogDb>(){{useConnection}}.Options);
            }
            """;
        Write("BlogDb.cs", $$"""
            using BlogApp.Model;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Design;

            namespace BlogApp;

            public class BlogDb(DbContextOptions<BlogDb> options) : DbContext(options)
            {
                public DbSet<Blog> Blogs => Set<Blog>();
            }

            {{factory}}
            """);
        Write("Program.cs", hosting is null ? "return 0;\n" : $$"""
            using BlogApp;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddDbContext<BlogDb>(options => options{{useConnection}});
            builder.Build().Run();
            """);
    }

    public EFCoreApp App { get; }

    public string Directory { get; }

    public Dictionary<string, string?> Environment { get; } = [];

    public string Project => Path.Combine(Directory, "BlogApp.csproj");

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The model change every test makes: Blog gains a nullable Body.</summary>
    public void AddBody()
    {
        var path = Path.Combine(Directory, "Model", "Blog.cs");
        File.WriteAllText(path, File.ReadAllText(path).Replace(
            "public string Title { get; set; } = \"\";", "public string Title { get; set; } = \"\";\n\n    public string? Body { get; set; }",
            StringComparison.Ordinal));
    }

    /// <summary>A second context beside BlogDb: audit entries, in the same database with their own history table.</summary>
    public void AddAuditContext()
    {
        var use = App.Postgres ? "UseNpgsql" : "UseSqlite";
        Write("Model/AuditEntry.cs", """
            namespace BlogApp.Model;

            public class AuditEntry
            {
                public int Id { get; set; }

                public string Action { get; set; } = "";
            }
            """);
        Write("AuditDb.cs", $$"""
            using BlogApp.Model;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Design;

            namespace BlogApp;

            public class AuditDb(DbContextOptions<AuditDb> options) : DbContext(options)
            {
                public DbSet<AuditEntry> Entries => Set<AuditEntry>();
            }

            public class AuditDbFactory : IDesignTimeDbContextFactory<AuditDb>
            {
                public AuditDb CreateDbContext(string[] args)
                    => new(new DbContextOptionsBuilder<AuditDb>()
                        .{{use}}(Environment.GetEnvironmentVariable("FIELD_CONNECTION"), o => o.MigrationsHistoryTable("__AuditMigrationsHistory")).Options);
            }
            """);
    }

    public ProcessResult Build(params string[] args) => Dotnet(["build", .. args]);

    /// <summary>Any dotnet command (build, publish...) in the app's folder, with its environment.</summary>
    public ProcessResult Dotnet(params string[] args) => ProcessResult.Run("dotnet", [.. args, "-nologo"], Directory, Environment);

    /// <summary>The installed <c>dotnet migrate</c>, on the app as last built (the tests build it themselves).</summary>
    public ProcessResult Migrate(params string[] args) => ProcessResult.Run(_packages.Tool, [.. args, "--no-build"], Directory, Environment);

    /// <summary>The version of each EF Core package restore resolved, from obj/project.assets.json.</summary>
    public IReadOnlyDictionary<string, string> ResolvedEFCore()
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(l => l.Name.Split('/'))
            .Where(n => n[0].StartsWith("Microsoft.EntityFrameworkCore", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(n => n[0], n => n[1], StringComparer.OrdinalIgnoreCase);
    }

    public string[] MigrationFiles(string pattern) => System.IO.Directory.GetFiles(Path.Combine(Directory, "Migrations"), pattern);

    public static void ShouldSucceed(ProcessResult run) => run.ExitCode.Should().Be(0, run.ToString());

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
