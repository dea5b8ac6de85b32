using System.Data.Common;

namespace Migrations.Build.Engine;

/// <summary>
/// The message of a database failure, with a hint that fits its cause: a SQLite file that is locked,
/// can't be opened or is no database (never "the server"); a server that can't be reached; a login or
/// database the server refused; none when the server answered about a statement (its message says
/// what). The engine runs against the app's provider, so it knows providers' exceptions by their
/// type's name and error properties, not by reference.
/// </summary>
internal static class DatabaseHints
{
    private const string Connection = "the connection string (--connection, or the app's configuration)";

    // SqlClient's numbers for a server that can't be reached: timeout, network and instance-lookup errors.
    private static readonly HashSet<int> SqlServerUnreachable = [-2, -1, 2, 26, 40, 53, 121, 258, 10053, 10054, 10060, 10061, 11001, 11004];

    public static string Message(Exception e) => Hint(e) is { } hint ? $"The database failed: {e.Message} {hint}" : $"The database failed: {e.Message}";

    internal static string? Hint(Exception e) => e.GetType().FullName switch
    {
        "Microsoft.Data.Sqlite.SqliteException" => SqliteHint(Property(e, "SqliteErrorCode")),
        "Microsoft.Data.SqlClient.SqlException" or "System.Data.SqlClient.SqlException" => SqlServerHint(Property(e, "Number")),
        _ when e is DbException { SqlState: { Length: >= 2 } state } => ServerAnswered(state),
        _ => $"Check that the database server is running and {Connection} is right.",
    };

    /// <summary>SQLite's primary result codes (sqlite.org/rescode.html): all about the file or the statement.</summary>
    private static string? SqliteHint(int? code) => code switch
    {
        5 or 6 => "The SQLite database file is locked by another process (the app, a database browser, another command): "
            + "close it or let it finish, then run this again.",
        14 => $"SQLite could not open the database file: check that its folder exists and that the file and its folder can be written ({Connection}).",
        8 or 3 or 23 => "The SQLite database file or its folder can't be written: check their permissions, "
            + "and that the connection doesn't open it read-only (Mode=ReadOnly).",
        26 => $"The file is not a SQLite database (or is encrypted): check {Connection}.",
        11 => "The SQLite database file is damaged: check it with sqlite3 (PRAGMA integrity_check) or restore it from a copy.",
        10 or 13 => "SQLite could not read or write the database file: check the disk's free space and the file's permissions.",
        _ => null,
    };

    private static string? SqlServerHint(int? number) => number switch
    {
        18456 or 4060 => $"The server refused the login or the database: check the user, password and database in {Connection}.",
        { } n when SqlServerUnreachable.Contains(n) => $"Check that the database server is running and reachable, and that {Connection} is right.",
        _ => null,
    };

    /// <summary>A SQLSTATE means the server answered: only a refused login (class 28) or database (3D000) is about the connection.</summary>
    private static string? ServerAnswered(string state)
        => state.StartsWith("28", StringComparison.Ordinal) || state == "3D000" ? "The server refused the login or the database: check the user, "
            + $"password and database in {Connection}." : null;

    private static int? Property(Exception e, string name) => e.GetType().GetProperty(name)?.GetValue(e) as int?;
}
