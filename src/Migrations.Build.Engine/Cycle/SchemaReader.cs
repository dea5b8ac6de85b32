using System.Text.RegularExpressions;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// Reads the live schema with the provider's own scaffolding reader (what <c>dotnet ef dbcontext
/// scaffold</c> uses), leaving out EF Core's own tables, the tables the model excludes from
/// migrations, and those matching the <c>--ignore-table</c> patterns.
/// </summary>
internal sealed class SchemaReader
{
    private static readonly string[] EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    private readonly EngineSession _session;
    private readonly IDatabaseModelFactory _factory;
    private readonly List<Regex> _ignored;
    private readonly HashSet<string> _excluded;
    private readonly Dictionary<string, string> _unread = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public SchemaReader(EngineSession session)
    {
        _session = session;
        _factory = session.DesignServices.GetRequiredService<IDatabaseModelFactory>();
        _ignored = session.Request.IgnoreTables.Select(Glob).ToList();
        _excluded = Model.Tables.Where(t => t.IsExcludedFromMigrations).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _excluded.UnionWith(EfTables);
        if (session.Context.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()
            ?.MigrationsHistoryTableName is { } history)
        {
            _excluded.Add(history);
        }
    }

    /// <summary>The model as the migrations should build it (the design-time model's tables).</summary>
    public IRelationalModel Model => _session.Context.GetService<IDesignTimeModel>().Model.GetRelationalModel();

    /// <summary>The database's default schema, as the last read found it (e.g. public).</summary>
    public string? DefaultSchema { get; private set; }

    /// <summary>Keys ("table X") of the tables EF Core's reader can't read (an expression index on SQLite): compared by their definitions.</summary>
    public IReadOnlySet<string> Unread => _unread.Keys.ToHashSet(StringComparer.Ordinal);

    public SchemaSnapshot Read() => WithOpen(connection =>
    {
        var database = ReadDatabase();
        var catalog = CatalogFacts.Read(connection, _session.Context.Database.ProviderName ?? string.Empty, DefaultSchema, Includes, Unread);
        return SchemaSnapshot.Of(database, Includes, catalog.ToList(), Unread);
    });

    /// <summary>The live tables the comparisons look at (not views), as the provider reads them.</summary>
    public IReadOnlyList<DatabaseTable> ReadTables()
        => WithOpen(_ => ReadDatabase().Tables.Where(t => t is not DatabaseView && Includes(t.Schema, t.Name)).ToList());

    /// <summary>Runs <paramref name="read"/> on the open connection (opened for it, and closed after, when it wasn't).</summary>
    private T WithOpen<T>(Func<System.Data.Common.DbConnection, T> read)
    {
        var connection = _session.Context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            connection.Open();
        }

        try
        {
            return read(connection);
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    private DatabaseModel ReadDatabase()
    {
        var connection = _session.Context.Database.GetDbConnection();
        DatabaseModel database;
        try
        {
            if (_unread.Count == 0)
            {
                database = _factory.Create(connection, new DatabaseModelFactoryOptions());
            }
            else
            {
                // A table the reader failed on may be readable again (its expression index dropped): only those still failing stay out.
                var names = TableNames.Of(_session);
                foreach (var (key, selector) in names.Where(n => _unread.ContainsKey(n.Key)))
                {
                    if (Fails(connection, selector) is null)
                    {
                        _unread.Remove(key);
                    }
                }

                _unread.Keys.Except(names.Select(n => n.Key)).ToList().ForEach(k => _unread.Remove(k));
                database = Without(connection, names);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            database = TableByTable(connection, e);
        }

        DefaultSchema = database.DefaultSchema ?? DefaultSchema;
        return database;
    }

    /// <summary>
    /// The reader failed on some table: find which by reading each alone, then read all the others
    /// together (so their foreign keys among them are kept). Each one it can't read is said once.
    /// </summary>
    private DatabaseModel TableByTable(System.Data.Common.DbConnection connection, Exception failure)
    {
        var names = TableNames.Of(_session);
        _unread.Clear();
        foreach (var (key, selector) in names)
        {
            if (Fails(connection, selector) is not { } e)
            {
                continue;
            }

            _unread[key] = e.Message;
            if (_warned.Add(key))
            {
                _session.Warn($"EF Core's schema reader can't read {key} ({e.GetType().Name}: {e.Message}); "
                    + "the cycle compares it by its definition in the database's catalog instead.");
            }
        }

        if (_unread.Count == 0)
        {
            throw new EngineException($"EF Core's schema reader failed ({failure.GetType().Name}: {failure.Message}), on no table alone.",
                ExitCodes.Database, failure);
        }

        return Without(connection, names);
    }

    private Exception? Fails(System.Data.Common.DbConnection connection, string selector)
    {
        try
        {
            _factory.Create(connection, new DatabaseModelFactoryOptions([selector], []));
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
    }

    /// <summary>Every table but those the reader can't read, in one read.</summary>
    private DatabaseModel Without(System.Data.Common.DbConnection connection, IReadOnlyList<(string Key, string Selector)> names)
    {
        var readable = names.Where(n => !_unread.ContainsKey(n.Key)).Select(n => n.Selector).ToList();

        // No selection means every table to the reader: with none left, there is nothing to read.
        return readable.Count == 0 ? new DatabaseModel { DefaultSchema = DefaultSchema }
            : _factory.Create(connection, new DatabaseModelFactoryOptions(readable, []));
    }

    /// <summary>What the model expects, with the same tables left out.</summary>
    public SchemaSnapshot ReadModel() => SchemaSnapshot.Of(Model, DefaultSchema, Includes);

    private bool Includes(string? schema, string name)
        => !_excluded.Contains(name)
           && !_ignored.Any(p => p.IsMatch(name) || (schema is not null && p.IsMatch($"{schema}.{name}")));

    private static Regex Glob(string pattern)
        => new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
