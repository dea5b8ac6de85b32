using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// squash on an app with history (<see cref="SquashableSample"/>): twenty migrations become one,
/// proved on a scratch database; refused, changing no file, while a kept data step can't run on the
/// squashed schema; then a database at the squashed migration upgrades onward, a new one reaches the
/// same schema, and one inside the squashed range is told how to move.
/// </summary>
public abstract class SquashTests : IDisposable
{
    protected abstract SampleCopy Copy { get; }

    protected abstract string NewDatabase(string name);

    /// <summary>The schema as lines (columns, keys, indexes, views), sorted; EF Core's own tables left out.</summary>
    protected abstract IReadOnlyList<string> Schema(string db);

    protected abstract IReadOnlyList<string> Applied(string db);

    public abstract void Dispose();

    private static void Ok(ProcessResult run) => run.ExitCode.Should().Be(0, run.ToString());

    [Fact]
    public void Twenty_migrations_squash_into_one_that_builds_the_same_schema_and_every_database_moves_on()
    {
        var steps = SquashableSample.Write(Copy);
        Copy.Build();
        File.Delete(Path.Combine(Copy.Directory, "Migrations", "migrations.lock.json")); // the history was locked as it grew: all of it at once here
        Ok(Copy.Migrate("lock", "--baseline", "--no-build"));
        var loans = Copy.MigrationId("AddLoans");
        var atLoans = NewDatabase("at_loans");
        var inside = NewDatabase("inside");
        Ok(Copy.Migrate("upgrade", loans, "--no-build", "--connection", atLoans));
        Ok(Copy.Migrate("upgrade", steps[5], "--no-build", "--connection", inside));
        var files = TeamRepo.Files(Copy);

        var refused = Copy.Migrate("squash", "AddLoans", "--no-build");

        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Stderr.Should().Contain("The squashed migration's Up fails on an empty database")
            .And.Contain(SquashableSample.FillLegacy).And.Contain("--drop-data-steps").And.Contain("Nothing was changed");
        TeamRepo.Files(Copy).Should().Equal(files, "a squash that isn't proved writes nothing");

        var dryRun = Copy.Migrate("squash", "AddLoans", "--drop-data-steps", "--dry-run", "--no-build");

        dryRun.ExitCode.Should().Be(0, dryRun.ToString());
        dryRun.Stdout.Should().Contain($"Would squash 20 migration(s) into {loans}").And.Contain("would delete");
        TeamRepo.Files(Copy).Should().Equal(files, "a dry run writes nothing");

        var squash = Copy.Migrate("squash", "AddLoans", "--drop-data-steps", "--no-build", "--json");

        squash.ExitCode.Should().Be(0, squash.ToString());
        var result = squash.Json();
        result.GetProperty("squashed").GetArrayLength().Should().Be(20);
        result.GetProperty("relocked").GetBoolean().Should().BeTrue();
        var view = $"CREATE VIEW \"{SquashableSample.View}\"";
        result.GetProperty("keptSteps").EnumerateArray().Select(s => s.GetString()).Should().Contain(s => s!.Contains(view));
        result.GetProperty("droppedSteps").EnumerateArray().Select(s => s.GetString()).Should().Contain(s => s!.Contains(SquashableSample.FillLegacy));
        result.GetProperty("replacedSteps").EnumerateArray().Select(s => s.GetString()).Should().Contain(s => s!.Contains("DROP COLUMN \"Legacy\""));
        Copy.MigrationFiles().Where(f => !f.EndsWith("Snapshot.cs", StringComparison.Ordinal)).Should()
            .BeEquivalentTo([$"{loans}.cs", $"{loans}.Designer.cs", $"{SquashableSample.After}.cs"]);

        Copy.Build();
        var check = Copy.Migrate("check", "--no-build", "--connection", NewDatabase("check"));
        check.ExitCode.Should().Be(0, "the squashed migration is locked as what it now does: {0}", check);

        var onward = Copy.Migrate("upgrade", "--no-build", "--connection", atLoans);
        var fresh = NewDatabase("fresh");
        var created = Copy.Migrate("upgrade", "--no-build", "--connection", fresh);
        var stuck = Copy.Migrate("upgrade", "--no-build", "--connection", inside);

        onward.ExitCode.Should().Be(0, onward.ToString());
        Applied(atLoans).Should().Contain(SquashableSample.After);
        created.ExitCode.Should().Be(0, created.ToString());
        Applied(fresh).Should().Equal(loans, SquashableSample.After);
        Schema(fresh).Should().Equal(Schema(atLoans), "a new database reaches the schema the old migrations built")
            .And.Contain(l => l.Contains(SquashableSample.View));
        stuck.ExitCode.Should().Be(4, stuck.ToString());
        stuck.Stderr.Should().Contain("already has table(s) Authors").And.Contain($"upgrade the database past {loans} with the build from before the squash");
        Applied(inside).Should().HaveCount(7, "nothing was changed (InitialCreate and six steps)");
    }
}

public sealed class SqliteSquashTests : SquashTests
{
    private readonly SampleCopy _copy = new();

    protected override SampleCopy Copy => _copy;

    protected override string NewDatabase(string name) => _copy.NewDatabase(name);

    protected override IReadOnlyList<string> Schema(string db)
    {
        var path = _copy.DatabasePath(db);
        const string Tables = "FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE '__EF%'";
        return [.. SqliteFile.Strings(path, $"SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p.\"notnull\" || ' ' || coalesce(p.dflt_value, '') || "
            + $"' ' || p.pk {Tables.Replace("FROM sqlite_master m", "FROM sqlite_master m, pragma_table_info(m.name) p")}")
            .Concat(SqliteFile.Strings(path, $"SELECT m.name || ' -> ' || f.\"table\" || '.' || f.\"to\" || ' ' || f.on_delete "
                + $"{Tables.Replace("FROM sqlite_master m", "FROM sqlite_master m, pragma_foreign_key_list(m.name) f")}"))
            .Concat(SqliteFile.Strings(path, "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type IN ('index', 'view') AND "
                + "name NOT LIKE 'sqlite%'"))
            .Order(StringComparer.Ordinal)];
    }

    protected override IReadOnlyList<string> Applied(string db) => SqliteFile.AppliedMigrations(_copy.DatabasePath(db));

    public override void Dispose() => _copy.Dispose();

    [Fact]
    public void A_history_table_shared_with_another_context_is_not_taken_for_a_squashed_range()
    {
        _copy.Build();
        var db = _copy.NewDatabase("shared");
        SqliteFile.Execute(_copy.DatabasePath(db),
            "CREATE TABLE \"__EFMigrationsHistory\" (\"MigrationId\" TEXT NOT NULL PRIMARY KEY, \"ProductVersion\" TEXT NOT NULL); "
            + "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20200101000000_OtherContextInit', '10.0.0')");

        var upgrade = _copy.Migrate("upgrade", "--no-build", "--connection", db);

        upgrade.ExitCode.Should().Be(0, "none of the tables the first migration creates is there: {0}", upgrade);
        Applied(db).Should().Contain("20200101000000_OtherContextInit").And.Contain(_copy.MigrationId("AddLoans"));
    }

    [Fact]
    public void Bad_input_is_a_usage_error_that_changes_no_file()
    {
        _copy.Build();
        var files = TeamRepo.Files(_copy);

        var unknown = _copy.Migrate("squash", "AddNothing", "--no-build");
        var pastHead = _copy.Migrate("squash", "+5", "--no-build");
        var first = _copy.Migrate("squash", "InitialCreate", "--no-build");

        unknown.ExitCode.Should().Be(2, unknown.ToString());
        unknown.Stderr.Should().Contain("No migration matches 'AddNothing'");
        pastHead.ExitCode.Should().Be(2, pastHead.ToString());
        pastHead.Stderr.Should().Contain("goes past head");
        first.ExitCode.Should().Be(2, first.ToString());
        first.Stderr.Should().Contain("InitialCreate is the first migration: there is nothing before it to squash");
        TeamRepo.Files(_copy).Should().Equal(files);

        var loans = _copy.MigrationId("AddLoans");
        var path = Path.Combine(_copy.Directory, "Migrations", loans + ".cs");
        const string Create = "\n            migrationBuilder.CreateTable(";
        File.WriteAllText(path, File.ReadAllText(path).Replace(Create, "\n<<<<<<< HEAD\n=======\n>>>>>>> theirs" + Create, StringComparison.Ordinal));
        files = TeamRepo.Files(_copy);

        var conflicted = _copy.Migrate("squash", "AddLoans");

        conflicted.ExitCode.Should().Be(2, conflicted.ToString());
        conflicted.Stderr.Should().Contain($"{loans}.cs(").And.Contain("merge conflict markers").And.Contain("Nothing was changed");
        TeamRepo.Files(_copy).Should().Equal(files);
    }
}

public sealed class PostgresSquashTests(PostgresServer server) : SquashTests
{
    private readonly PostgresServer _server = server;
    private SampleCopy? _copy;

    /// <summary>The sample with its PostgreSQL migrations, made on first use (after the skip when there is no server).</summary>
    protected override SampleCopy Copy => _copy ??= ProviderSample.PostgresCopy(_server);

    protected override string NewDatabase(string name) => _server.DatabaseConnection($"squash_{name}_{Guid.NewGuid():N}"[..30]);

    protected override IReadOnlyList<string> Schema(string db)
        => [.. _server.Strings(db, "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || is_identity || ' ' || "
            + "coalesce(column_default, '') || ' ' || coalesce(character_maximum_length::text, '') "
            + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'")
            .Concat(_server.Strings(db, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'"))
            .Concat(_server.Strings(db, "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '\"\\_\\_EF%'"))
            .Concat(_server.Strings(db, "SELECT viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public'"))
            .Order(StringComparer.Ordinal)];

    protected override IReadOnlyList<string> Applied(string db) => _server.AppliedMigrations(db);

    public override void Dispose() => _copy?.Dispose();
}
