using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// upgrade and downgrade keep the SQL EF Core generated for each migration in obj/, and the next
/// move on the same code runs it instead of building every migration's target model again. What runs
/// from the cache must be what EF Core generates, byte for byte, and any edit to a migration (its
/// Designer included) must be generated afresh.
/// </summary>
public sealed class MigrationSqlCacheTests : IDisposable
{
    private readonly SampleCopy _copy = new();

    public MigrationSqlCacheTests()
    {
        // A migration SQLite can only run by rebuilding the table from the migration's target model.
        _copy.Edit("Model/Member.cs", "public required string Email { get; set; }", "public string? Email { get; set; }");
        _copy.Migrate("revision", "-m", "optional email").ExitCode.Should().Be(0);
        _copy.Build();
    }

    public void Dispose() => _copy.Dispose();

    private string CacheFile => Path.Combine(_copy.Directory, "obj", "Library.migrate-sql.json");

    [Fact]
    public void A_second_upgrade_and_downgrade_run_the_SQL_EF_Core_generated_for_the_first_byte_for_byte()
    {
        var (first, second) = (_copy.NewDatabase("first"), _copy.NewDatabase("second"));
        var ids = _copy.MigrationFiles().Where(f => !f.EndsWith(".Designer.cs", StringComparison.Ordinal) && !f.Contains("Snapshot", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        ids.Should().HaveCount(3);

        Move(first, "upgrade").Should().Contain("SQL of 0 migration(s) taken from").And.Contain("; 3 generated now and kept there");
        var kept = Kept();
        kept.Keys.Should().BeEquivalentTo(ids.Select(id => $"{id}|up|0"));
        kept[$"{ids[2]}|up|0"].Should()
            .Contain(sql => sql.Contains("ef_temp_Members", StringComparison.Ordinal), "SQLite rebuilds the table from the target model");

        // Each migration's statements, in order, are EF Core's own script's (generated with the cache off).
        var script = _copy.MigrateWith(new Dictionary<string, string?> { ["MIGRATIONS_NO_CACHE"] = "1" },
            "upgrade", "--sql", "--no-build", "--connection", _copy.NewDatabase("nowhere"));
        script.ExitCode.Should().Be(0, script.ToString());
        var at = 0;
        foreach (var sql in ids.SelectMany(id => kept[$"{id}|up|0"]))
        {
            var found = script.Stdout.IndexOf(sql, at, StringComparison.Ordinal);
            found.Should().BeGreaterThanOrEqualTo(0, $"EF Core's script has, after what came before it, the statement\n{sql}");
            at = found + sql.Length;
        }

        Move(second, "upgrade").Should().Contain("SQL of 3 migration(s) taken from").And.Contain("; 0 generated now.");
        Schema(second).Should().Equal(Schema(first));
        SqliteFile.AppliedMigrations(_copy.DatabasePath(second)).Should().Equal(SqliteFile.AppliedMigrations(_copy.DatabasePath(first)));

        Move(first, "downgrade", "base").Should().Contain("SQL of 0 migration(s) taken from").And.Contain("; 3 generated now and kept there");
        Move(second, "downgrade", "base").Should().Contain("SQL of 3 migration(s) taken from");
        Schema(second).Should().Equal(Schema(first)).And.NotContain(sql => sql.Contains("Members", StringComparison.Ordinal));
    }

    [Fact]
    public void An_edit_to_a_migrations_Designer_is_generated_afresh_a_damaged_cache_is_written_anew_and_MIGRATIONS_NO_CACHE_keeps_none()
    {
        var (first, second) = (_copy.NewDatabase("first"), _copy.NewDatabase("second"));
        File.WriteAllText(CacheFile, "{ \"entries\": [ not json");
        Move(first, "upgrade").Should().Contain("SQL of 0 migration(s) taken from");
        Kept().Should().HaveCount(3);

        // Only the target model changes: the rebuilt table takes its column types from it.
        var designer = Path.Combine("Migrations", _copy.MigrationFiles().Single(f => f.EndsWith("_OptionalEmail.Designer.cs", StringComparison.Ordinal)));
        _copy.Write(designer, _copy.Read(designer).Replace("HasColumnType(\"TEXT\")", "HasColumnType(\"VARCHAR(77)\")", StringComparison.Ordinal));
        _copy.Build();

        Move(second, "upgrade").Should().Contain("SQL of 2 migration(s) taken from").And.Contain("; 1 generated now and kept there");
        Members(second).Should().Contain("VARCHAR(77)");
        Members(first).Should().NotContain("VARCHAR(77)");

        File.Delete(CacheFile);
        var off = _copy.MigrateWith(new Dictionary<string, string?> { ["MIGRATIONS_NO_CACHE"] = "1" }, "upgrade", "-v", "--no-build",
            "--connection", _copy.NewDatabase("third"));
        off.ExitCode.Should().Be(0, off.ToString());
        off.Stderr.Should().NotContain("taken from");
        File.Exists(CacheFile).Should().BeFalse();
    }

    private string Move(string connection, params string[] verb)
    {
        var run = _copy.Migrate([.. verb, "-v", "--no-build", "--connection", connection]);
        run.ExitCode.Should().Be(0, run.ToString());
        return run.Stderr;
    }

    /// <summary>The statements kept for each migration, by its slot (id|direction|options).</summary>
    private Dictionary<string, List<string>> Kept()
        => JsonDocument.Parse(File.ReadAllText(CacheFile)).RootElement.GetProperty("entries").EnumerateObject()
            .ToDictionary(e => e.Name, e => e.Value.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("sql").GetString()!).ToList());

    private List<string> Schema(string connection)
        => SqliteFile.Strings(_copy.DatabasePath(connection), "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name");

    private string Members(string connection)
        => SqliteFile.Scalar(_copy.DatabasePath(connection), "SELECT sql FROM sqlite_master WHERE name = 'Members'");
}
