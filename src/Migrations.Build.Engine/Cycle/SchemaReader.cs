using System.Text.RegularExpressions;
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

    public SchemaReader(EngineSession session)
    {
        _session = session;
        _factory = session.DesignServices.GetRequiredService<IDatabaseModelFactory>();
        _ignored = session.Request.IgnoreTables.Select(Glob).ToList();
        _excluded = Model.Tables.Where(t => t.IsExcludedFromMigrations).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _excluded.UnionWith(EfTables);
        if (session.Context.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()?.MigrationsHistoryTableName is { } history)
        {
            _excluded.Add(history);
        }
    }

    /// <summary>The model as the migrations should build it (the design-time model's tables).</summary>
    public IRelationalModel Model => _session.Context.GetService<IDesignTimeModel>().Model.GetRelationalModel();

    /// <summary>The database's default schema, as the last read found it (e.g. public).</summary>
    public string? DefaultSchema { get; private set; }

    public SchemaSnapshot Read() => SchemaSnapshot.Of(ReadDatabase(), Includes);

    /// <summary>The live tables the comparisons look at (not views), as the provider reads them.</summary>
    public IReadOnlyList<DatabaseTable> ReadTables()
        => ReadDatabase().Tables.Where(t => t is not DatabaseView && Includes(t.Schema, t.Name)).ToList();

    private DatabaseModel ReadDatabase()
    {
        var database = _factory.Create(_session.Context.Database.GetDbConnection(), new DatabaseModelFactoryOptions());
        DefaultSchema = database.DefaultSchema;
        return database;
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
