using System.Text.Json;
using System.Text.Json.Nodes;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tool.Rendering.Formats;

/// <summary>
/// SARIF 2.1.0, as GitHub code scanning and other viewers read it: the rules with their metadata,
/// and one result per finding at its file and line (paths relative to the current folder).
/// </summary>
internal static class SarifReport
{
    public static string Write(CheckResult check, string baseDirectory)
    {
        var rules = check.Rules.ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var results = new JsonArray();
        foreach (var finding in check.Findings)
        {
            var result = new JsonObject
            {
                ["ruleId"] = finding.Rule,
                ["level"] = Level(finding.Severity),
                ["message"] = new JsonObject { ["text"] = finding.Message },
            };
            if (index.TryGetValue(finding.Rule, out var i))
            {
                result["ruleIndex"] = i;
            }

            if (finding.File is { } file)
            {
                var region = new JsonObject { ["startLine"] = finding.Line ?? 1 };
                result["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = Uri(file, baseDirectory), ["uriBaseId"] = "SRCROOT" },
                        ["region"] = region,
                    },
                });
            }

            if (finding.Migration is { } migration)
            {
                result["properties"] = new JsonObject { ["migration"] = migration };
            }

            results.Add(result);
        }

        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "Migrations.Build",
                        ["informationUri"] = "https://github.com/migrations-build/migrations-build",
                        ["version"] = typeof(SarifReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                        ["rules"] = new JsonArray(rules.Select(Rule).ToArray<JsonNode?>()),
                    },
                },
                ["originalUriBaseIds"] = new JsonObject
                {
                    ["SRCROOT"] = new JsonObject
                    {
                        ["uri"] = new Uri(Path.TrimEndingDirectorySeparator(baseDirectory) + Path.DirectorySeparatorChar).AbsoluteUri
                    },
                },
                ["results"] = results,
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Rule(RuleInfo rule) => new()
    {
        ["id"] = rule.Id,
        ["name"] = string.Concat(rule.Title.Split(' ', '/', '-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
        ["shortDescription"] = new JsonObject { ["text"] = rule.Title },
        ["helpUri"] = rule.HelpUri,
        ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.Severity) },
    };

    private static string Level(string severity) => severity switch
    {
        LogLevels.Error => "error",
        LogLevels.Warning => "warning",
        _ => "note",
    };

    private static string Uri(string file, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');
        return string.Join('/', relative.Split('/').Select(System.Uri.EscapeDataString));
    }
}
