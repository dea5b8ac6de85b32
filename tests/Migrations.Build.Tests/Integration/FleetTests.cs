using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// A database per tenant: <c>--connections</c> runs a command on every database of a list, several
/// at once; one that fails never stops the others, a second run resumes, and shards on several
/// machines run each database once. Written once, run on every provider (classes at the end).
/// </summary>
public abstract class FleetTests
{
    private const string Secret = "fleet-S3cret-pw";

    protected abstract SampleCopy Copy { get; }

    protected abstract TestDatabases Databases { get; }

    /// <summary>How many databases the provider's fleet has.</summary>
    protected abstract int Size { get; }

    private ProcessResult Migrate(IDictionary<string, string?> environment, params string[] args) => Copy.MigrateWith(environment, [.. args, "--no-build"]);

    /// <summary>A list file of <see cref="Size"/> new databases (the first given by a variable's name), and the environment that names it.</summary>
    protected (string File, List<string> Databases, Dictionary<string, string?> Environment) Fleet(string test, params string[] more)
    {
        var databases = Enumerable.Range(1, Size).Select(i => Databases.New($"{test}_{i}")).ToList();
        var variable = "FLEET_DB_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var lines = new[] { "# tenants", variable, "" }.Concat(databases.Skip(1)).Concat(more);
        var file = Path.Combine(Copy.Directory, test + ".connections");
        File.WriteAllLines(file, lines);
        return (file, databases, new Dictionary<string, string?> { [variable] = databases[0] });
    }

    [Fact]
    public void One_unreachable_database_fails_alone_and_a_second_run_resumes()
    {
        var unreachable = Databases.Unreachable + ";Password=" + Secret;
        var (file, databases, environment) = Fleet("fleet_resume", unreachable);

        var first = Migrate(environment, "upgrade", "--connections", file, "--json");

        first.ExitCode.Should().Be(1, first.ToString());
        var summary = first.Json();
        summary.GetProperty("done").GetInt32().Should().Be(Size);
        summary.GetProperty("failed").GetInt32().Should().Be(1);
        var broken = Entries(summary).Single(e => e.GetProperty("status").GetString() == "failed");
        first.Stderr.Should().Contain("1 failed: " + broken.GetProperty("name").GetString());
        databases.Should().AllSatisfy(db => Databases.Applied(db).Should().HaveCount(2, "every reachable database reaches head"));
        first.All.Should().NotContain(Secret).And.NotContain(databases[1], "databases are named by host/database, never by their connection string");

        var second = Migrate(environment, "upgrade", "--connections", file, "--json");

        second.ExitCode.Should().Be(1, second.ToString());
        Entries(second.Json()).Where(e => e.GetProperty("status").GetString() == "done")
            .Should().HaveCount(Size)
            .And.AllSatisfy(e => e.GetProperty("result").GetProperty("applied").GetArrayLength().Should().Be(0, "databases done are skipped"));
        second.Stderr.Should().Contain("1 failed: " + broken.GetProperty("name").GetString());
        second.All.Should().NotContain(Secret);
    }

    [Fact]
    public async Task Three_shards_started_together_run_every_database_exactly_once()
    {
        var (file, databases, environment) = Fleet("fleet_shards");

        var runs = Enumerable.Range(0, 3)
            .Select(i => Task.Run(() => Migrate(environment, "upgrade", "--connections", file, "--shard", $"{i}/3", "--json", "--parallel", "2")))
            .ToArray();
        await Task.WhenAll(runs);

        runs.Should().AllSatisfy(r => r.Result.ExitCode.Should().Be(0, r.Result.ToString()));
        var names = runs.SelectMany(r => Entries(r.Result.Json()).Select(e => e.GetProperty("name").GetString())).ToList();
        names.Should().HaveCount(Size).And.OnlyHaveUniqueItems("each database is in exactly one shard");
        runs.SelectMany(r => Entries(r.Result.Json())).Should().AllSatisfy(e => e.GetProperty("result").GetProperty("applied").GetArrayLength().Should().Be(2));
        databases.Should().AllSatisfy(db => Databases.Applied(db).Should().HaveCount(2));
    }

    [Fact]
    public void Current_over_a_fleet_says_where_each_database_is()
    {
        var (file, databases, environment) = Fleet("fleet_current");
        Copy.MigrateWith(environment, "upgrade", "--no-build", "--connection", databases[^1]).ExitCode.Should().Be(0);

        var run = Migrate(environment, "current", "--connections", file, "--parallel", "1");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Split('\n').Where(l => l.StartsWith("done", StringComparison.Ordinal)).Should().HaveCount(Size)
            .And.ContainSingle(l => l.Contains("up to date", StringComparison.Ordinal));
        run.Stderr.Should().Contain($"{Size} done, 0 failed.");
    }

    private static IEnumerable<JsonElement> Entries(JsonElement summary) => summary.GetProperty("databases").EnumerateArray();
}

public sealed class SqliteFleetTests(BuiltSample sample) : FleetTests, IClassFixture<BuiltSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override TestDatabases Databases { get; } = new SqliteDatabases(sample.Copy);

    protected override int Size => 20;

    [Theory]
    [InlineData("missing-file", "", "Could not find file")]
    [InlineData("empty", "", "names no database")]
    [InlineData("unset-variable", "", "FLEET_UNSET_VARIABLE is not set")]
    [InlineData("fleet", "--shard 3/3", "--shard 3/3: give i/n with 0 <= i < n")]
    [InlineData("fleet", "--parallel 0", "--parallel 0: give how many databases")]
    public void Bad_input_is_refused_before_any_database_is_touched(string list, string option, string message)
    {
        var (file, databases, environment) = Fleet("fleet_bad_" + list.Replace('-', '_'));
        var given = list switch
        {
            "missing-file" => file + ".nope",
            "empty" => Write(file + ".empty", "# no database here\n\n"),
            "unset-variable" => Write(file + ".unset", File.ReadAllText(file) + "\nFLEET_UNSET_VARIABLE\n"),
            _ => file,
        };

        var run = Copy.MigrateWith(environment,
            [.. "upgrade --no-build --connections".Split(' '), given, .. option.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(message);
        databases.Should().AllSatisfy(db => Databases.Exists(db).Should().BeFalse("nothing is changed on bad input"));
    }

    [Fact]
    public void Fail_fast_starts_no_other_database_after_the_first_failure()
    {
        var (file, databases, environment) = Fleet("fleet_fail_fast");
        File.WriteAllText(file, Databases.Unreachable + "\n" + File.ReadAllText(file));

        var run = Copy.MigrateWith(environment, "upgrade", "--no-build", "--connections", file, "--parallel", "1", "--fail-fast", "--json");

        run.ExitCode.Should().Be(1, run.ToString());
        var summary = run.Json();
        summary.GetProperty("failed").GetInt32().Should().Be(1);
        summary.GetProperty("notStarted").GetInt32().Should().Be(Size);
        run.Stderr.Should().Contain($"0 done, 1 failed, {Size} not started");
        databases.Should().AllSatisfy(db => Databases.Exists(db).Should().BeFalse());
    }

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }
}

public sealed class PostgresFleetTests(LivePostgresSample sample, PostgresServer server) : FleetTests, IClassFixture<LivePostgresSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override TestDatabases Databases { get; } = new PostgresDatabases(server);

    protected override int Size => 5;
}
