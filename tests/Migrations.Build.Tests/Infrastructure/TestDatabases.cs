using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// One provider's databases as the integration tests use them: a new one for a test, and what a test
/// reads and does on it beside the tool. A test class written once for every provider asks its
/// subclass for one of these instead of each class repeating the same adapter.
/// </summary>
public abstract class TestDatabases
{
    /// <summary>A new database's connection string; the database doesn't exist yet (the tool creates it).</summary>
    public abstract string New(string name);

    /// <summary>A new database, created empty.</summary>
    public abstract string Created(string name);

    /// <summary>A connection to the database, not opened.</summary>
    public abstract DbConnection Connect(string db);

    public abstract bool Exists(string db);

    /// <summary>The tables, by name.</summary>
    public abstract IReadOnlyList<string> Tables(string db);

    /// <summary>The migrations the history table lists, in order.</summary>
    public abstract IReadOnlyList<string> Applied(string db);

    public abstract void Execute(string db, string sql);

    /// <summary>The first value of a query, as text.</summary>
    public abstract string Scalar(string db, string sql);

    public long Count(string db, string table) => long.Parse(Scalar(db, $"SELECT COUNT(*) FROM \"{table}\""), CultureInfo.InvariantCulture);

    /// <summary>Holds the lock that upgrades and rollbacks take (<see cref="Engine.Concurrency.DatabaseLock"/>) until disposed, as another run would.</summary>
    public abstract IDisposable HoldMigrationsLock(string db);

    /// <summary>A connection string whose server (or folder) can't be reached.</summary>
    public abstract string Unreachable { get; }

    /// <summary>The provider's names for a text and an integer column, for SQL a test writes.</summary>
    public abstract string TextType { get; }

    public abstract string IntegerType { get; }

    /// <summary>A database name from a test's name: unique, lower case and short enough for any server.</summary>
    protected static string UniqueName(string name)
    {
        var letters = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(16).ToArray());
        return $"{(letters.Length > 0 && char.IsAsciiLetter(letters[0]) ? letters : "t" + letters)}_{Guid.NewGuid().ToString("N")[..12]}";
    }
}

/// <summary>SQLite files in the sample's folder.</summary>
public sealed class SqliteDatabases(SampleCopy copy) : TestDatabases
{
    public override string New(string name) => copy.NewDatabase(name);

    public override string Created(string name)
    {
        var db = New(name);
        using (var connection = Connect(db))
        {
            connection.Open(); // creates the file
        }

        return db;
    }

    public override DbConnection Connect(string db) => new SqliteConnection(db + ";Pooling=False");

    public override bool Exists(string db) => File.Exists(copy.DatabasePath(db));

    public override IReadOnlyList<string> Tables(string db) => SqliteFile.Tables(copy.DatabasePath(db));

    public override IReadOnlyList<string> Applied(string db) => SqliteFile.AppliedMigrations(copy.DatabasePath(db));

    public override void Execute(string db, string sql) => SqliteFile.Execute(copy.DatabasePath(db), sql);

    public override string Scalar(string db, string sql) => SqliteFile.Scalar(copy.DatabasePath(db), sql);

    public override IDisposable HoldMigrationsLock(string db)
        => new FileStream(copy.DatabasePath(db) + ".migrations-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    public override string Unreachable => "Data Source=" + Path.Combine(copy.Directory, "no-such-folder", "x.db");

    public override string TextType => "TEXT";

    public override string IntegerType => "INTEGER";
}

/// <summary>Databases on the tests' PostgreSQL server (each use skips, with the reason, where there is none).</summary>
public sealed class PostgresDatabases(PostgresServer server) : TestDatabases
{
    public override string New(string name)
    {
        server.RequireOrSkip();
        return server.DatabaseConnection(UniqueName(name));
    }

    public override string Created(string name)
    {
        var db = New(name);
        server.Execute(server.AdminConnection!, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(db).Database}\"");
        return db;
    }

    public override DbConnection Connect(string db) => new NpgsqlConnection(db);

    public override bool Exists(string db) => server.DatabaseExists(new NpgsqlConnectionStringBuilder(db).Database!);

    public override IReadOnlyList<string> Tables(string db)
        => server.Strings(db, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");

    public override IReadOnlyList<string> Applied(string db) => server.AppliedMigrations(db);

    public override void Execute(string db, string sql) => server.Execute(db, sql);

    public override string Scalar(string db, string sql) => server.Strings(db, $"SELECT CAST(({sql}) AS TEXT)")[0];

    public override IDisposable HoldMigrationsLock(string db)
    {
        var connection = new NpgsqlConnection(db);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Engine.Concurrency.DatabaseLock.PostgresKey})", connection);
        command.ExecuteNonQuery();
        return connection; // closing the session releases the lock
    }

    // A loopback port nothing listens on: the connection is refused at once.
    public override string Unreachable => "Host=127.0.0.1;Port=1;Username=postgres;Database=x;Timeout=3";

    public override string TextType => "text";

    public override string IntegerType => "integer";
}

/// <summary>Databases on SQL Server in Docker (each use skips, with the reason, where no Docker engine runs).</summary>
public sealed class SqlServerDatabases(SqlServerContainer server) : TestDatabases
{
    public override string New(string name)
    {
        server.RequireOrSkip();
        return server.DatabaseConnection(UniqueName(name));
    }

    public override string Created(string name)
    {
        var db = New(name);
        server.Execute(server.AdminConnection!, $"CREATE DATABASE [{new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(db).InitialCatalog}]");
        return db;
    }

    public override DbConnection Connect(string db) => new Microsoft.Data.SqlClient.SqlConnection(db);

    public override bool Exists(string db) => server.DatabaseExists(db);

    public override IReadOnlyList<string> Tables(string db)
        => server.Strings(db, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY 1");

    public override IReadOnlyList<string> Applied(string db) => server.AppliedMigrations(db);

    // The tests write identifiers in double quotes, as the other providers take them.
    public override void Execute(string db, string sql) => server.Execute(db, sql.Replace("\"", string.Empty, StringComparison.Ordinal));

    public override string Scalar(string db, string sql) => server.Strings(db, $"SELECT CAST(({sql}) AS nvarchar(max))")[0];

    public override IDisposable HoldMigrationsLock(string db)
    {
        var connection = new Microsoft.Data.SqlClient.SqlConnection(db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"EXEC sp_getapplock @Resource = '{Engine.Concurrency.DatabaseLock.SqlServerResource}', @LockMode = 'Exclusive', "
            + "@LockOwner = 'Session'";
        command.ExecuteNonQuery();
        return connection; // closing the session releases the lock
    }

    public override string Unreachable => SqlServerSample.Offline;

    public override string TextType => "nvarchar(max)";

    public override string IntegerType => "int";
}
