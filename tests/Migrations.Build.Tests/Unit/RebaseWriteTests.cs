using System.Text;
using FluentAssertions;
using Migrations.Build.Engine;
using Migrations.Build.Engine.Scaffold;

namespace Migrations.Build.Tests.Unit;

/// <summary>rebase writes its new files and the snapshot all or nothing: one it can't write takes back the others.</summary>
public sealed class RebaseWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rebase-write-").FullName;

    [Fact]
    public void A_file_that_cant_be_written_takes_back_those_written_before_it_and_the_snapshot_stays()
    {
        var snapshot = Write("LibraryContextModelSnapshot.cs", "<<<<<<< HEAD\nthe snapshot as git left it");
        var blocked = Directory.CreateDirectory(Path.Combine(_folder, "20261205000002_AddSeries.cs")).FullName; // a folder where a file goes
        var files = new List<(string, byte[])>
        {
            (Path.Combine(_folder, "20261205000001_AddSubtitle.cs"), Encoding.UTF8.GetBytes("moved")),
            (blocked, Encoding.UTF8.GetBytes("moved")),
        };

        var act = () => RebaseOperations.WriteAll(files, snapshot, Encoding.UTF8.GetBytes("merged"));

        act.Should().Throw<EngineException>().WithMessage("*could not write*Nothing was changed*");
        File.Exists(Path.Combine(_folder, "20261205000001_AddSubtitle.cs")).Should().BeFalse();
        File.ReadAllText(snapshot).Should().Be("<<<<<<< HEAD\nthe snapshot as git left it");
    }

    [Fact]
    public void Written_whole_each_file_has_its_bytes()
    {
        var snapshot = Write("LibraryContextModelSnapshot.cs", "old");
        var moved = Path.Combine(_folder, "20261205000001_AddSubtitle.cs");
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("kept as written")];

        RebaseOperations.WriteAll([(moved, withBom)], snapshot, Encoding.UTF8.GetBytes("merged"));

        File.ReadAllBytes(moved).Should().Equal(withBom);
        File.ReadAllText(snapshot).Should().Be("merged");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
