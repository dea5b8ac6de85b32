using FluentAssertions;
using Migrations.Build.Engine;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tests.Unit;

/// <summary>The engine checks a backup's name before the command starts, for the tool and the MSBuild task alike.</summary>
public sealed class BackupInputsTests
{
    [Fact]
    public void A_bad_name_from_the_build_is_refused_by_its_property()
    {
        var check = () => BackupInputs.Check(Request("backup", "a\nb") with { FromBuild = true });

        check.Should().Throw<EngineException>().Which.Message.Should()
            .Be("MigrationsBackupName 'a\\u000ab' can't be part of a file name; use letters, digits, '-' or '_'.");
    }

    [Fact]
    public void A_bad_name_from_the_tool_is_refused_by_its_option()
    {
        var check = () => BackupInputs.Check(Request("backup", "../up"));

        check.Should().Throw<EngineException>().Which.ExitCode.Should().Be(ExitCodes.Usage);
    }

    [Fact]
    public void Only_backup_reads_a_name()
    {
        BackupInputs.Check(Request("backup", "before-v3"));
        BackupInputs.Check(Request("current", "not/used"));
    }

    private static EngineRequest Request(string command, string name)
        => new() { Command = command, Assembly = "a.dll", StartupAssembly = "a.dll", ProjectDir = "/p", Name = name };
}
