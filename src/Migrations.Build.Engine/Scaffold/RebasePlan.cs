using Migrations.Build.Engine.Checks;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// What rebase moves and the model each moved migration's Designer gets. A branch's migrations were
/// generated one after the other on the branch's model; moved after the other branch's newest
/// migration, each one's model must be that migration's plus what the branch's migrations up to it
/// did. EF Core has no way to apply one model's changes to another, so the Designers' code is merged
/// as git merges files (<see cref="ModelCodeMerge"/>): the base is the model the migration was made on,
/// theirs is its own Designer, ours the merged model before it. The last one's merged model must be
/// the app's, or nothing is written: that proves the merge on this project's own code.
/// </summary>
internal sealed class RebasePlan
{
    /// <summary>How far back the model a migration was made on is looked for.</summary>
    private const int BaseSearch = 20;

    private readonly EngineSession _session;
    private readonly StaleModelCheck _stale;
    private readonly IMigrationsAssembly _migrations;
    private readonly IMigrationsCodeGenerator _generator;
    private readonly List<string> _ids;
    private readonly Dictionary<string, List<ModelStatement>?> _code = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _bases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IModel?> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _downs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _designers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _merged = new(StringComparer.Ordinal);
    private string? _after;

    public RebasePlan(EngineSession session, StaleModelCheck stale)
    {
        _session = session;
        _stale = stale;
        _migrations = session.Service<IMigrationsAssembly>();
        _generator = session.DesignServices.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select(session.Request.Language);
        _ids = _migrations.Migrations.Keys.ToList();
    }

    /// <summary>
    /// The named migrations, and every later one made on top of one of them (its model was made on
    /// theirs, so it moves with them to keep its place on its branch), in order.
    /// </summary>
    public List<string> WithFollowers(IEnumerable<string> named)
    {
        var moved = named.Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        foreach (var id in _ids.SkipWhile(id => id != moved[0]).Where(id => !moved.Contains(id)))
        {
            if (BaseOf(id) is { } made && moved.Contains(made))
            {
                moved.Add(id);
            }
        }

        return moved.OrderBy(id => id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The Designer code of each moved migration but the last (whose model is the app's, generated
    /// as EF Core does), merged; refuses when two branches changed one thing differently, or when the
    /// merged models don't end at the app's.
    /// </summary>
    public void Merge(IReadOnlyList<string> moved, string after, IModel appModel)
    {
        _after = after;
        var model = Designed(after);
        foreach (var id in moved)
        {
            var conflicts = new List<string>();
            var made = BaseOf(id);
            model = ModelCodeMerge.Merge(made is null ? [] : Designed(made), model, Designed(id), conflicts);
            if (conflicts.Count > 0)
            {
                throw new EngineException($"{Name(id)} and the migrations before it both change the same part of the model: "
                    + string.Join("; ", conflicts) + ". Rebase can't choose: generate it again on the merged branch "
                    + "(docs/rules/MIG014.md). Nothing was changed.", ExitCodes.Findings);
            }

            _merged[id] = ModelCode.Render(model, Environment.NewLine);
        }

        var differences = ModelCodeMerge.Differences(model, Body(Generate(appModel))).ToList();
        if (differences.Count > 0)
        {
            throw new EngineException($"Merged, the models of {string.Join(", ", moved.Select(Name))} don't add up to the app's model: "
                + string.Join("; ", differences.Take(10)) + ". Either the model was changed since the merge (rebase first, then make the change), "
                + "or both branches changed the same thing (generate the migration again on the merged branch: docs/rules/MIG014.md). "
                + "Nothing was changed.", ExitCodes.Findings);
        }
    }

    /// <summary>
    /// A Designer EF Core generated for the app's model with its body replaced by the migration's merged
    /// model, and with the usings that model may need beyond the app's: its own Designer's and the other
    /// branch's (a column of a type the branch drops later, say).
    /// </summary>
    public string Designer(string metadata, string id)
    {
        var (start, end) = BodyRange(metadata);
        var designer = metadata[..start] + _merged[id] + metadata[end..];
        var usings = Usings(metadata).ToList();
        var extra = Usings(Generated(id)!).Union(Usings(Generated(_after!)!)).Except(usings).ToList();
        if (extra.Count == 0 || usings.Count == 0)
        {
            return designer;
        }

        // EF Core writes its usings as one block: that block, with the extra lines in their place.
        var newLine = metadata.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var sorted = usings.Concat(extra)
            .OrderBy(line => line.StartsWith("using System;", StringComparison.Ordinal) || line.StartsWith("using System.", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(line => line, StringComparer.Ordinal);
        return designer.Replace(string.Join(newLine, usings) + newLine, string.Join(newLine, sorted) + newLine, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Usings(string designer)
        => designer.Split('\n').Select(line => line.TrimEnd('\r')).TakeWhile(line => !line.StartsWith("namespace", StringComparison.Ordinal))
            .Where(line => line.StartsWith("using ", StringComparison.Ordinal) && line.EndsWith(';'));

    /// <summary>
    /// The migration whose model <paramref name="id"/> was generated on, of the ones before it: the
    /// newest its Down leads back to as EF Core generates it; else (a Down edited by hand, a provider
    /// whose differ writes it otherwise) of those from whose model to its own its Up makes exactly the
    /// tables, columns, indexes and keys that change, the one whose Designer code differs least from its
    /// own; else that one of all (the newest on a tie). Fewest differences alone would take the other
    /// branch's model for a follow-up that renames or drops what its branch added. Null for the first.
    /// </summary>
    public string? BaseOf(string id)
    {
        if (_bases.TryGetValue(id, out var known))
        {
            return known;
        }

        var candidates = _stale.ModelOf(id) is null ? []
            : _ids.TakeWhile(other => other != id).Reverse().Take(BaseSearch)
                .Where(candidate => _stale.ModelOf(candidate) is not null) // one written by hand, without a Designer, says nothing of the model
                .ToList();
        if (candidates.FirstOrDefault(candidate => DownLeadsTo(id, candidate)) is { } led)
        {
            return _bases[id] = led;
        }

        var up = ModelKeys.Net(_stale.Create(id).UpOperations.SelectMany(ModelKeys.Of)).ToHashSet();
        return _bases[id] = candidates.Where(candidate => ModelKeys.Difference(_stale.ModelOf(candidate)!, _stale.ModelOf(id)!).ToHashSet().SetEquals(up))
                .MinBy(candidate => Differences(candidate, id))
            ?? candidates.MinBy(candidate => Differences(candidate, id));
    }

    private int Differences(string candidate, string id) => ModelCodeMerge.Differences(CodeOf(candidate)!, CodeOf(id)!).Count();

    /// <summary>Whether the migration's Down is what EF Core generates from its model to the candidate's.</summary>
    private bool DownLeadsTo(string id, string candidate)
    {
        var differ = _session.Service<IMigrationsModelDiffer>();
        var down = differ.GetDifferences(ModelOf(id)!.GetRelationalModel(), ModelOf(candidate)!.GetRelationalModel());
        if (!_downs.TryGetValue(id, out var written))
        {
            try
            {
                _downs[id] = written = _generator.GenerateMigration("Rebase", "Rebase", [], _stale.Create(id).DownOperations);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _downs[id] = written = null; // an irreversible migration's Down throws: it leads nowhere, its Up decides
            }
        }

        return written is not null && _generator.GenerateMigration("Rebase", "Rebase", [], down) == written;
    }

    /// <summary>The migration's Designer model, finalized; null without a Designer.</summary>
    private IModel? ModelOf(string id)
    {
        if (!_models.TryGetValue(id, out var model))
        {
            _models[id] = model = _stale.ModelOf(id) is null ? null
                : ModelDrift.Finalize(_stale.Create(id).TargetModel!, _session.Service<IModelRuntimeInitializer>());
        }

        return model;
    }

    /// <summary>The code EF Core generates for the migration's Designer model; null without a Designer.</summary>
    private List<ModelStatement>? CodeOf(string id)
    {
        if (!_code.TryGetValue(id, out var code))
        {
            _code[id] = code = Generated(id) is { } designer ? Body(designer) : null;
        }

        return code;
    }

    private string? Generated(string id)
    {
        if (!_designers.TryGetValue(id, out var designer))
        {
            _designers[id] = designer = ModelOf(id) is { } model ? Generate(model) : null;
        }

        return designer;
    }

    private List<ModelStatement> Designed(string id) => CodeOf(id)
        ?? throw new EngineException($"{Name(id)} has no Designer (BuildTargetModel): rebase merges the Designers' models. Nothing was changed.");

    /// <summary>
    /// The Designer code EF Core generates for a model. A finalized Designer model writes
    /// ToTable("X", (string)null) where its Designer said ToTable("X"): the same mapping, written
    /// one way for every model compared (the app's model included).
    /// </summary>
    private string Generate(IModel model)
        => _generator.GenerateMetadata("Rebase", _session.Context.GetType(), "Rebase", "00000000000000_Rebase", model)
            .Replace(", (string)null);", ");", StringComparison.Ordinal);

    private static List<ModelStatement> Body(string designer)
    {
        var (start, end) = BodyRange(designer);
        return ModelCode.Parse(designer[start..end]);
    }

    /// <summary>The model-building code of a Designer EF Core generated: between its two <c>#pragma warning</c> lines.</summary>
    private static (int Start, int End) BodyRange(string designer)
    {
        const string Disable = "#pragma warning disable 612, 618";
        var open = designer.IndexOf(Disable, StringComparison.Ordinal);
        var close = designer.IndexOf("#pragma warning restore 612, 618", StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            throw new EngineException("The Designer code generated for a moved migration has no model-building section between #pragma warning lines: "
                + "rebase can merge only C# Designers as EF Core writes them. Nothing was changed.");
        }

        var start = designer.IndexOf('\n', open) + 1;
        var end = designer.LastIndexOf('\n', close - 1);
        return (start, end);
    }

    private string Name(string id) => _migrations.Migrations.TryGetValue(id, out var type) ? type.Name : id;
}
