namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// The sample with years of history to squash: between its InitialCreate and AddLoans, eighteen
/// migrations written by hand as a team might have (SQL that runs on SQLite and PostgreSQL) that leave
/// AddLoans' model as it was: a column added, filled by a raw SQL data step and dropped again; a work
/// table made, filled and dropped with raw SQL; a data step on every member; a view made with raw SQL
/// that stays; indexes made and dropped. After AddLoans, one more migration that a database at AddLoans still has to apply.
/// </summary>
public static class SquashableSample
{
    /// <summary>The name of the data step that reads a column the squashed schema no longer has.</summary>
    public const string FillLegacy = "Step03_FillLegacy";

    public const string View = "MemberNames";

    public const string After = "20991231000000_IndexMemberJoinedAt";

    /// <summary>Writes the steps between the copy's InitialCreate and AddLoans (whatever their ids) and the one after; returns the steps' ids.</summary>
    public static IReadOnlyList<string> Write(SampleCopy copy)
    {
        var initial = copy.MigrationId("InitialCreate");
        var steps = new List<(string Name, string Up, string Down)>
        {
            ("AddLegacy", AddLegacy, DropLegacy),
            ("CreateWork", Sql("CREATE TABLE \\\"Work\\\" (\\\"Id\\\" integer NOT NULL PRIMARY KEY, \\\"Note\\\" text)"), Sql("DROP TABLE \\\"Work\\\"")),
            ("FillLegacy", Sql("UPDATE \\\"Members\\\" SET \\\"Legacy\\\" = \\\"Name\\\""), string.Empty),
            ("FillWork", Sql("INSERT INTO \\\"Work\\\" (\\\"Id\\\", \\\"Note\\\") SELECT \\\"Id\\\", \\\"Email\\\" FROM \\\"Members\\\""),
                Sql("DELETE FROM \\\"Work\\\"")),
            ("DropLegacy", DropLegacy, AddLegacy),
            ("DropWork", Sql("DROP TABLE \\\"Work\\\""), Sql("CREATE TABLE \\\"Work\\\" (\\\"Id\\\" integer NOT NULL PRIMARY KEY, \\\"Note\\\" text)")),
            ("TouchMembers", Sql("UPDATE \\\"Members\\\" SET \\\"Name\\\" = \\\"Name\\\""), string.Empty),
            ("CreateView", Sql($"CREATE VIEW \\\"{View}\\\" AS SELECT \\\"Id\\\", \\\"Name\\\" FROM \\\"Members\\\""), Sql($"DROP VIEW \\\"{View}\\\"")),
        };
        for (var i = 0; steps.Count < 18; i++)
        {
            var index = $"IX_Members_Step{i}";
            steps.Add(i % 2 == 0
                ? ($"AddIndex{i}", $"""migrationBuilder.CreateIndex(name: "{index}", table: "Members", column: "Name");""",
                    $"""migrationBuilder.DropIndex(name: "{index}", table: "Members");""")
                : ($"DropIndex{i - 1}", $"""migrationBuilder.DropIndex(name: "IX_Members_Step{i - 1}", table: "Members");""",
                    $"""migrationBuilder.CreateIndex(name: "IX_Members_Step{i - 1}", table: "Members", column: "Name");"""));
        }

        var ids = steps.Select((s, i) => $"{initial[..14]}_Step{i + 1:00}_{s.Name}").ToList();
        foreach (var ((_, up, down), id) in steps.Zip(ids))
        {
            copy.WriteMigration(id, up, down);
        }

        copy.WriteMigration(After, """migrationBuilder.CreateIndex(name: "IX_Members_JoinedAt", table: "Members", column: "JoinedAt");""",
            """migrationBuilder.DropIndex(name: "IX_Members_JoinedAt", table: "Members");""");
        return ids;
    }

    private const string AddLegacy = """migrationBuilder.AddColumn<string>(name: "Legacy", table: "Members", nullable: true);""";

    private static readonly string DropLegacy = Sql("ALTER TABLE \\\"Members\\\" DROP COLUMN \\\"Legacy\\\"");

    private static string Sql(string sql) => $"migrationBuilder.Sql(\"{sql}\");";
}
