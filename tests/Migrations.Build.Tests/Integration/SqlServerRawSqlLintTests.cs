using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// lint reads raw SQL in SQL Server's dialect too ([x] quoting, dbo-qualified names, GO batches,
/// DELETE without FROM), with no server: one finding per statement, EF Core's history table not data.
/// </summary>
public sealed class SqlServerRawSqlLintTests(SqlServerSample sample) : IClassFixture<SqlServerSample>
{
    private const string Id = "20991231000000_CleanUp";

    [Fact]
    public void Each_raw_statement_gets_the_typed_operations_finding_once()
    {
        sample.Copy.WriteMigration(Id,
            "migrationBuilder.Sql(\"ALTER TABLE [dbo].[Members] DROP COLUMN [Email]\\nGO\\nDELETE [Loans]\\nGO\\n"
            + "TRUNCATE TABLE [dbo].[Authors];\\n-- bookkeeping\\nDELETE FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'x';\");",
            "migrationBuilder.Sql(\"-- nothing comes back\");");
        sample.Copy.Build();

        var lint = sample.Copy.Migrate("lint", "--no-build", "--json");

        lint.ExitCode.Should().Be(1, lint.ToString());
        var findings = lint.Json().GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("migration").GetString() == Id)
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("severity").GetString()}: {f.GetProperty("message").GetString()}").ToList();
        string[] expected =
        [
            "MIG102 error: Column dbo.Members.Email is dropped with all its values.",
            "MIG105 error: Raw SQL deletes every row of Loans (DELETE without WHERE): DELETE [Loans] ",
            "MIG105 error: Raw SQL empties dbo.Authors: TRUNCATE TABLE [dbo].[Authors] ",
            "MIG501 warning: Raw SQL runs: DELETE FROM [__EFMigrationsHistory] WHERE [MigrationId] =... ",
        ];
        findings.Should().HaveCount(expected.Length, string.Join("\n", findings));
        findings.Zip(expected).Should().OnlyContain(p => p.First.StartsWith(p.Second, StringComparison.Ordinal), string.Join("\n", findings));
    }
}
