using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Rendering;
using Migrations.Build.Tool.Rendering.Formats;
using Spectre.Console;

namespace Migrations.Build.Tool.Rendering;

/// <summary>How check and lint print their findings: a table, or a document for another program.</summary>
internal static class FindingsReport
{
    public static readonly Option<string> Format = new("--format")
    {
        Description = "text (default), json (same as --json), sarif (SARIF 2.1.0, for code scanning), github (Actions annotations) or markdown (a PR comment).",
        DefaultValueFactory = _ => "text",
    };

    static FindingsReport() => Format.AcceptOnlyFromAmong("text", "json", "sarif", "github", "markdown");

    /// <summary>
    /// Where report paths are relative to: the repository root (code scanning and annotations want
    /// paths from there), else the current folder.
    /// </summary>
    private static string RepositoryRoot(string from)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_WORKSPACE") is { Length: > 0 } workspace && Directory.Exists(workspace))
        {
            return workspace;
        }

        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return from;
    }

    /// <summary>Prints the result; true when it printed the findings table (text).</summary>
    public static bool Render(Output output, ParseResult parse, JsonElement result)
    {
        var check = result.Deserialize<CheckResult>(ProtocolJson.Compact)!;
        var here = RepositoryRoot(Directory.GetCurrentDirectory());
        switch (parse.GetValue(Format))
        {
            case "json":
                output.Document(result);
                return false;
            case "sarif":
                Console.Out.WriteLine(SarifReport.Write(check, here));
                return false;
            case "github":
                Console.Out.Write(GitHubAnnotations.Write(check, here));
                return false;
            case "markdown":
                Console.Out.Write(MarkdownReport.Write(check, here));
                return false;
        }

        if (check.Findings.Count > 0 && Console.IsOutputRedirected)
        {
            // Piped or logged: one compiler-style line per finding, as a build prints it, rather than a
            // table padded to the longest message.
            foreach (var f in check.Findings)
            {
                var where = f.File is null ? f.Migration ?? "migrations" : $"{Path.GetRelativePath(here, f.File)}({f.Line ?? 1},{f.SourceColumn ?? 1})";
                Console.Out.WriteLine($"{where}: {(f.Severity == LogLevels.Message ? "ok" : f.Severity)} {f.Rule}: {f.Message}");
            }
        }
        else if (check.Findings.Count > 0)
        {
            // Ids and places never wrap (they are copied); the finding wraps.
            var table = new Table().AddColumn("").AddColumn(new TableColumn("Rule").NoWrap()).AddColumn(new TableColumn("Migration").NoWrap())
                .AddColumn(new TableColumn("Where").NoWrap()).AddColumn("Finding");
            foreach (var f in check.Findings)
            {
                var level = f.Severity switch { LogLevels.Error => "[red]error[/]", LogLevels.Warning => "[yellow]warning[/]",
                    LogLevels.Suggestion => "[blue]suggestion[/]", _ => "[grey]ok[/]" };
                var where = f.File is null ? string.Empty : $"{Path.GetRelativePath(here, f.File)}:{f.Line ?? 1}";
                table.AddRow(new Markup(level), new Text(f.Rule), new Text(f.Migration ?? string.Empty), new Text(where), new Text(f.Message));
            }

            output.Result.Write(table);
        }

        return true;
    }
}
