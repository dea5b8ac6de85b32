using System.Data.Common;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// Databases of the <see cref="LongSample"/> on one provider, made from templates, and the check
/// that one is at a consistent migration: the history table lists a prefix of the migrations, and
/// the schema and data are exactly what those migrations made: every migration whole or not at all.
/// </summary>
public abstract class LongSampleDatabases
{
    /// <summary>A database at base (nothing applied), which may not exist yet.</summary>
    public abstract string Empty(string name);

    /// <summary>A new database with the template's schema and rows.</summary>
    public abstract string CopyOf(string template, string name);

    protected abstract DbConnection Open(string db);

    protected abstract string TableExists(string table);

    protected abstract string ColumnExists(string table, string column);

    protected abstract string IndexExists(string index);

    /// <summary>Waits until what a killed process left running on the database is over (its server sessions).</summary>
    public virtual void Settle(string db)
    {
    }

    /// <summary>A session that keeps every reader of the table waiting until disposed, so that a test can act while a command is surely mid-way.</summary>
    public abstract TableHold HoldReads(string db, string table);

    /// <summary>
    /// A session that lets every reader through and keeps the first write to the table waiting until
    /// disposed, so that a command is surely mid-way through the step that writes it.
    /// </summary>
    public abstract TableHold HoldWrites(string db, string table);

    public IReadOnlyList<string> Applied(string db)
        => Has(db, TableExists("__EFMigrationsHistory"))
            ? Strings(db, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1")
            : [];

    /// <summary>Asserts the database is at a consistent migration and returns the migrations applied.</summary>
    public IReadOnlyList<string> ShouldBeConsistent(string db, IReadOnlyList<string> ids, string because)
    {
        var applied = Applied(db);
        applied.Should().Equal(ids.Take(applied.Count), "the history lists the migrations in order, without gaps ({0})", because);
        bool Done(string id) => applied.Contains(id);
        bool Named(string suffix) => applied.Any(a => a.EndsWith(suffix, StringComparison.Ordinal));

        var members = Has(db, TableExists("Members"));
        members.Should().Be(Named("_InitialCreate"), "Members is there exactly when InitialCreate is applied ({0})", because);
        Has(db, TableExists("Loans")).Should().Be(Named("_AddLoans"), "Loans is there exactly when AddLoans is applied ({0})", because);
        if (members)
        {
            Count(db, "SELECT COUNT(*) FROM \"Members\" WHERE \"Email\" LIKE 'seed%'")
                .Should().Be(Done(LongSample.SeedMembers) ? LongSample.Rows : 0, "seeded rows ({0})", because);
        }

        var notes = members && Has(db, ColumnExists("Members", "Notes"));
        notes.Should().Be(Done(LongSample.AddMemberNotes), "Members.Notes ({0})", because);
        if (notes)
        {
            Count(db, "SELECT COUNT(*) FROM \"Members\" WHERE \"Notes\" IS NULL").Should().Be(0, "every note was filled in the same migration ({0})", because);
        }

        Has(db, IndexExists("IX_Members_Notes")).Should().Be(Done(LongSample.IndexMemberNotes), "IX_Members_Notes ({0})", because);
        var visits = Has(db, TableExists("Visits"));
        visits.Should().Be(Done(LongSample.CreateVisits), "Visits ({0})", because);
        if (visits)
        {
            Count(db, "SELECT COUNT(*) FROM \"Visits\"").Should().Be(LongSample.Rows, "Visits was filled in the migration that made it ({0})", because);
            Count(db, "SELECT COUNT(*) FROM \"Visits\" WHERE \"Note\" LIKE '% (seen)'")
                .Should().Be(Done(LongSample.MarkVisits) ? LongSample.Rows : 0, "marked visits ({0})", because);
        }

        Has(db, IndexExists("IX_Visits_MemberId")).Should().Be(Done(LongSample.IndexVisits), "IX_Visits_MemberId ({0})", because);
        return applied;
    }

    private bool Has(string db, string sql) => Count(db, sql) > 0;

    protected long Count(string db, string sql)
    {
        using var connection = Open(db);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private List<string> Strings(string db, string sql)
    {
        using var connection = Open(db);
        return connection.Strings(sql);
    }
}

public sealed class SqliteLongDatabases(SampleCopy copy) : LongSampleDatabases
{
    public override string Empty(string name) => copy.NewDatabase(name + "-" + Guid.NewGuid().ToString("N")[..6]);

    public override string CopyOf(string template, string name)
    {
        var db = Empty(name);
        File.Copy(copy.DatabasePath(template), copy.DatabasePath(db));
        return db;
    }

    /// <summary>Read-write, with no pool: after a kill, opening rolls back what the killed process left unfinished.</summary>
    protected override DbConnection Open(string db)
    {
        var connection = new SqliteConnection($"{db};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// SQLite locks the whole file: in exclusive locking mode (WAL mode has no other lock that keeps
    /// readers out) nobody else reads it at all. SQLite can't tell who waits, so a caller knows it from
    /// the command's output: what it said comes before its first read.
    /// </summary>
    public override TableHold HoldReads(string db, string table)
    {
        var holder = Open(db);
        holder.Execute("PRAGMA locking_mode = EXCLUSIVE");
        holder.Execute("BEGIN EXCLUSIVE");
        return new TableHold(() => true, holder.Dispose);
    }

    /// <summary>
    /// A write transaction: in WAL mode (EF Core makes SQLite databases so) readers go on and every other
    /// writer waits on the file (busy). SQLite can't tell who waits, so a caller knows it from the
    /// command's progress: the step it announced writes next.
    /// </summary>
    public override TableHold HoldWrites(string db, string table)
    {
        var holder = Open(db);
        holder.Execute("BEGIN IMMEDIATE");
        return new TableHold(() => true, () =>
        {
            holder.Execute("ROLLBACK");
            holder.Dispose();
        });
    }

    protected override string TableExists(string table) => $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";

    protected override string ColumnExists(string table, string column) => $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";

    protected override string IndexExists(string index) => $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}'";
}

public sealed class PostgresLongDatabases(PostgresServer server) : LongSampleDatabases
{
    public override string Empty(string name) => Create(name, string.Empty);

    public override string CopyOf(string template, string name)
        => Create(name, $" TEMPLATE \"{new NpgsqlConnectionStringBuilder(template).Database}\"");

    /// <summary>
    /// A killed client's session lives on until the server notices (after the statement it runs):
    /// until then its transaction may hold the lock, and no read should straddle its end.
    /// </summary>
    public override void Settle(string db)
    {
        var name = new NpgsqlConnectionStringBuilder(db).Database;
        var others = $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()";
        for (var waited = 0; waited < 600 && Count(db, others) > 0; waited++)
        {
            Thread.Sleep(100);
        }
    }

    /// <summary>ACCESS EXCLUSIVE blocks even the statistics read that sizes a backup; pg_locks shows who waits.</summary>
    public override TableHold HoldReads(string db, string table) => Lock(db, table, "ACCESS EXCLUSIVE");

    /// <summary>EXCLUSIVE lets reads (ACCESS SHARE) through and blocks every write.</summary>
    public override TableHold HoldWrites(string db, string table) => Lock(db, table, "EXCLUSIVE");

    private TableHold Lock(string db, string table, string mode)
    {
        var holder = Open(db);
        var transaction = holder.BeginTransaction();
        holder.Execute($"LOCK TABLE \"{table}\" IN {mode} MODE");
        return new TableHold(
            () => Count(db, $"SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass('\"{table}\"')") > 0,
            () =>
            {
                transaction.Rollback();
                holder.Dispose();
            });
    }

    protected override DbConnection Open(string db)
    {
        var connection = new NpgsqlConnection(db);
        connection.Open();
        return connection;
    }

    protected override string TableExists(string table)
        => $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '{table}'";

    protected override string ColumnExists(string table, string column)
        => $"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' AND column_name = '{column}'";

    protected override string IndexExists(string index) => $"SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname = '{index}'";

    private string Create(string name, string template)
    {
        var db = server.DatabaseConnection((name + "_" + Guid.NewGuid().ToString("N")[..8]).ToLowerInvariant());
        server.Execute(server.AdminConnection!, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(db).Database}\"{template}");
        return db;
    }
}

/// <summary>A lock held on a table by another session, released when disposed.</summary>
public sealed class TableHold(Func<bool> someoneWaits, Action release) : IDisposable
{
    private Action? _release = release;

    /// <summary>Whether another session comes to wait on the lock within the bound.</summary>
    public bool WaitForAWaiter(TimeSpan bound)
    {
        var until = DateTime.UtcNow + bound;
        while (!someoneWaits())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
