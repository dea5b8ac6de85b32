using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Safety.Rules;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.Cycle;

/// <summary>What a cycle found: its steps in order, every difference, and where it stopped early, if it did.</summary>
internal sealed record CycleOutcome(IReadOnlyList<TestStep> Steps, IReadOnlyList<string> Differences, string? StoppedAt)
{
    public bool Passed => Steps.All(s => s.Ok);
}

/// <summary>
/// The cycle itself: from the start, each migration up with the schema read after it; at head the
/// schema compared with the model; each migration down, the schema then equal to the one before
/// it went up; each up again, the schema equal to the first time. The first step that fails stops
/// the cycle: what follows would only repeat it.
/// </summary>
internal sealed class CycleRunner(EngineSession session, SchemaReader reader, SourceLocator sources, SeedCheck? seed = null)
{
    /// <summary>
    /// A migration that fails the cycle: its Down doesn't bring the schema back to what it was before
    /// its Up, its second Up builds something else than the first, or a step throws.
    /// </summary>

    private readonly IMigrator _migrator = session.Service<IMigrator>();
    private readonly IMigrationsAssembly _migrations = session.Service<IMigrationsAssembly>();
    private readonly IMigrationsIdGenerator _ids = session.Service<IMigrationsIdGenerator>();
    private readonly List<TestStep> _steps = [];
    private readonly List<string> _differences = [];
    private readonly Dictionary<string, Migration> _loaded = [];
    private readonly ByDesignDifferences _byDesign = new();
    private int _done;
    private int _total;

    public CycleOutcome Run(string? from, IReadOnlyList<string> ids, bool toHead)
    {
        _total = ids.Count * 3 + (toHead ? 1 : 0) + (seed is null ? 0 : ids.Count + 1);
        var start = Migrate(from ?? Migration.InitialDatabase);
        if (start is not null)
        {
            Fail(from ?? "base", "up", $"Bringing the database to {from ?? "base"} failed: {start}");
            return Outcome(from ?? "base");
        }

        var first = new List<SchemaSnapshot> { reader.Read() };
        if (from is not null && seed?.At == from && !Seeded(from))
        {
            return Outcome(from);
        }

        foreach (var id in ids)
        {
            if (Step(id, "up", id, expected: null) is not { } after)
            {
                return Outcome(id);
            }

            first.Add(after);
            if (seed?.Verify(id) is { } check)
            {
                Record(check);
            }

            if (seed?.At == id && !Seeded(id))
            {
                return Outcome(id);
            }
        }

        if (toHead && ids.Count > 0)
        {
            Progress("model", ids[^1]);
            var problems = new ModelComparison(reader).Check(ids, first);
            _steps.Add(new TestStep
            {
                Migration = ids[^1], Direction = "model", Ok = problems.Count == 0, Differences = [.. problems.Select(p => p.Text)],
                Problem = problems.Count == 0 ? null : $"The schema at {ids[^1]} differs from the model: {string.Join("; ", problems.Select(p => p.Text))}.",
            });
            foreach (var (migration, text) in problems)
            {
                _differences.Add($"{migration}: {text}");
                Report(DiagnosticCodes.SchemaMismatch, LogLevels.Error, migration, $"The schema the migrations build differs from the model: {text}.");
            }
        }

        for (var i = ids.Count - 1; i >= 0; i--)
        {
            if (Irreversible(ids[i]) || Step(ids[i], "down", i > 0 ? ids[i - 1] : from ?? Migration.InitialDatabase, first[i]) is null)
            {
                return Outcome(ids[i]);
            }
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (Step(ids[i], "up-again", ids[i], first[i + 1]) is null)
            {
                return Outcome(ids[i]);
            }
        }

        return Outcome(null);
    }

    /// <summary>Runs one step; the schema after it, or null when it failed (already reported).</summary>
    private SchemaSnapshot? Step(string id, string direction, string migrateTo, SchemaSnapshot? expected)
    {
        Progress(direction, id);
        var verb = direction == "down" ? "Down" : "Up";
        if (Migrate(migrateTo) is { } error)
        {
            var cause = LikelyCause.Find(error, id, direction == "down", Ran());
            Fail(id, direction, $"{verb} of {id} failed: {error}{(cause is null ? string.Empty : " " + cause)}");
            return null;
        }

        var after = reader.Read();
        var when = direction == "down" ? "after Down" : "after Up again";
        var notes = new List<string>();
        var differences = (expected?.Compare(after) ?? []).Where(d => _byDesign.Explain(d, Load(id), when) is not { } note || Noted(notes, note)).ToList();
        if (differences.Count > 0)
        {
            var texts = differences.Select(d => Describe(d, when, extra: direction == "down" ? "is still there" : "is there now, not after the first Up"))
                .ToList();
            var what = direction == "down" ? "Down doesn't undo its Up" : "Up again doesn't build what the first Up built";
            _differences.AddRange(texts.Select(t => $"{id}: {t}"));
            Fail(id, direction, $"{id}: {what}: {string.Join("; ", texts)}.", texts);
            return null;
        }

        _steps.Add(new TestStep { Migration = id, Direction = direction, Ok = true, Note = notes.Count == 0 ? null : string.Join(" ", notes) });
        return after;
    }

    /// <summary>Keeps a by-design note (logged once, where it is first met); false: the difference is not a failure.</summary>
    private bool Noted(List<string> notes, string note)
    {
        if (note.Length > 0)
        {
            notes.Add(note);
            session.Events.Log(LogLevels.Info, note);
        }

        return false;
    }

    /// <summary>The steps that ran so far, most recent first, with the operations each ran.</summary>
    private IEnumerable<LikelyCause.Ran> Ran()
        => _steps.AsEnumerable().Reverse().Where(s => s.Direction is "up" or "down" or "up-again" && _migrations.Migrations.ContainsKey(s.Migration))
            .Select(s => new LikelyCause.Ran(s.Migration, s.Direction == "down",
                s.Direction == "down" ? Load(s.Migration).DownOperations : Load(s.Migration).UpOperations));

    private Migration Load(string id)
    {
        if (!_loaded.TryGetValue(id, out var migration))
        {
            migration = _migrations.CreateMigration(_migrations.Migrations[id], session.Context.Database.ProviderName ?? string.Empty);
            _loaded[id] = migration;
        }

        return migration;
    }

    /// <summary>Puts the seed in at <paramref name="id"/>; false when it failed (the cycle stops: nothing to check).</summary>
    private bool Seeded(string id)
    {
        Progress("seed", id);
        var step = seed!.Plant(id);
        _steps.Add(step);
        if (!step.Ok)
        {
            _differences.Add($"{id}: {step.Problem}");
            session.Events.Log(LogLevels.Error, step.Problem!);
        }

        return step.Ok;
    }

    /// <summary>The seeded rows checked after an Up: a loss is MIG504 at the migration; the cycle goes on (the schema is not at fault).</summary>
    private void Record(TestStep check)
    {
        Progress("data", check.Migration);
        _steps.Add(check);
        if (!check.Ok)
        {
            _differences.AddRange(check.Differences.Select(d => $"{check.Migration}: {d}"));
            Report(DiagnosticCodes.SeedLost, LogLevels.Error, check.Migration, check.Problem!);
        }
    }

    /// <summary>MIG502 before going down: a Down that throws or is empty while the Up isn't stops the cycle, as a warning.</summary>
    private bool Irreversible(string id)
    {
        var scope = MigrationScope.Of(id, _ids.GetName(id), session.Context.Database.ProviderName ?? string.Empty, Load(id));
        if (new IrreversibleMigrationRule().CheckMigration(scope).FirstOrDefault() is not { } hit)
        {
            return false;
        }

        Progress("down", id);
        var message = $"{hit.Message} The cycle stops here; the migrations before it were not tested going down or up again.";
        _steps.Add(new TestStep { Migration = id, Direction = "down", Ok = false, Problem = message });
        _differences.Add($"{id}: {hit.Message}");
        Report(IrreversibleMigrationRule.Code, LogLevels.Warning, id, message);
        return true;
    }

    internal static string Describe(SchemaDifference d, string when, string extra)
        => d.Missing ? $"{d.Fact.Display} is missing {when}"
            : d.Extra ? $"{d.Fact.Display} {extra} {when}"
            : $"{d.Fact.Display}: was {d.Was}, is {d.Is} {when}";

    private string? Migrate(string target)
    {
        try
        {
            _migrator.Migrate(target);
            return null;
        }
        catch (Exception e) when (e is not EngineException)
        {
            return EngineHost.Classify(e).Message;
        }
    }

    private void Fail(string id, string direction, string problem, IReadOnlyList<string>? differences = null)
    {
        _steps.Add(new TestStep { Migration = id, Direction = direction, Ok = false, Problem = problem, Differences = differences ?? [] });
        if (differences is null)
        {
            _differences.Add($"{id}: {problem}");
        }

        Report(DiagnosticCodes.CycleFails, LogLevels.Error, id, problem);
    }

    internal void Report(string code, string level, string id, string message)
    {
        var at = _migrations.Migrations.ContainsKey(id) ? sources.FindMigration(id, _ids.GetName(id)) : null;
        session.Events.Diagnostic(code, level, message, at?.File, at?.Line, at?.Column);
    }

    private void Progress(string direction, string id) => session.Events.Progress($"{direction} {id}", _done++, _total);

    private CycleOutcome Outcome(string? stoppedAt)
    {
        session.Events.Progress("test done", _total, _total);
        return new CycleOutcome(_steps, _differences, stoppedAt);
    }
}
