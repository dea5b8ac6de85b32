using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// MIG014: a migration made on a parallel branch, on a model without the other branch's migration.
/// Its Designer's model should be the previous migration's plus what its own Up does; when the
/// difference between the two models also undoes what an earlier migration did (drops the column
/// it added, brings back the table it dropped) and its Up doesn't, it was generated without that
/// migration: a downgrade, the SQL EF Core generates from that model, and the next migration
/// generated after it are built on a model that lacks the other branch's changes.
/// </summary>
internal static class StaleModelCheck
{
    /// <summary>How many of the newest migrations not yet locked are compared: a merge's migrations are the last ones.</summary>
    public const int Newest = 10;

    public static IEnumerable<Finding> Run(EngineSession session, SourceLocator sources, string id)
    {
        var migrations = session.Service<IMigrationsAssembly>();
        var ids = migrations.Migrations.Keys.ToList();
        var index = ids.IndexOf(id);
        if (index < 1)
        {
            yield break;
        }

        var provider = session.Context.Database.ProviderName ?? string.Empty;
        Migration Create(string m) => migrations.CreateMigration(migrations.Migrations[m], provider);
        var migration = Create(id);
        var before = Create(ids[index - 1]);
        if (migration.TargetModel is null || before.TargetModel is null)
        {
            yield break;
        }

        var differences = session.Service<IMigrationsModelDiffer>().GetDifferences(Relational(session, before.TargetModel), Relational(session, migration.TargetModel));
        var own = migration.UpOperations.SelectMany(Keys).ToHashSet();
        var undone = differences.SelectMany(Keys).Where(k => !own.Contains(k)).ToList();
        if (undone.Count == 0)
        {
            yield break;
        }

        // The newest earlier migration whose Up did what this one's model undoes.
        for (var i = index - 1; i >= 0; i--)
        {
            var earlier = Create(ids[i]).UpOperations.SelectMany(Keys).ToHashSet();
            var missing = undone.Where(k => earlier.Contains(k with { Added = !k.Added })).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var name = migrations.Migrations[id].Name;
            var other = migrations.Migrations[ids[i]].Name;
            var at = sources.FindMigration(id, name);
            yield return new Finding
            {
                Rule = DiagnosticCodes.StaleModel, Severity = LogLevels.Error, Migration = id, File = at?.File, Line = at?.Line, SourceColumn = at?.Column,
                Message = $"{name} was created without {other} (parallel branches): its model {string.Join(", ", missing.Select(Describe))}, "
                    + $"which {other} changed. Generate it again on the merged branch: downgrade a dev database to before {name}, delete its two files, put back "
                    + $"the snapshot from before your branch was merged (with {other}'s change, without yours), and run dotnet migrate revision -m \"{name}\" (docs/rules/MIG014.md).",
            };
            yield break;
        }
    }

    /// <summary>What an operation adds or removes, by kind and name: the same object has the same key whichever migration touches it.</summary>
    internal readonly record struct Key(string Kind, string Name, bool Added);

    internal static IEnumerable<Key> Keys(MigrationOperation operation)
    {
        switch (operation)
        {
            case CreateTableOperation t:
                yield return new("table", Qualified(t.Schema, t.Name), true);
                foreach (var c in t.Columns)
                {
                    yield return new("column", Qualified(t.Schema, t.Name) + "." + c.Name, true);
                }

                break;
            case DropTableOperation t: yield return new("table", Qualified(t.Schema, t.Name), false); break;
            case AddColumnOperation c: yield return new("column", Qualified(c.Schema, c.Table) + "." + c.Name, true); break;
            case DropColumnOperation c: yield return new("column", Qualified(c.Schema, c.Table) + "." + c.Name, false); break;
            case CreateIndexOperation x: yield return new("index", x.Name, true); break;
            case DropIndexOperation x: yield return new("index", x.Name, false); break;
            case AddForeignKeyOperation f: yield return new("foreign key", f.Name, true); break;
            case DropForeignKeyOperation f: yield return new("foreign key", f.Name, false); break;
        }
    }

    internal static string Describe(Key key) => $"{(key.Added ? "brings back" : "lacks")} {key.Kind} {key.Name}";

    private static string Qualified(string? schema, string name) => schema is null ? name : schema + "." + name;

    /// <summary>A Designer's model made ready for the differ, as EF Core's migrator does it.</summary>
    internal static IRelationalModel Relational(EngineSession session, IModel model)
    {
        if (model is IMutableModel mutable)
        {
            model = mutable.FinalizeModel();
        }

        return session.Service<IModelRuntimeInitializer>().Initialize(model).GetRelationalModel();
    }
}
