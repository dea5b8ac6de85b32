using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Running;

/// <summary>One database of a fleet: the name it is shown by (host/database, no secret) and its connection string.</summary>
internal sealed record FleetDatabase(string Name, string Connection);

/// <summary>
/// The databases <c>--connections</c> names: one per line, a connection string or the name of an
/// environment variable that holds one; blank lines and <c>#</c> comments are skipped. Everything is
/// read and checked before any database is touched, so bad input changes nothing.
/// </summary>
internal static partial class FleetList
{
    public static IReadOnlyList<FleetDatabase> Read(string source, (int Index, int Count)? shard)
    {
        string text;
        try
        {
            text = source == "-" ? Console.In.ReadToEnd() : File.ReadAllText(source);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new ToolException($"--connections {source}: {e.Message} Give a file with one connection string, "
                + "or the name of an environment variable holding one, per line "
                + "(or - to read them from stdin). Nothing was changed.");
        }

        var databases = new List<FleetDatabase>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var connection = line;
            if (VariableName().IsMatch(line))
            {
                connection = Environment.GetEnvironmentVariable(line) is { Length: > 0 } value ? value.Trim()
                    : throw new ToolException($"--connections {Where(source)}, line {i + 1}: the environment variable {line} is not set (or is empty). "
                        + "Set it to the database's connection string, or remove the line. Nothing was changed.");
            }

            databases.Add(new FleetDatabase(NameOf(connection), connection));
        }

        if (databases.Count == 0)
        {
            throw new ToolException($"--connections {Where(source)} names no database: give one connection string, "
                + "or the name of an environment variable holding one, per line. Nothing was changed.");
        }

        databases = Unique(databases);
        return shard is { } s ? databases.Where(d => InShard(d.Name, s.Count) == s.Index).ToList() : databases;
    }

    /// <summary>
    /// Which of <paramref name="count"/> shards a database is in: by a hash of its shown name, so every machine agrees whatever the list's order.
    /// </summary>
    public static int InShard(string name, int count)
        => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0) % (uint)count);

    /// <summary>host/database, or the data source alone (SQLite's file); never a user, password or other option.</summary>
    public static string NameOf(string connection)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connection };
            var host = First(builder, "Host", "Server", "Address", "Addr", "Network Address");
            var database = First(builder, "Database", "Initial Catalog");
            var source = First(builder, "Data Source", "DataSource", "Filename");
            if (host is not null)
            {
                return database is null ? host : $"{host}/{database}";
            }

            if (source is not null)
            {
                return database is null ? source : $"{source}/{database}";
            }
        }
        catch (ArgumentException)
        {
            // Not key=value pairs: a URL form, or malformed.
        }

        return ConnectionStringMasker.Mask(connection) ?? ConnectionStringMasker.Masked;
    }

    private static string? First(DbConnectionStringBuilder builder, params string[] keys)
        => keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>Two lines for the same host and database (other users, say) are told apart by their line's place.</summary>
    private static List<FleetDatabase> Unique(List<FleetDatabase> databases)
    {
        var counts = databases.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).ToDictionary(g => g.Key, _ => 0, StringComparer.Ordinal);
        return databases.Select(d => counts.ContainsKey(d.Name) ? d with { Name = $"{d.Name} #{++counts[d.Name]}" } : d).ToList();
    }

    private static string Where(string source) => source == "-" ? "(stdin)" : source;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
