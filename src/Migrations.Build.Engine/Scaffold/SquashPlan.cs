using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Migrate;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Scaffold;

/// <summary>What a raw SQL statement of a squashed migration does, which decides whether the squash keeps it.</summary>
internal enum SqlStepKind
{
    /// <summary>Moves rows (INSERT, UPDATE...): kept, unless --drop-data-steps.</summary>
    Data,

    /// <summary>Makes what EF Core's model doesn't hold (a view, a trigger, a function): always kept.</summary>
    Schema,

    /// <summary>Shapes what the model holds (a table, a column, an index): the target model makes it as it ended up.</summary>
    Model,
}

/// <summary>A raw SQL step of a squashed migration's Up.</summary>
internal sealed record SqlStep(string Migration, SqlOperation Up, SqlStepKind Kind)
{
    public string Describe()
    {
        var first = Up.Sql.Trim().Split('\n')[0].Trim();
        return $"{Migration}: {(first.Length > 100 ? first[..100] + "..." : first)}";
    }
}

/// <summary>
/// What <c>squash</c> writes: the schema at the target migration created from its target model (EF
/// Core's differ from nothing to that model, seed data included), then the range's raw SQL steps that
/// it can't make (views, triggers, functions; and data steps) in order; raw SQL on tables, columns and
/// indexes is replaced by the model. Down drops the kept objects (their own Down SQL, newest first), then the model's.
/// </summary>
internal sealed class SquashPlan
{
    private SquashPlan(string target, string name, IModel model, IReadOnlyList<string> range, IReadOnlyList<SqlStep> kept, IReadOnlyList<SqlStep> dropped,
        IReadOnlyList<SqlStep> replaced, IReadOnlyList<MigrationOperation> up, IReadOnlyList<MigrationOperation> down)
    {
        Replaced = replaced;
        Target = target;
        Name = name;
        Model = model;
        Range = range;
        Kept = kept;
        Dropped = dropped;
        Up = up;
        Down = down;
    }

    public string Target { get; }

    public string Name { get; }

    /// <summary>The target migration's model, finalized as EF Core's migrator finalizes it.</summary>
    public IModel Model { get; }

    /// <summary>Every migration replaced, oldest first; the target last.</summary>
    public IReadOnlyList<string> Range { get; }

    public IReadOnlyList<SqlStep> Kept { get; }

    /// <summary>Data steps left out (--drop-data-steps).</summary>
    public IReadOnlyList<SqlStep> Dropped { get; }

    /// <summary>Raw SQL on what the model holds (ALTER TABLE...): the target model makes it as it ended up.</summary>
    public IReadOnlyList<SqlStep> Replaced { get; }

    public IReadOnlyList<MigrationOperation> Up { get; }

    public IReadOnlyList<MigrationOperation> Down { get; }

    public static SquashPlan Make(EngineSession session, MigrationCatalog catalog, string target, bool dropDataSteps)
    {
        var migrations = session.Service<IMigrationsAssembly>();
        var provider = session.Context.Database.ProviderName!;
        Migration Create(string id) => migrations.CreateMigration(migrations.Migrations[id], provider);
        var name = catalog.NameOf(target);
        var range = catalog.Ids.TakeWhile(id => string.CompareOrdinal(id, target) <= 0).ToList();
        if (range.Count < 2)
        {
            throw new EngineException($"{name} is the first migration: there is nothing before it to squash into it. Name a later one. Nothing was changed.");
        }

        var initializer = session.Service<IModelRuntimeInitializer>();
        var model = Create(target).TargetModel is { } designed ? ModelDrift.Finalize(designed, initializer)
            : throw new EngineException($"{name} has no target model (its Designer file, with BuildTargetModel): squash creates the schema from it. "
                + "Squash up to a migration that dotnet ef or dotnet migrate revision wrote. Nothing was changed.");

        var steps = range.SelectMany(id => Create(id).UpOperations.OfType<SqlOperation>().Select(op => new SqlStep(id, op, KindOf(op.Sql)))).ToList();
        var kept = steps.Where(s => s.Kind == SqlStepKind.Schema || (s.Kind == SqlStepKind.Data && !dropDataSteps)).ToList();

        // A migration whose raw SQL made what the model doesn't hold (a view) undoes it in its own Down.
        var shaping = kept.Where(s => s.Kind == SqlStepKind.Schema).Select(s => s.Migration).ToHashSet(StringComparer.Ordinal);
        var schemaDowns = range.AsEnumerable().Reverse().Where(shaping.Contains)
            .SelectMany(id => Create(id).DownOperations.OfType<SqlOperation>().Where(op => KindOf(op.Sql) == SqlStepKind.Schema));
        var differ = session.Service<IMigrationsModelDiffer>();
        var relational = model.GetRelationalModel();
        List<MigrationOperation> up = [.. differ.GetDifferences(null, relational), .. kept.Select(s => s.Up)];
        List<MigrationOperation> down = [.. schemaDowns, .. differ.GetDifferences(relational, null)];
        return new SquashPlan(target, name, model, range, kept, steps.Where(s => s.Kind == SqlStepKind.Data).Except(kept).ToList(),
            steps.Where(s => s.Kind == SqlStepKind.Model).ToList(), up, down);
    }

    private static readonly HashSet<string> DataVerbs = new(
        ["INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "SELECT", "COPY", "TRUNCATE", "CALL", "EXEC", "EXECUTE"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Kinds of object that EF Core's model never holds, so only raw SQL makes them.</summary>
    private static readonly HashSet<string> Unmodelled = new(["VIEW", "MATERIALIZED", "TRIGGER", "FUNCTION", "PROCEDURE", "PROC", "EXTENSION", "TYPE", "DOMAIN",
        "RULE", "POLICY", "AGGREGATE", "SYNONYM", "ROLE", "USER", "LOGIN"], StringComparer.OrdinalIgnoreCase);

    /// <summary>What a statement does, by its first words (comments skipped): CREATE [OR REPLACE] VIEW is schema, ALTER TABLE is the model's.</summary>
    internal static SqlStepKind KindOf(string sql)
    {
        var text = string.Join(' ', sql.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));
        var words = text.Split([' ', '\t', '(', ';'], StringSplitOptions.RemoveEmptyEntries).Take(6).ToList();
        if (words.Count == 0 || DataVerbs.Contains(words[0]))
        {
            return SqlStepKind.Data;
        }

        var verb = words[0].ToUpperInvariant();
        var kind = words.Skip(1).SkipWhile(w => w.ToUpperInvariant() is "OR" or "REPLACE" or "UNIQUE").FirstOrDefault();
        var kept = verb is "GRANT" or "REVOKE" or "COMMENT" || (verb is "CREATE" or "ALTER" or "DROP" && kind is not null && Unmodelled.Contains(kind));
        return kept ? SqlStepKind.Schema : SqlStepKind.Model;
    }
}
