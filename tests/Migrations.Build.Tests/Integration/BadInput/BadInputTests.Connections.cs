using Migrations.Build.Tests.Infrastructure;
using static Migrations.Build.Tests.Infrastructure.BadInputRow;

namespace Migrations.Build.Tests.Integration.BadInput;

// Connection strings that can't be parsed, name an unknown keyword, point at a folder or at a file
// that is no database or is locked by another process (hints about the file, never a server), or at a
// server that isn't there or refuses the user; a password is never echoed.
public sealed partial class BadInputTests
{
    private const string Password = "Sh0uld-n0t-leak";
    private const string DatabaseFailed = "The database failed";
    private const string Server = "server";

    private static readonly BadInputRow[] ConnectionRows =
    [
        new("an unparseable connection string", ["current", "--connection", "this is no connection string"], 2, ["connection string", "--connection"]),
        Row("an unknown keyword in the connection string", "upgrade --connection Filename={dir}/library.db;Flavour=mint", 2, "connection string",
            "'flavour' is not supported"),
        Row("an empty connection string", "upgrade --connection ''", 2, "--connection", "empty"),
        new("an unparseable connection string in the environment", ["history"], 2, ["connection string", "MIGRATIONS_CONNECTION"])
        {
            Environment = { ["MIGRATIONS_CONNECTION"] = "=;=" },
        },
        Row("a folder as the database", "current --connection Filename={dir}", 3, "is a folder, not a database file"),
        Row("a folder as the database to upgrade", "upgrade --connection Filename={dir}", 3, "is a folder, not a database file"),
        Row("a database in a folder that does not exist", "upgrade --connection Filename={dir}/no-such-folder/library.db", 3, DatabaseFailed,
            "unable to open database file",
            "could not open the database file", "folder exists") with { Absent = [Server] },
        Row("a file that is no database", "current --connection Filename={files}/notes.json", 3, DatabaseFailed, "file is not a database",
            "not a SQLite database") with { Absent = [Server] },
        Row("upgrade a file that is no database", "upgrade --connection Filename={files}/notes.json", 3, DatabaseFailed, "file is not a database"),
        Row("restore into a file that is no database", "restore {good} --connection Filename={files}/notes.json", 3, DatabaseFailed, "file is not a database"),

        // EF Core's SQLite files are in WAL mode: reading goes on beside another's write transaction, writing
        // waits for it up to the connection's Default Timeout (30 s unless given), then fails.
        new("a sqlite file locked by another process", ["downgrade", "-1", "--connection", "{db};Default Timeout=1"], 3,
            [DatabaseFailed, "database is locked", "locked by another process", "close it"])
        {
            Locked = true,
            Absent = [Server],
            LeavesLockFile = true,
        },
    ];

    /// <summary>PostgreSQL rows: {pg} is the test server's host and port.</summary>
    private static readonly BadInputRow[] PostgresRows =
    [
        Row("a postgres user that does not exist", $"current --connection {{pg}};Database=library;Username=nobody;Password={Password}", 3, DatabaseFailed,
            "\"nobody\"") with { Secret = Password },
        Row("a postgres server that is not there", $"upgrade --connection Host=127.0.0.1;Port=1;Database=library;Username=postgres;Password={Password}", 3,
            DatabaseFailed, "Check that the database server is running") with { Secret = Password },
        Row("an unknown keyword in a postgres connection string", $"stamp head --connection {{pg}};Flavour=mint;Password={Password}", 2, "connection string",
            "flavour") with { Secret = Password },
    ];

    public static TheoryData<string> PostgresNames => [.. PostgresRows.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(PostgresNames))]
    public void Refused_by_postgres_without_the_password(string name)
    {
        server.RequireOrSkip();
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(server.AdminConnection);
        var row = PostgresRows.Single(r => r.Name == name);
        sample.Check(row with
        {
            Args = [.. row.Args.Select(a => a.Replace("{pg}", $"Host={admin.Host};Port={admin.Port}", StringComparison.Ordinal))],
            Environment = new() { ["LIBRARY_PROVIDER"] = "postgres" },
        });
    }
}
