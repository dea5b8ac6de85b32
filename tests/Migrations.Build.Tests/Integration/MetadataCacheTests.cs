using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// The tool keeps the project's MSBuild metadata in obj/ so a second command skips the evaluation;
/// an edit to the project, or to a file it imports, must be seen by the very next command.
/// </summary>
public sealed class MetadataCacheTests : IDisposable
{
    private const string FromCache = "Project metadata of Library.csproj from";

    private readonly SampleCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Theory]
    [InlineData("Library.csproj", "<RootNamespace>Library</RootNamespace>")]
    [InlineData("Directory.Build.props", "<Project>")]
    [InlineData("Shared.props", "<Project>")]
    public void An_edited_project_input_is_evaluated_again(string file, string anchor)
    {
        if (!File.Exists(Path.Combine(_copy.Directory, file)))
        {
            // A file the project imports by its own choice, found only in MSBuild's list of imports.
            _copy.Write(file, "<Project>\n</Project>");
            _copy.Edit("Library.csproj", "</Project>", $"  <Import Project=\"{file}\" />\n</Project>");
        }

        _copy.Build();
        Check().Stderr.Should().NotContain(FromCache, "the first command evaluates the project");
        Check().Stderr.Should().Contain(FromCache, "nothing changed since");

        // The app's assembly gets a new name; a stale cache would point at the old one, now deleted.
        var properties = "<PropertyGroup><AssemblyName>LibraryRenamed</AssemblyName></PropertyGroup>";
        _copy.Edit(file, anchor, file.EndsWith(".csproj", StringComparison.Ordinal)
            ? anchor + "\n    <AssemblyName>LibraryRenamed</AssemblyName>"
            : anchor + properties);
        Directory.Delete(Path.Combine(_copy.Directory, "bin"), recursive: true);
        _copy.Build();

        Check().Stderr.Should().NotContain(FromCache);
        Check().Stderr.Should().Contain(FromCache);
    }

    private ProcessResult Check()
    {
        var check = _copy.Migrate("check", "--no-build", "--verbose", "--connection", _copy.NewDatabase("cache"));
        check.ExitCode.Should().Be(0, check.ToString());
        return check;
    }
}
