using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// Builds a <see cref="BackupSummary"/> in one pass over the file's tokens: rows are skipped (or hashed)
/// one at a time and never kept, so a backup of any size reads in flat memory.
/// </summary>
internal static class BackupSummaryReader
{
    public static BackupSummary Read(string path, bool verify, bool headerOnly)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The backup file {path} does not exist.", path);
        }

        using var file = File.OpenRead(path);
        var (compressed, encrypted) = BackupStreams.Sniff(file);
        var size = file.Length;
        using var plain = BackupStreams.OpenRead(file, BackupStreams.KeyFromEnvironment(), path);
        try
        {
            return Parse(path, new JsonTokenStream(plain), verify, headerOnly) with { Size = size, Compressed = compressed, Encrypted = encrypted };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a complete backup file ({e.Message}); it may be truncated or not a backup.", e);
        }
    }

    private static BackupSummary Parse(string path, JsonTokenStream json, bool verify, bool headerOnly)
    {
        if (!json.Next() || json.Type != JsonTokenType.StartObject)
        {
            throw NotABackup(path);
        }

        var header = new Dictionary<string, string?>();
        var tables = new List<BackupTable>();
        int? version = null;
        var complete = false;
        while (json.Next() && json.Type == JsonTokenType.PropertyName)
        {
            var name = json.Text!;
            json.Next();
            switch (name)
            {
                case "version" when json.Number is { } v:
                    version = (int)v;
                    if (version > BackupFormat.Version)
                    {
                        throw new InvalidDataException($"{path} is backup format {version}, newer than this version reads ({BackupFormat.Version}). Update Migrations.Build.");
                    }

                    break;
                case "tables" when json.Type == JsonTokenType.StartArray:
                    if (header.GetValueOrDefault("format") != BackupFormat.Name || version is null)
                    {
                        throw NotABackup(path);
                    }

                    if (headerOnly)
                    {
                        return Summary(path, header, version.Value, complete, tables);
                    }

                    while (json.Next() && json.Type == JsonTokenType.StartObject)
                    {
                        tables.Add(Table(json, verify));
                    }

                    break;
                case "complete":
                    complete = json.Type == JsonTokenType.True;
                    break;
                default:
                    header[name] = json.Text;
                    json.Skip();
                    break;
            }
        }

        return header.GetValueOrDefault("format") == BackupFormat.Name && version is not null
            ? Summary(path, header, version.Value, complete, tables)
            : throw NotABackup(path);
    }

    /// <summary>One table object; with <paramref name="verify"/> each row's exact text is hashed as it passes.</summary>
    private static BackupTable Table(JsonTokenStream json, bool verify)
    {
        using var sha = verify ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        string? name = null, schema = null, expected = null;
        long rows = 0;
        while (json.Next() && json.Type == JsonTokenType.PropertyName)
        {
            var property = json.Text;
            json.Next();
            switch (property)
            {
                case "rows" when json.Type == JsonTokenType.StartArray:
                    while (json.Next() && json.Type != JsonTokenType.EndArray)
                    {
                        json.Skip(sha is null ? null : row =>
                        {
                            sha.AppendData(row);
                            sha.AppendData("\n"u8);
                        });
                    }

                    break;
                case "rowCount":
                    rows = json.Number ?? throw new JsonException("rowCount is not an integer");
                    break;
                default:
                    (name, schema, expected) = property switch
                    {
                        "name" => (json.Text, schema, expected),
                        "schema" => (name, json.Text, expected),
                        "sha256" => (name, schema, json.Text),
                        _ => (name, schema, expected),
                    };
                    json.Skip();
                    break;
            }
        }

        if (name is null || expected is null)
        {
            throw new JsonException("a table without its name or sha256");
        }

        bool? ok = sha is null ? null : Convert.ToHexStringLower(sha.GetHashAndReset()) == expected;
        return new BackupTable(name, schema, rows, expected, ok);
    }

    private static BackupSummary Summary(string path, Dictionary<string, string?> header, int version, bool complete, List<BackupTable> tables) => new()
    {
        File = path,
        Version = version,
        CreatedAt = DateTimeOffset.TryParse(header.GetValueOrDefault("createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
        User = header.GetValueOrDefault("user"),
        Machine = header.GetValueOrDefault("machine"),
        Provider = header.GetValueOrDefault("provider"),
        Database = header.GetValueOrDefault("database"),
        Migration = header.GetValueOrDefault("migration"),
        Reason = header.GetValueOrDefault("reason"),
        Complete = complete,
        Tables = tables,
    };

    private static InvalidDataException NotABackup(string path) => new($"{path} is not a Migrations.Build backup.");
}
