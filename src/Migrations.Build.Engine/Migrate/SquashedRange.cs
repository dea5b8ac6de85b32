using System.Data;
using Migrations.Build.Engine.Data;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Migrate;

/// <summary>
/// A database inside a range of migrations that <c>squash</c> replaced: it has some of them applied,
/// none that this build has, and the squashed migration would create tables it already has. EF Core
/// would fail on the first of them; this says why, and how to move, before anything runs.
/// </summary>
internal static class SquashedRange
{
    public static void RefuseInside(EngineSession session, MigrationCatalog catalog, string first)
    {
        if (catalog.Applied.Count > 0 || catalog.UnknownApplied is not [var oldest, ..] unknown)
        {
            return;
        }

        // Other contexts' migrations may share the history table: only tables this migration makes tell.
        var migrations = session.Service<IMigrationsAssembly>();
        var provider = session.Context.Database.ProviderName!;
        var creates = migrations.CreateMigration(migrations.Migrations[first], provider).UpOperations.OfType<CreateTableOperation>().ToList();
        var existing = Existing(session, creates).ToList();
        if (existing.Count > 0)
        {
            throw new EngineException($"The database has {unknown.Count} migration(s) applied that this build doesn't have ({oldest} to {unknown[^1]}) "
                + $"and none that it has, and already has table(s) {string.Join(", ", existing)} that {first} creates: if {first} squashed those "
                + $"migrations, upgrade the database past {first} with the build from before the squash, then with this one. Nothing was changed.",
                ExitCodes.Refused);
        }
    }

    private static IEnumerable<string> Existing(EngineSession session, IReadOnlyList<CreateTableOperation> creates)
    {
        if (creates.Count == 0)
        {
            yield break;
        }

        var connection = session.Context.Database.GetDbConnection();
        var dialect = DataDialect.For(session.Context.Database.ProviderName ?? string.Empty, session.Service<ISqlGenerationHelper>());
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            connection.Open();
        }

        try
        {
            foreach (var table in creates)
            {
                if (TableColumns.Read(connection, dialect, table.Name, table.Schema) is not null)
                {
                    yield return table.Schema is null ? table.Name : $"{table.Schema}.{table.Name}";
                }
            }
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }
}
