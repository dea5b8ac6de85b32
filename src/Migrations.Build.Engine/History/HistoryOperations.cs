using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Migrate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.History;

/// <summary>The reading verbs: current, history. They never create or change a database.</summary>
internal static class HistoryOperations
{
    public static int Current(EngineSession session)
    {
        session.AnnounceDatabase();
        var catalog = MigrationCatalog.Load(session);
        session.Events.Result(new CurrentResult
        {
            Current = catalog.Current,
            Head = catalog.Head,
            Pending = catalog.Pending,
            DatabaseExists = catalog.DatabaseExists,
            Database = session.DatabaseInfo,
        });
        return ExitCodes.Success;
    }

    public static int History(EngineSession session)
    {
        session.AnnounceDatabase();
        var catalog = MigrationCatalog.Load(session);
        var applied = catalog.Applied.ToHashSet(StringComparer.Ordinal);
        var migrations = session.Service<IMigrationsAssembly>();
        var provider = session.Context.Database.ProviderName!;
        var describer = new OperationDescriber(null, null, postgreSql: provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase));

        IReadOnlyList<string>? Operations(string id)
            => session.Request.Verbose
                ? migrations.CreateMigration(migrations.Migrations[id], provider).UpOperations.Select(describer.Describe).ToList()
                : null;

        session.Events.Result(new HistoryResult
        {
            Migrations = catalog.Ids
                .Select(id => new MigrationEntry { Id = id, Name = catalog.NameOf(id), Applied = applied.Contains(id), Operations = Operations(id) })
                .ToList(),
            UnknownApplied = catalog.UnknownApplied,
            DatabaseExists = catalog.DatabaseExists,
            Database = session.DatabaseInfo,
        });
        return ExitCodes.Success;
    }
}
