using System.Text.Json;
using Spectre.Console;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Rendering;

/// <summary>Prints what upgrade and downgrade did, or the script they would run.</summary>
internal static class MoveRenderer
{
    public static void Render(Output output, JsonElement result)
    {
        if (result.TryGetProperty("sql", out var sql) && sql.ValueKind == JsonValueKind.String)
        {
            Console.Out.Write(sql.GetString());
            return;
        }

        var move = result.Deserialize<MigrateResult>(Protocol.ProtocolJson.Compact)!;
        var count = move.Applied.Count + move.Reverted.Count;
        if (count == 0)
        {
            output.Result.WriteLine($"Already at {move.To ?? "base"}; nothing to do.");
            return;
        }

        var verb = move.Applied.Count > 0 ? "Applied" : "Reverted";
        output.Result.WriteLine($"{verb} {count} migration(s): {move.From ?? "base"} -> {move.To ?? "base"}");
    }
}
