using FluentAssertions;
using Migrations.Build.Testing;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>The one-line helper of docs/testing.md, compiled from the very file users copy.</summary>
public sealed class MigrationCycleHelperTests(BuiltSample sample) : IClassFixture<BuiltSample>
{
    static MigrationCycleHelperTests() => MigrationCycle.Tool = [Repo.ToolDll];

    [Fact]
    public void Passes_on_good_migrations_and_fails_naming_the_step_that_breaks()
    {
        var copy = sample.Copy;

        MigrationCycle.Assert(copy.Directory, "--no-build");

        copy.WriteMigration("20991231000000_ForgetsIndex",
            "migrationBuilder.CreateIndex(name: \"IX_Books_Title\", table: \"Books\", column: \"Title\");\n"
            + "migrationBuilder.CreateIndex(name: \"IX_Books_PublishedOn\", table: \"Books\", column: \"PublishedOn\");",
            "migrationBuilder.DropIndex(name: \"IX_Books_PublishedOn\", table: \"Books\");");
        copy.Build();

        var failing = () => MigrationCycle.Assert(copy.Directory, "--no-build");

        failing.Should().Throw<MigrationCycleException>()
            .WithMessage("*dotnet migrate test failed on*(exit 1)*20991231000000_ForgetsIndex down: *index IX_Books_Title on Books is still there after Down*");
    }

    [Fact]
    public void A_run_that_cannot_start_fails_with_the_tools_own_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-app-" + Guid.NewGuid().ToString("N"));

        var failing = () => MigrationCycle.Assert(missing);

        failing.Should().Throw<MigrationCycleException>().WithMessage("*(exit 2)*" + Path.GetFileName(missing) + "*");
    }
}
