using Microsoft.Data.Sqlite;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>Reads and writes a SQLite file directly, to check what the tool did to it.</summary>
internal static class SqliteFile
{
    public static IReadOnlyList<string> Tables(string path)
        => Strings(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");

    public static IReadOnlyList<string> AppliedMigrations(string path)
        => Strings(path, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");

    /// <summary>Runs SQL on the file (creating it if needed), e.g. a script or a row a test needs.</summary>
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Holds the file locked, as another process's write transaction does (BEGIN EXCLUSIVE: nobody else
    /// reads or writes it), until disposed; it writes nothing.
    /// </summary>
    public static IDisposable Lock(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        command.ExecuteNonQuery();
        return connection; // closing it rolls the empty transaction back
    }

    /// <summary>The first value of a query, as text.</summary>
    public static string Scalar(string path, string sql) => Strings(path, $"SELECT CAST(({sql}) AS TEXT)")[0];

    public static List<string> Strings(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection.Strings(sql);
    }

    /// <summary>Each row of a table as one line of typed values (storage class and exact value), in key order.</summary>
    public static List<string> TypedRows(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
            {
                DBNull => "null",
                double d => "real:" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                byte[] b => "blob:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b)) + "/" + b.Length,
                var v => $"{v.GetType().Name}:{v}",
            })));
        }

        return rows;
    }
}
