using System.Security.Cryptography;
using System.Text.Json;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// A column of a backed-up table: its name, the .NET type its values had, the database's name for
/// its type (format 2), and whether its values are the database's own text form of them.
/// </summary>
public sealed record BackupColumn(string Name, string Type, string? StoreType = null, bool Text = false);

/// <summary>
/// Reads a backup file as a stream: the header first, then each table with its rows one at a time,
/// checking each table's SHA-256 as its rows go by. Memory stays flat whatever the file's size.
/// Bad files are <see cref="InvalidDataException"/>s that say what is wrong.
/// </summary>
public sealed class BackupReader : IDisposable
{
    private readonly Stream _file;
    private readonly Stream _plain;
    private readonly JsonStreamReader _json;
    private readonly Dictionary<string, string?> _header = new(StringComparer.Ordinal);

    private BackupReader(string path, string? key)
    {
        Path = path;
        _file = File.OpenRead(path);
        try
        {
            _plain = BackupStreams.OpenRead(_file, key, path);
            _json = new JsonStreamReader(_plain);
            Guard(ReadHeader);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>The header's fields (format, version, createdAt, user, machine, provider, database, migration, reason...).</summary>
    public IReadOnlyDictionary<string, string?> Header => _header;

    public int Version { get; private set; }

    /// <summary>True once the end of the file was read and the writer had marked it complete.</summary>
    public bool Complete { get; private set; }

    /// <summary>Opens a backup; the key (MIGRATIONS_BACKUP_KEY) is needed only for an encrypted one.</summary>
    public static BackupReader Open(string path, string? key)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The backup file {path} does not exist.", path);
        }

        return new BackupReader(path, key);
    }

    /// <summary>
    /// The tables, in the file's order. A table's rows must be read before the next table (whatever
    /// is left unread is skipped, still checksummed); its row count and checksum are known after them.
    /// </summary>
    public IEnumerable<BackupTableReader> Tables()
    {
        while (true)
        {
            var type = Guard(() => { _json.Read(out var t, out _); return t; });
            if (type == JsonTokenType.EndArray)
            {
                Guard(ReadTrailer);
                yield break;
            }

            if (type != JsonTokenType.StartObject)
            {
                throw Invalid($"expected a table, found {type}");
            }

            var table = Guard(ReadTableStart);
            yield return table;
            table.Drain();
        }
    }

    /// <summary>Reads to the end, checking every table: what <c>show-backup --verify</c> and restore's first pass do.</summary>
    public IReadOnlyList<BackupTable> Verify()
    {
        var tables = new List<BackupTable>();
        foreach (var table in Tables())
        {
            table.Drain(); // counted and hashed, not parsed
            tables.Add(new BackupTable(table.Name, table.Schema, table.RowCount, table.DeclaredSha256, table.ChecksumOk));
        }

        return tables;
    }

    public void Dispose()
    {
        _plain.Dispose();
        _file.Dispose();
    }

    internal T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException or KeyNotFoundException)
        {
            // Valid JSON with the wrong shape (a version that isn't a number, a column without a name) is a bad file too.
            throw Invalid(e.Message, e);
        }
    }

    internal void Guard(Action read) => Guard(() => { read(); return 0; });

    internal InvalidDataException Invalid(string why, Exception? inner = null)
        => new($"{Path} is not a complete backup file ({why}); it may be truncated or not a backup.", inner);

    private void ReadHeader()
    {
        _json.Expect(JsonTokenType.StartObject, "the backup's header");
        while (true)
        {
            var name = PropertyName("the backup's tables");
            if (name == "tables")
            {
                _json.Expect(JsonTokenType.StartArray, "the tables");
                break;
            }

            _header[name] = _json.ReadScalar(name);
            if (_header.Count > 64 || _header[name]?.Length > BackupLimits.Header)
            {
                throw Invalid("its header is larger than a backup writes");
            }

            if (name == "format" && _header[name] != BackupFormat.Name)
            {
                throw new InvalidDataException($"{Path} is not a Migrations.Build backup.");
            }

            if (name == "version")
            {
                Version = int.Parse(_header[name] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                if (Version > BackupFormat.Version)
                {
                    throw new InvalidDataException($"{Path} is backup format {Version}, newer than this version reads ({BackupFormat.Version}). "
                        + "Update Migrations.Build.");
                }
            }
        }

        if (!_header.ContainsKey("format"))
        {
            throw new InvalidDataException($"{Path} is not a Migrations.Build backup.");
        }
    }

    private BackupTableReader ReadTableStart()
    {
        string? name = null, schema = null;
        var columns = new List<BackupColumn>();
        while (true)
        {
            var property = PropertyName("a table's rows");
            switch (property)
            {
                case "name": name = _json.ReadScalar(property); break;
                case "schema": schema = _json.ReadScalar(property); break;
                case "columns":
                    columns.AddRange(ReadColumns(name));
                    break;
                case "rows":
                    _json.Expect(JsonTokenType.StartArray, "the rows");
                    return new BackupTableReader(this, _json, name ?? throw Invalid("a table without a name"), schema, columns);
                default: _json.SkipValue(); break;
            }
        }
    }

    private List<BackupColumn> ReadColumns(string? table)
    {
        var raw = _json.Expect(JsonTokenType.StartArray, "the columns", whole: true);
        if (raw.Length > BackupLimits.Header)
        {
            throw Invalid($"table {table} lists {raw.Length} bytes of columns, more than a backup writes");
        }

        using var document = JsonDocument.Parse(raw.ToArray());
        var columns = document.RootElement.EnumerateArray().Select(c => new BackupColumn(
            c.GetProperty("name").GetString()!,
            c.GetProperty("type").GetString()!,
            c.TryGetProperty("storeType", out var store) ? store.GetString() : null,
            c.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.True)).ToList();
        var twice = columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            // A database's names may differ in case only where it quotes them; a restore matches them ignoring case.
            throw Invalid($"table {table} has the column {twice.Key} {twice.Count()} times (names equal ignoring case)");
        }

        return columns;
    }

    internal void ReadTableEnd(BackupTableReader table)
    {
        while (true)
        {
            if (!_json.Read(out var type, out _))
            {
                throw new JsonException("the file ends inside a table");
            }

            if (type == JsonTokenType.EndObject)
            {
                break;
            }

            var property = _json.Text ?? string.Empty;
            var value = _json.ReadScalar(property);
            if (property == "rowCount")
            {
                table.DeclaredRowCount = long.Parse(value ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (property == "sha256")
            {
                table.DeclaredSha256 = value ?? string.Empty;
            }
        }

        if (table.DeclaredRowCount != table.RowCount)
        {
            throw Invalid($"table {table.Name} says {table.DeclaredRowCount} rows but holds {table.RowCount}");
        }
    }

    private void ReadTrailer()
    {
        while (_json.Read(out var type, out _) && type == JsonTokenType.PropertyName)
        {
            var property = _json.Text;
            var value = _json.ReadScalar(property ?? string.Empty);
            if (property == "complete")
            {
                Complete = value == "true";
            }
        }
    }

    private string PropertyName(string before)
    {
        if (!_json.Read(out var type, out _) || type != JsonTokenType.PropertyName)
        {
            throw new JsonException($"the file ends or breaks before {before}");
        }

        return _json.Text!;
    }
}

/// <summary>One table of a backup being read: its columns, then its rows as they stream by.</summary>
public sealed class BackupTableReader
{
    private readonly BackupReader _owner;
    private readonly JsonStreamReader _json;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _rowsDone;
    private string? _computed;

    internal BackupTableReader(BackupReader owner, JsonStreamReader json, string name, string? schema, IReadOnlyList<BackupColumn> columns)
    {
        _owner = owner;
        _json = json;
        Name = name;
        Schema = schema;
        Columns = columns;
    }

    public string Name { get; }

    public string? Schema { get; }

    public IReadOnlyList<BackupColumn> Columns { get; }

    /// <summary>Rows read so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>What the file says (known once the rows were read).</summary>
    public string DeclaredSha256 { get; internal set; } = string.Empty;

    internal long DeclaredRowCount { get; set; } = -1;

    /// <summary>Whether the rows hash to what the file says: known once the table was read to its end.</summary>
    public bool ChecksumOk => _computed is not null && string.Equals(_computed, DeclaredSha256, StringComparison.OrdinalIgnoreCase);

    /// <summary>The rows, each a JSON array in column order. Read once; the checksum is known after the last.</summary>
    public IEnumerable<JsonElement> Rows()
    {
        while (Next(parse: true) is { } row)
        {
            yield return row;
        }
    }

    /// <summary>How many values a row's JSON array holds (counted without building them).</summary>
    private static int Width(ReadOnlySpan<byte> row)
    {
        var reader = new Utf8JsonReader(row);
        var count = 0;
        reader.Read();
        while (reader.Read() && reader.CurrentDepth > 0)
        {
            if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Reads past the rest of the rows without parsing them (still counted and hashed).</summary>
    internal void Drain()
    {
        while (!_rowsDone)
        {
            Next(parse: false);
        }
    }

    /// <summary>The next row (default when not parsed), or null after the last one.</summary>
    private JsonElement? Next(bool parse) => _rowsDone ? null : _owner.Guard(() =>
    {
        _json.Read(out var type, out var raw, whole: true);
        if (type == JsonTokenType.EndArray)
        {
            _rowsDone = true;
            _computed = Hex.Lower(_sha.GetHashAndReset());
            _owner.ReadTableEnd(this);
            return (JsonElement?)null;
        }

        if (type != JsonTokenType.StartArray)
        {
            throw _owner.Invalid($"expected a row of {Name}, found {type}");
        }

        _sha.AppendData(raw);
        _sha.AppendData("\n"u8);
        RowCount++;
        if (Columns.Count > 0 && Width(raw) != Columns.Count)
        {
            throw _owner.Invalid($"row {RowCount} of {Name} has {Width(raw)} values for {Columns.Count} columns");
        }

        var reader = new Utf8JsonReader(raw);
        return parse ? JsonElement.ParseValue(ref reader) : default;
    });
}
