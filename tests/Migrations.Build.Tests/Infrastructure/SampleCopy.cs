using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A private copy of the Library sample in a temp folder, so a test can build it, edit it and
/// migrate its databases without touching the repository or other tests.
/// </summary>
public sealed class SampleCopy : IDisposable
{
    public SampleCopy()
    {
        Directory = Path.Combine(Path.GetTempPath(), "migrations-build-tests", Guid.NewGuid().ToString("N")[..12], "Library");
        Copy(Repo.Sample, Directory);
    }

    public string Directory { get; }

    /// <summary>Environment for every tool run on this copy (e.g. LIBRARY_PROVIDER).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    public string Project => Path.Combine(Directory, "Library.csproj");

    /// <summary>A fresh SQLite file in the copy (not created until something writes to it).</summary>
    public string NewDatabase(string name) => $"Data Source={Path.Combine(Directory, name + ".db")}";

    public string DatabasePath(string connection) => connection["Data Source=".Length..];

    public void Build()
    {
        var build = ProcessResult.Run("dotnet", ["build", Project, "-nologo", "-v:q", "-c", "Debug"], Directory, Environment);
        build.ExitCode.Should().Be(0, "the sample copy must build: {0}", build);
    }

    /// <summary>
    /// Takes the design-time factory out and registers the context in the app's host instead, as most
    /// ASP.NET Core apps do; the database is host-&lt;environment&gt;.db in the copy's folder.
    /// </summary>
    public void RegisterContextInHost()
    {
        File.Delete(Path.Combine(Directory, "LibraryContextFactory.cs"));
        Edit("Library.csproj", "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\"",
            "<PackageReference Include=\"Microsoft.Extensions.Hosting\" Version=\"10.0.5\" />\n"
                + "    <PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\"");
        Write("Program.cs", """
            using Library;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            var environment = builder.Environment.EnvironmentName.ToLowerInvariant();
            builder.Services.AddDbContext<LibraryContext>(o => o.UseSqlite($"Data Source=host-{environment}.db"));
            using var host = builder.Build();
            return 0;
            """);
    }

    /// <summary>Runs <c>dotnet migrate</c> (the tool as built in this repository) on the copy.</summary>
    public ProcessResult Migrate(params string[] args) => MigrateWith(new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="Migrate"/>, with more environment (or a variable unset by null) for this run only.</summary>
    public ProcessResult MigrateWith(IDictionary<string, string?> environment, params string[] args) => Tool(environment, [.. args, "--project", Directory]);

    /// <summary>The tool in the copy's folder with exactly these arguments (no --project added).</summary>
    public ProcessResult Tool(IDictionary<string, string?> environment, params string[] args)
    {
        var merged = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in environment)
        {
            merged[name] = value;
        }

        return ProcessResult.Run("dotnet", [Repo.ToolDll, .. args], Directory, merged);
    }

    /// <summary>
    /// As <see cref="Migrate"/>, on a terminal (a pseudo-terminal from util-linux's script) where
    /// <paramref name="typed"/> is typed; stdout and stderr both come back in Stdout.
    /// </summary>
    public ProcessResult MigrateOnTerminal(string typed, params string[] args)
    {
        static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var line = string.Join(' ', new[] { "dotnet", Repo.ToolDll }.Concat(args).Concat(["--project", Directory]).Select(Quote));
        // A wide terminal, so that no line the test looks for is wrapped.
        return ProcessResult.Run("script", ["-qec", "stty cols 250; " + line, "/dev/null"], Directory, Environment, typed + "\n");
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Edit(string relativePath, string find, string replace)
    {
        var text = Read(relativePath);
        text.Should().Contain(find, "the edit needs its anchor in {0}", relativePath);
        Write(relativePath, text.Replace(find, replace, StringComparison.Ordinal));
    }

    /// <summary>Adds Member.Phone to the model: a change no migration covers yet.</summary>
    public void AddMemberPhone()
        => Edit("Model/Member.cs", "public DateTime JoinedAt { get; set; }",
            "public DateTime JoinedAt { get; set; }\n\n    public string? Phone { get; set; }");

    /// <summary>The id of the sample's migration of that name (e.g. AddLoans), as generated.</summary>
    public string MigrationId(string name)
        => Path.GetFileNameWithoutExtension(MigrationFiles().Single(f => f.EndsWith($"_{name}.cs", StringComparison.Ordinal)));

    /// <summary>Writes a migration by hand (no Designer file, snapshot untouched), as a user might.</summary>
    public void WriteMigration(string id, string up, string down, string? attribute = null)
    {
        var name = id[15..];
        Write(Path.Combine("Migrations", id + ".cs"), $$"""
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Library.Migrations
            {
                {{attribute}}
                [DbContext(typeof(LibraryContext))]
                [Migration("{{id}}")]
                public partial class {{name}} : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
            {{up}}
                    }

                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
            {{down}}
                    }
                }
            }
            """);
    }

    public IReadOnlyList<string> MigrationFiles()
        => System.IO.Directory.GetFiles(Path.Combine(Directory, "Migrations"), "*.cs").Select(Path.GetFileName).ToList()!;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            if (!file.EndsWith(".db", StringComparison.Ordinal) && !file.Contains(".db-", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }

        foreach (var dir in System.IO.Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is not ("bin" or "obj"))
            {
                Copy(dir, Path.Combine(to, name));
            }
        }
    }
}
