using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// A table's rows on their way into a backup: its fields (name and .NET type, as the file's header records
/// them) and, row by row, its values written as <see cref="BackupValue"/> writes them. The fast readers
/// (PostgreSQL's COPY, SQLite's statement API) must give the same bytes as the plain ADO.NET one.
/// </summary>
internal abstract class TableRows : IDisposable
{
    /// <summary>MIGRATIONS_PLAIN_READS=1: every table read row by row through ADO.NET, should a fast reader ever misbehave.</summary>
    private static readonly bool PlainOnly = Environment.GetEnvironmentVariable("MIGRATIONS_PLAIN_READS") is "1";

    public abstract IReadOnlyList<(string Name, string Type)> Fields { get; }

    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();

    /// <summary>The current row's values, in field order.</summary>
    public abstract void WriteValues(Utf8JsonWriter row, string table);

    public virtual void Dispose()
    {
    }

    /// <summary>
    /// The rows <paramref name="select"/> reads, by the fastest exact way the connection's driver offers. A driver
    /// older than the engine was compiled against can't bind to the fast readers: then the plain read.
    /// </summary>
    public static TableRows Open(DbConnection connection, string select)
    {
        try
        {
            if (!PlainOnly && Fast(connection, select) is { } fast)
            {
                return fast;
            }
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or MissingMethodException or TypeLoadException)
        {
            // The app's driver is older than the one compiled against (or changed its API): read row by row.
        }

        var command = connection.CreateCommand();
        command.CommandText = select;
        return new ReaderRows(command.ExecuteReader(), command);
    }

    // Apart, so that a driver that can't bind fails when this is compiled, inside Open's try.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TableRows? Fast(DbConnection connection, string select) => connection.GetType().FullName switch
    {
        "Npgsql.NpgsqlConnection" => PostgresCopyRows.Begin(connection, select),
        "Microsoft.Data.Sqlite.SqliteConnection" => SqliteStatementRows.Begin(connection, select),
        _ => null,
    };
}
