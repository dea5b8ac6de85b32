using System.Text;
using FluentAssertions;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// rebase builds a snapshot left in conflict as its first side, and puts the conflict back when it
/// moved nothing, but never over the snapshot it wrote; the snapshot may be in a project the app references.
/// </summary>
public sealed class ConflictedSnapshotsTests : IDisposable
{
    private const string Conflicted = """
        partial class LibraryContextModelSnapshot : ModelSnapshot
        {
        <<<<<<< HEAD
            // Phone
        =======
            // Nickname
        >>>>>>> nickname
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("conflicted-").FullName;

    [Fact]
    public void The_first_side_is_built_and_the_conflict_put_back_byte_for_byte()
    {
        var snapshot = Write("App/Migrations/LibraryContextModelSnapshot.cs", Conflicted, bom: true);
        var original = File.ReadAllBytes(snapshot);

        var taken = ConflictedSnapshots.TakeFirstSides(Path.Combine(_root, "App"));

        taken.Files.Should().Equal(snapshot);
        File.ReadAllText(snapshot).Should().Contain("// Phone").And.NotContain("Nickname").And.NotContain("<<<<<<<");
        taken.PutBack();
        File.ReadAllBytes(snapshot).Should().Equal(original);
    }

    [Fact]
    public void A_snapshot_rebase_wrote_since_is_kept_even_when_the_run_failed_after()
    {
        var snapshot = Write("App/Migrations/LibraryContextModelSnapshot.cs", Conflicted);
        var state = Path.Combine(_root, "App", "obj", "state.json");
        ConflictedSnapshots.TakeFirstSides(Path.Combine(_root, "App")).Save(state);
        File.WriteAllText(snapshot, "// the merged model, as rebase wrote it");

        ConflictedSnapshots.Load(state).PutBack();

        File.ReadAllText(snapshot).Should().Be("// the merged model, as rebase wrote it");
        File.Exists(state).Should().BeFalse();
    }

    [Fact]
    public void A_snapshot_in_a_referenced_project_is_taken()
    {
        static string Referencing(string path)
            => $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference Include="{path}" /></ItemGroup></Project>""";
        Write("WebHost/WebHost.csproj", Referencing("..\\Data\\Data.csproj"));
        Write("Data/Data.csproj", Referencing("../Data.Migrations/Data.Migrations.csproj"));
        Write("Data.Migrations/Data.Migrations.csproj", """<Project Sdk="Microsoft.NET.Sdk" />""");
        var snapshot = Write("Data.Migrations/Migrations/LibraryContextModelSnapshot.cs", Conflicted);
        var state = Path.Combine(_root, "WebHost", "obj", "state.json");

        var taken = ConflictedSnapshots.TakeFirstSides(Path.Combine(_root, "WebHost"));
        taken.Save(state);

        taken.Files.Should().Equal(snapshot);
        ConflictedSnapshots.Load(state).PutBack();
        File.ReadAllText(snapshot).Should().Be(Conflicted);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text, bool bom = false)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }
}
