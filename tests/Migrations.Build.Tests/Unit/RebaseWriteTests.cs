using System.Text;
using FluentAssertions;
using Migrations.Build.Engine;
using Migrations.Build.Engine.Scaffold;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// rebase and squash change the project's files all or nothing: one that can't be written or deleted
/// puts back the others; and the ids rebase gives always sort after the migration it moves past.
/// </summary>
public sealed class RebaseWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rebase-write-").FullName;

    [Fact]
    public void A_file_that_cant_be_written_takes_back_those_written_before_it_and_the_snapshot_stays()
    {
        var snapshot = Write("LibraryContextModelSnapshot.cs", "<<<<<<< HEAD\nthe snapshot as git left it");
        var blocked = Directory.CreateDirectory(Path.Combine(_folder, "20261205000002_AddSeries.cs")).FullName; // a folder where a file goes
        var change = new ProjectFileChange("Rebase")
            .Write(Path.Combine(_folder, "20261205000001_AddSubtitle.cs"), Bytes("moved"))
            .Write(blocked, Bytes("moved"))
            .Write(snapshot, Bytes("merged"));

        var act = change.Apply;

        act.Should().Throw<EngineException>().WithMessage("Rebase could not change *20261205000002_AddSeries.cs*Nothing was changed*");
        File.Exists(Path.Combine(_folder, "20261205000001_AddSubtitle.cs")).Should().BeFalse();
        File.ReadAllText(snapshot).Should().Be("<<<<<<< HEAD\nthe snapshot as git left it");
    }

    [Fact]
    public void An_old_file_that_cant_be_deleted_puts_back_the_new_files_the_snapshot_and_the_old_ones_deleted_before_it()
    {
        var snapshot = Write("LibraryContextModelSnapshot.cs", "as git left it");
        var oldMigration = Write("20261201000000_AddSubtitle.cs", "the migration as written");
        var undeletable = Directory.CreateDirectory(Path.Combine(_folder, "20261201000000_AddSubtitle.Designer.cs")).FullName;
        File.WriteAllText(Path.Combine(undeletable, "inside"), "a folder File.Delete refuses");
        var moved = Path.Combine(_folder, "20261205000001_AddSubtitle.cs");
        var change = new ProjectFileChange("Rebase").Write(moved, Bytes("the migration as written")).Write(snapshot, Bytes("merged"))
            .Delete(oldMigration).Delete(undeletable);

        var act = change.Apply;

        act.Should().Throw<EngineException>().WithMessage("*Nothing was changed*");
        File.Exists(moved).Should().BeFalse("the project never holds a migration's old and new files at once");
        File.ReadAllText(oldMigration).Should().Be("the migration as written");
        File.ReadAllText(snapshot).Should().Be("as git left it");
    }

    [Fact]
    public void Written_whole_each_file_has_its_bytes_and_a_path_both_written_and_deleted_is_kept()
    {
        var snapshot = Write("LibraryContextModelSnapshot.cs", "old");
        var moved = Path.Combine(_folder, "20261205000001_AddSubtitle.cs");
        var old = Write("20261201000000_AddSubtitle.cs", "old");
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. Bytes("kept as written")];

        new ProjectFileChange("Rebase").Write(moved, withBom).Write(snapshot, Bytes("merged")).Delete(old).Delete(snapshot).Apply();

        File.ReadAllBytes(moved).Should().Equal(withBom);
        File.ReadAllText(snapshot).Should().Be("merged");
        File.Exists(old).Should().BeFalse();
    }

    [Fact]
    public void New_ids_sort_after_a_migration_dated_ahead_of_the_clock_in_order()
    {
        var moves = RebaseOperations.NewIds(new ClockIds("20261205120000"),
            [("20261201000000_AddSubtitle", "AddSubtitle"), ("20261202000000_AddSeries", "AddSeries")], after: "20300101000000_FromTheFuture");

        moves.Select(m => m.To).Should().Equal("20300101000001_AddSubtitle", "20300101000002_AddSeries");
    }

    [Fact]
    public void A_new_id_is_never_the_moved_migrations_own()
    {
        var moves = RebaseOperations.NewIds(new ClockIds("20261205120000"), [("20261205120000_AddSubtitle", "AddSubtitle")], after: "20261205110000_AddPhone");

        moves.Single().To.Should().Be("20261205120001_AddSubtitle", "made in the same second as the rebase, it still moves");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>EF Core's id generator, its clock stopped at <paramref name="now"/>.</summary>
    private sealed class ClockIds(string now) : IMigrationsIdGenerator
    {
        public string GenerateId(string name) => now + "_" + name;

        public string GetName(string id) => id[15..];

        public bool IsValidId(string value) => value.Length > 15 && value[14] == '_';
    }
}
