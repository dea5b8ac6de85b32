using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration.BadInput;

/// <summary>
/// Bad input to every <c>dotnet migrate</c> command, one row each, by area (the partial files beside
/// this one): each is refused with a message that names what was wrong, the contract's exit code, no
/// stack trace, and nothing changed (see <see cref="BadInputSample.Check"/>).
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed partial class BadInputTests(BadInputSample sample, PostgresServer server)
{
    private static IEnumerable<BadInputRow> All => [.. TargetRows, .. OptionRows, .. FileRows, .. ConnectionRows, .. EnvironmentRows, .. BackupRows];

    public static TheoryData<string> Names => [.. All.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Refused_with_nothing_changed(string name) => sample.Check(All.Single(r => r.Name == name));
}
