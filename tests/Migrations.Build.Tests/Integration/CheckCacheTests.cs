using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// check keeps what it computed from the code (the model's drift, the migrations' hashes and safety
/// findings) in obj/, so the next check on the same code skips EF Core's model building. Any change
/// to the app, its configuration, its sources or the environment must be seen by the very next check.
/// </summary>
public sealed class CheckCacheTests : IDisposable
{
    private const string FromCache = "The model's drift is the last check's";

    private readonly SampleCopy _copy = new();

    public CheckCacheTests() => _copy.Build();

    public void Dispose() => _copy.Dispose();

    private string Database => _copy.NewDatabase("cache");

    [Fact]
    public void A_second_check_on_the_same_code_reports_exactly_what_the_first_did()
    {
        _copy.Migrate("upgrade", "--connection", Database).ExitCode.Should().Be(0);
        _copy.Migrate("downgrade", "-1", "--connection", Database).ExitCode.Should().Be(0);

        var first = Check(expectedExit: 1); // one migration pending on the database: MIG002
        var second = Check(expectedExit: 1);

        first.Stderr.Should().NotContain(FromCache, "nothing was kept before the first check");
        second.Stderr.Should().Contain(FromCache);
        second.Stderr.Should()
            .NotContain("The context's model is already built", "the sample's factory context is opened without building its model when nothing needs it");
        Result(second).Should().Be(Result(first));
        Found(second).Should().Contain("MIG002");

        // The database is read afresh each time: once it is at head, nothing is pending.
        _copy.Migrate("upgrade", "--connection", Database).ExitCode.Should().Be(0);
        var third = Check(expectedExit: 0);
        third.Stderr.Should().Contain(FromCache);
        Found(third).Should().BeEmpty();
    }

    [Fact]
    public void A_model_change_is_drift_on_the_next_check()
    {
        Check(expectedExit: 0);
        Check(expectedExit: 0).Stderr.Should().Contain(FromCache);

        _copy.AddMemberPhone();
        _copy.Build();

        var check = Check(expectedExit: 1);
        check.Stderr.Should().NotContain(FromCache);
        Found(check).Should().Equal("MIG001");
        check.Stdout.Should().Contain("Phone");
    }

    [Fact]
    public void Configuration_beside_the_project_or_in_the_environment_is_a_new_check()
    {
        Check(expectedExit: 0);
        Check(expectedExit: 0).Stderr.Should().Contain(FromCache);

        // A host reads appsettings.json from the project's folder, and a model may read its configuration.
        _copy.Write("appsettings.json", "{ \"Schema\": \"library\" }");
        Check(expectedExit: 0).Stderr.Should().NotContain(FromCache);
        Check(expectedExit: 0).Stderr.Should().Contain(FromCache);

        _copy.Environment["LIBRARY_SCHEMA_HINT"] = "other";
        Check(expectedExit: 0).Stderr.Should().NotContain(FromCache);
    }

    [Fact]
    public void A_data_file_in_a_subfolder_the_model_may_read_is_a_new_check()
    {
        _copy.Write("Data/genres.csv", "id,name\n1,Poetry\n");
        Check(expectedExit: 0);
        Check(expectedExit: 0).Stderr.Should().Contain(FromCache);

        // HasData fed from a file: the seed rows are part of the model.
        _copy.Write("Data/genres.csv", "id,name\n1,Poetry\n2,Drama\n");
        Check(expectedExit: 0).Stderr.Should().NotContain(FromCache);
    }

    [Fact]
    public void A_context_from_the_apps_host_reuses_the_last_checks_results_too()
    {
        _copy.RegisterContextInHost();
        _copy.Build();

        Check(expectedExit: 0).Stderr.Should().NotContain(FromCache);
        var again = Check(expectedExit: 0);
        again.Stderr.Should().Contain(FromCache);
        Found(again).Should().BeEmpty();

        // EF Core's design-time path builds the model as it makes a host's context: it is used as is.
        again.Stderr.Should().Contain("The context's model is already built");
    }

    [Fact]
    public void MIGRATIONS_NO_CACHE_computes_everything_and_keeps_nothing()
    {
        _copy.Environment["MIGRATIONS_NO_CACHE"] = "1";
        Check(expectedExit: 0);
        Check(expectedExit: 0).Stderr.Should().NotContain(FromCache);
        Directory.GetFiles(Path.Combine(_copy.Directory, "obj"), "*.migrate-check.json").Should().BeEmpty();
    }

    private ProcessResult Check(int expectedExit)
    {
        var check = _copy.Migrate("check", "--no-build", "--json", "--verbose", "--connection", Database);
        check.ExitCode.Should().Be(expectedExit, check.ToString());
        return check;
    }

    /// <summary>The rules of the findings reported.</summary>
    private static List<string> Found(ProcessResult check)
        => [.. JsonDocument.Parse(check.Stdout).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()!)];

    /// <summary>The result document as a user's script sees it, whitespace aside.</summary>
    private static string Result(ProcessResult check) => JsonSerializer.Serialize(JsonDocument.Parse(check.Stdout).RootElement);
}
