using System.Text.RegularExpressions;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// <c>test --seed</c>: seed data put in once the first pass reaches <see cref="At"/> (a SQL file, or
/// the app's own <c>UseSeeding</c>), then after each later Up the rows are read again. A migration
/// that claims to keep data (no MIG101..MIG105 finding, no acknowledged MIG504) must leave every
/// seeded row and value in place, else MIG504.
/// </summary>
internal sealed class SeedCheck(EngineSession session, SchemaReader reader, Sources.SourceLocator sources, string source, string? at,
    Action<DbContext>? appSeeding)
{
    /// <summary>A migration that claims to keep data loses seeded rows or values.</summary>

    /// <summary>The rules whose findings say a migration loses data by design.</summary>
    private static readonly HashSet<string> DataLossRules = ["MIG101", "MIG102", "MIG103", "MIG104", "MIG105"];

    private readonly IMigrationsAssembly _migrations = session.Service<IMigrationsAssembly>();
    private RowSnapshot? _rows;

    /// <summary>The migration after whose Up the seed goes in (null: at base, before the first Up).</summary>
    public string? At => at;

    /// <summary>Puts the seed in; the step says how many rows it made, or why it failed.</summary>
    public TestStep Plant(string id)
    {
        try
        {
            if (appSeeding is not null)
            {
                appSeeding(session.Context);
                session.Context.ChangeTracker.Clear();
            }
            else
            {
                RunSql(source);
            }
        }
        catch (Exception e) when (e is not EngineException)
        {
            var problem = appSeeding is not null
                ? $"The app's seeding (UseSeeding) failed at {id}: {EngineHost.Classify(e).Message} It is written for the current model: "
                    + "seed at a later migration with --seed-at, or give a SQL file."
                : $"The seed file {Path.GetFileName(source)} failed at {id}: {EngineHost.Classify(e).Message} It must fit the schema at {id} (--seed-at).";
            return new TestStep { Migration = id, Direction = "seed", Ok = false, Problem = problem };
        }

        _rows = RowSnapshot.Read(session, reader);
        return new TestStep { Migration = id, Direction = "seed", Ok = true, Note = $"{_rows.Rows} row(s) in {_rows.Tables} table(s) from {Describe()}" };
    }

    /// <summary>After the Up of <paramref name="id"/>: the seeded rows still there, unless it loses data by design; null before the seed.</summary>
    public TestStep? Verify(string id)
    {
        if (_rows is null)
        {
            return null;
        }

        var after = RowSnapshot.Read(session, reader);
        var before = _rows;
        _rows = after;
        if (LosesDataByDesign(id) is { } why)
        {
            return new TestStep { Migration = id, Direction = "data", Ok = true, Note = $"not checked: {why}" };
        }

        var lost = before.LostIn(after);
        return lost.Count == 0
            ? new TestStep { Migration = id, Direction = "data", Ok = true, Note = $"{before.Rows} seeded row(s) kept" }
            : new TestStep
            {
                Migration = id, Direction = "data", Ok = false, Differences = lost,
                Problem = $"{id} claims to keep data but loses seeded data: {string.Join("; ", lost)}.",
            };
    }

    /// <summary>Why a migration may lose data (its data-loss findings, or MIG504 acknowledged); null when it claims to keep it.</summary>
    private string? LosesDataByDesign(string id)
    {
        var acknowledged = Acknowledgement.Of(_migrations.Migrations[id])
            .FirstOrDefault(a => a.Rule.Equals(DiagnosticCodes.SeedLost, StringComparison.OrdinalIgnoreCase) && a.HasReason);
        if (acknowledged is not null)
        {
            return $"{DiagnosticCodes.SeedLost} acknowledged: {acknowledged.Reason!.Trim()}";
        }

        var rules = new SafetyAnalyzer(session, sources).Analyze([id])
            .Select(f => f.Rule).Where(DataLossRules.Contains).Distinct().Order().ToList();
        return rules.Count > 0 ? $"it loses data by design ({string.Join(", ", rules)})" : null;
    }

    private string Describe() => appSeeding is not null ? "the app's seeding" : Path.GetFileName(source);

    /// <summary>The file as the provider takes it; SQL Server's GO lines split it into batches, as sqlcmd does.</summary>
    private void RunSql(string path)
    {
        var text = File.ReadAllText(path);
        var batches = session.Context.Database.ProviderName?.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) == true
            ? Regex.Split(text, @"^\s*GO\s*;?\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            : [text];
        var database = session.Context.Database;
        database.OpenConnection();
        try
        {
            foreach (var batch in batches.Where(b => !string.IsNullOrWhiteSpace(b)))
            {
                using var command = database.GetDbConnection().CreateCommand();
                command.CommandText = batch;
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            database.CloseConnection();
        }
    }
}
