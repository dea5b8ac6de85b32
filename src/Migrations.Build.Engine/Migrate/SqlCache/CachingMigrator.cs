using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Migrations.Build.Engine.Migrate.SqlCache;

#pragma warning disable EF1001 // EF Core's own Migrator, so that moving the database stays its code: only where the SQL comes from changes.

/// <summary>
/// EF Core's migrator, taking each migration's SQL from <see cref="MigrationSqlCache"/> when it was
/// generated before for exactly this code, and keeping what it generates. Everything else (creating the
/// database and the history table, EF Core's migrations lock, transactions, what runs outside them,
/// the history rows) is EF Core's. Used only where the provider's migrator is EF Core's or Npgsql's,
/// whose one addition, reloading the connection's types after a migration that changed them, is
/// done here too; any other is the provider's or the app's own, and is left to run as it is.
/// </summary>
internal sealed class CachingMigrator : Migrator
{
    private const string NpgsqlMigrator = "Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal.NpgsqlMigrator";

    private readonly MigrationSqlCache _cache;
    private readonly IRawSqlCommandBuilder _commands;
    private readonly ICurrentDbContext _context;
    private readonly IRelationalCommandDiagnosticsLogger _logger;
    private readonly IRelationalConnection _connection;
    private bool _typesChanged;

    /// <summary>Migrations whose SQL came from the cache, and those whose SQL EF Core generated (and the cache kept).</summary>
    public (int Kept, int Generated) Counts { get; private set; }

#if EF8
    public CachingMigrator(
        MigrationSqlCache cache, IMigrationsAssembly migrationsAssembly, IHistoryRepository historyRepository, IDatabaseCreator databaseCreator,
        IMigrationsSqlGenerator migrationsSqlGenerator, IRawSqlCommandBuilder rawSqlCommandBuilder, IMigrationCommandExecutor migrationCommandExecutor,
        IRelationalConnection connection, ISqlGenerationHelper sqlGenerationHelper, ICurrentDbContext currentContext,
        IModelRuntimeInitializer modelRuntimeInitializer, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
        IRelationalCommandDiagnosticsLogger commandLogger, IDatabaseProvider databaseProvider)
        : base(migrationsAssembly, historyRepository, databaseCreator, migrationsSqlGenerator, rawSqlCommandBuilder, migrationCommandExecutor,
            connection, sqlGenerationHelper, currentContext, modelRuntimeInitializer, logger, commandLogger, databaseProvider)
#else
    public CachingMigrator(
        MigrationSqlCache cache, IMigrationsAssembly migrationsAssembly, IHistoryRepository historyRepository, IDatabaseCreator databaseCreator,
        IMigrationsSqlGenerator migrationsSqlGenerator, IRawSqlCommandBuilder rawSqlCommandBuilder, IMigrationCommandExecutor migrationCommandExecutor,
        IRelationalConnection connection, ISqlGenerationHelper sqlGenerationHelper, ICurrentDbContext currentContext,
        IModelRuntimeInitializer modelRuntimeInitializer, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
        IRelationalCommandDiagnosticsLogger commandLogger, IDatabaseProvider databaseProvider, IMigrationsModelDiffer migrationsModelDiffer,
        IDesignTimeModel designTimeModel, IDbContextOptions contextOptions, IExecutionStrategy executionStrategy)
        : base(migrationsAssembly, historyRepository, databaseCreator, migrationsSqlGenerator, rawSqlCommandBuilder, migrationCommandExecutor,
            connection, sqlGenerationHelper, currentContext, modelRuntimeInitializer, logger, commandLogger, databaseProvider,
            migrationsModelDiffer, designTimeModel, contextOptions, executionStrategy)
#endif
    {
        _cache = cache;
        _commands = rawSqlCommandBuilder;
        _context = currentContext;
        _logger = commandLogger;
        _connection = connection;
    }

    /// <summary>
    /// The migrator to move the session's database with: this one over <paramref name="cache"/>, or the provider's own
    /// without a cache or when it is neither EF Core's nor Npgsql's.
    /// </summary>
    public static IMigrator For(EngineSession session, MigrationSqlCache? cache)
    {
        var provided = session.Service<IMigrator>();
        return cache is not null && (provided.GetType() == typeof(Migrator) || provided.GetType().FullName == NpgsqlMigrator)
            ? ActivatorUtilities.CreateInstance<CachingMigrator>(session.Context.GetInfrastructure(), cache)
            : provided;
    }

    public override void Migrate(string? targetMigration)
    {
        base.Migrate(targetMigration);
        if (_typesChanged && _connection.DbConnection.GetType().GetMethod("ReloadTypes", Type.EmptyTypes) is { } reload)
        {
            // As Npgsql's migrator does: a new enum, range or extension is unknown to the open connection's type cache.
            _connection.Open();
            try
            {
                reload.Invoke(_connection.DbConnection, null);
            }
            finally
            {
                _connection.Close();
            }
        }

        _typesChanged = false;
    }

    protected override IReadOnlyList<MigrationCommand> GenerateUpSql(Migration migration,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        => Cached(migration, previous: null, up: true, options, () => base.GenerateUpSql(migration, options));

    protected override IReadOnlyList<MigrationCommand> GenerateDownSql(
        Migration migration, Migration? previousMigration, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        => Cached(migration, previousMigration, up: false, options, () => base.GenerateDownSql(migration, previousMigration, options));

    private IReadOnlyList<MigrationCommand> Cached(Migration migration, Migration? previous, bool up, MigrationsSqlGenerationOptions options,
        Func<IReadOnlyList<MigrationCommand>> generate)
    {
        _typesChanged |= (up ? migration.UpOperations : migration.DownOperations).OfType<AlterDatabaseOperation>().Any();
        if (_cache.KeyOf(migration, previous, up, options) is not { } key)
        {
            Counts = (Counts.Kept, Counts.Generated + 1);
            return generate();
        }

        if (_cache.Find(key) is { } kept)
        {
            Counts = (Counts.Kept + 1, Counts.Generated);
            return [.. kept.Select(c => new MigrationCommand(_commands.Build(c.Sql), _context.Context, _logger, c.Suppressed))];
        }

        var commands = generate();
        Counts = (Counts.Kept, Counts.Generated + 1);
        _cache.Store(key, commands.Select(c => new MigrationSqlCache.Command(c.CommandText, c.TransactionSuppressed)));
        return commands;
    }
}
