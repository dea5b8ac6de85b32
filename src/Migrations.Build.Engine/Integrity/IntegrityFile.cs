using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migrations.Build.Engine.Integrity;

/// <summary>
/// <c>migrations.lock.json</c>, committed beside the migrations: each locked migration's id and the
/// hash of what it does. Written by <c>dotnet migrate lock</c>; read by every check. Contexts whose
/// migrations share a folder share the file: then each entry names its context, and the file none.
/// </summary>
internal sealed record IntegrityFile
{
    public const int CurrentVersion = 1;
    public const string FileName = "migrations.lock.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Version { get; init; } = CurrentVersion;

    public string? Context { get; init; }

    public IReadOnlyList<LockedMigration> Migrations { get; init; } = [];

    public static IntegrityFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var file = JsonSerializer.Deserialize<IntegrityFile>(File.ReadAllText(path), Json)
                ?? throw new JsonException("empty");
            return file.Version <= CurrentVersion
                ? file
                : throw new EngineException($"{path} was written by a newer version (format {file.Version}). Update Migrations.Build.");
        }
        catch (JsonException e)
        {
            throw new EngineException($"{path} is not a valid integrity file ({e.Message}). "
                + "Restore it from source control, or delete it and run 'dotnet migrate lock'.");
        }
    }

    /// <summary>The entries of <paramref name="context"/>: those naming it, and those of a file that is its alone.</summary>
    public IReadOnlyList<LockedMigration> EntriesOf(string context)
        => Migrations.Where(m => string.Equals(m.Context ?? Context ?? context, context, StringComparison.Ordinal)).ToList();

    /// <summary>This file with <paramref name="context"/>'s entries replaced by <paramref name="entries"/>, other contexts' kept.</summary>
    public static IntegrityFile With(IntegrityFile? file, string context, IEnumerable<LockedMigration> entries)
    {
        var others = (file?.Migrations ?? [])
            .Select(m => m with { Context = m.Context ?? file!.Context })
            .Where(m => m.Context is not null && m.Context != context)
            .ToList();
        var mine = entries.Select(m => m with { Context = others.Count == 0 ? null : context });
        return new IntegrityFile
        {
            Context = others.Count == 0 ? context : null,
            Migrations = [.. others, .. mine],
        };
    }

    public void Write(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, Bytes());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The file's content, as <see cref="Write"/> writes it.</summary>
    public byte[] Bytes() => System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json) + "\n");
}

/// <param name="Context">The DbContext it belongs to, in a file that several share; else null.</param>
/// <param name="Baseline">
/// Recorded by <c>lock --baseline</c> when a project adopted the integrity file: shipped before, reviewed
/// as a whole rather than one by one. Written only when true.
/// </param>
internal sealed record LockedMigration(string Id, string Hash, bool? Baseline = null, string? Context = null);
