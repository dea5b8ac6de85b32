using FluentAssertions;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>A backup's name becomes part of a file name: letters, digits, '-' and '_' only, and not too long.</summary>
public sealed class BackupNameTests
{
    [Theory]
    [InlineData("backup")]
    [InlineData("before-v3")]
    [InlineData("Release_2024-01-01")]
    [InlineData("0")]
    public void Letters_digits_dashes_and_underscores_name_a_backup(string name)
        => BackupName.Problem(name, "--name").Should().BeNull();

    [Theory]
    [InlineData("a/b", "'a/b'")]
    [InlineData("a\\b", "'a\\b'")]
    [InlineData("..", "'..'")]
    [InlineData("a b", "'a b'")]
    [InlineData("a\nb", "'a\\u000ab'")]
    [InlineData("a\u0000b", "'a\\u0000b'")]
    [InlineData("café", "'café'")]
    [InlineData("", "''")]
    public void Anything_else_is_refused_and_shown_on_one_line(string name, string shown)
        => BackupName.Problem(name, "--name").Should().Be($"--name {shown} can't be part of a file name; use letters, digits, '-' or '_'.");

    [Fact]
    public void A_name_too_long_for_a_file_system_is_refused_by_its_length()
    {
        BackupName.Problem(new string('a', BackupName.MaxLength), "--name").Should().BeNull();
        BackupName.Problem(new string('a', BackupName.MaxLength + 1), "MigrationsBackupName").Should()
            .Be("MigrationsBackupName is 101 characters long; a backup's name has at most 100.");
    }
}
