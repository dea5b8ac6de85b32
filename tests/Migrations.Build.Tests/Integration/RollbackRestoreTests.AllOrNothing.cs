using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;

namespace Migrations.Build.Tests.Integration;

/// <summary>Restore is all or nothing: a malformed file, or a write the database refuses on any table, leaves every table as it was.</summary>
public abstract partial class RollbackRestoreTests
{
    [Fact]
    public void A_restore_that_fails_on_a_later_table_leaves_the_earlier_ones_as_they_were()
    {
        var db = Seeded(nameof(A_restore_that_fails_on_a_later_table_leaves_the_earlier_ones_as_they_were));
        var file = Migrate(db, "backup", "--backup-dir", BackupDir, "--json").Json().GetProperty("file").GetString()!;
        Run(db, "UPDATE \"Members\" SET \"Name\" = 'Changed since' WHERE \"Id\" = 1");
        Run(db, "DELETE FROM \"Fines\"");

        // Two of the backed-up fines are member 1's: the second breaks the index, after Members was written.
        Run(db, "CREATE UNIQUE INDEX \"OneFineEach\" ON \"Fines\" (\"MemberId\")");
        var run = Migrate(db, "restore", file);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Stderr.Should().Contain("Restoring Fines failed").And.Contain("Nothing was restored: the rows of every table were rolled back together");
        Rows(db, "Members", "\"Name\"").Should().Contain("Changed since", "Members was restored before Fines failed, and rolled back with it");
        Rows(db, "Fines").Should().BeEmpty();
    }

    [Fact]
    public void Malformed_backups_are_refused_before_anything_changes()
    {
        var db = Seeded(nameof(Malformed_backups_are_refused_before_anything_changes));
        var file = Migrate(db, "backup", "--backup-dir", BackupDir, "--json").Json().GetProperty("file").GetString()!;
        Run(db, "DELETE FROM \"Fines\"");
        var cases = new Dictionary<string, (Action<JsonObject> Change, string Message)>
        {
            ["table-twice"] = (doc => doc["tables"]!.AsArray().Add(Fines(doc).DeepClone()), "holds the table Fines twice"),
            ["key-twice"] = (doc => Fines(doc)["rows"]!.AsArray().Add(Fines(doc)["rows"]![0]!.DeepClone()), "twice in the backup"),
            ["columns-by-case"] = (doc => Fines(doc)["columns"]![1]!["name"] = ((string)Fines(doc)["columns"]![0]!["name"]!).ToUpperInvariant(),
                "names equal ignoring case"),
        };

        foreach (var (name, (change, message)) in cases)
        {
            var bad = Path.Combine(BackupDir, name + ".json");
            File.WriteAllText(bad, Resealed(File.ReadAllText(file), change));

            var run = Migrate(db, "restore", bad);

            run.ExitCode.Should().Be(2, "{0}: {1}", name, run);
            run.Stderr.Should().Contain(message, name).And.Contain("othing was restored", name);
            Rows(db, "Fines").Should().BeEmpty(name);
        }
    }

    [Fact]
    public void A_key_held_twice_far_into_a_large_table_is_still_refused()
    {
        // Beyond 262,144 keys restore stops holding them exactly (its memory stays flat) and confirms what its filter suspects in a second read.
        var db = Seeded(nameof(A_key_held_twice_far_into_a_large_table_is_still_refused));
        for (var i = 0; i < 17; i++)
        {
            Run(db, "INSERT INTO \"Fines\" (\"MemberId\", \"Amount\", \"Rate\", \"Level\", \"Waived\", \"IssuedAt\", \"DueOn\", \"Reference\") "
                + "SELECT \"MemberId\", \"Amount\", \"Rate\", \"Level\", \"Waived\", \"IssuedAt\", \"DueOn\", \"Reference\" FROM \"Fines\"");
        }

        var file = Migrate(db, "backup", "--tables", "Fines", "--backup-dir", BackupDir, "--json").Json().GetProperty("file").GetString()!;
        Run(db, "DELETE FROM \"Fines\"");
        var bad = Path.Combine(BackupDir, "key-twice-large.json");
        File.WriteAllText(bad, Resealed(File.ReadAllText(file), doc => Fines(doc)["rows"]!.AsArray().Add(Fines(doc)["rows"]![0]!.DeepClone())));

        var run = Migrate(db, "restore", bad);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("Fines holds the row Id = 1 twice in the backup").And.Contain("Nothing was restored");
        Rows(db, "Fines").Should().BeEmpty();

        var good = Migrate(db, "restore", file, "--json");

        good.ExitCode.Should().Be(0, "393,216 distinct keys pass, whatever the filter suspected: {0}", good);
        good.Json().GetProperty("tables")[0].GetProperty("rows").GetInt64().Should().Be(3 << 17);
    }

    private static JsonObject Fines(JsonObject doc) => doc["tables"]!.AsArray().Select(t => t!.AsObject()).First(t => (string?)t["name"] == "Fines");

    /// <summary>A backup changed by <paramref name="change"/>, with row counts and checksums that match again (as a careful forger would).</summary>
    private static string Resealed(string text, Action<JsonObject> change)
    {
        var doc = JsonNode.Parse(text)!.AsObject();
        change(doc);
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var table in doc["tables"]!.AsArray().Select(t => t!.AsObject()))
        {
            var rows = table["rows"]!.AsArray().Select(r => r!.ToJsonString(options)).ToList();
            table["rowCount"] = rows.Count;
            table["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n")))));
        }

        return doc.ToJsonString(options);
    }
}
