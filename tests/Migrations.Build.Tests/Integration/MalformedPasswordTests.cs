using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// A password with an unquoted <c>;</c> (<c>Password=p@ss;wordSECRET=1</c>): the driver reads a key
/// "wordSECRET" and fails naming it ("Couldn't set wordsecret", "Keyword not supported: 'wordsecret'").
/// Given with --connection, in MIGRATIONS_CONNECTION or in the app's own configuration, no piece of
/// it reaches stdout, stderr (--verbose included) or the audit log.
/// </summary>
public sealed class MalformedPasswordTests(BuiltSample sqlite, LivePostgresSample postgres, PostgresServer server)
    : IClassFixture<BuiltSample>, IClassFixture<LivePostgresSample>
{
    private const string Password = ";Password=p@ss;wordSECRET=1";

    private static readonly string[] Pieces = ["p@ss", "wordsecret"];

    [Fact]
    public void Sqlite_never_echoes_a_piece_of_it()
        => NothingLeaks(sqlite.Copy, sqlite.Copy.NewDatabase("malformed") + Password);

    [Fact]
    public void Postgres_never_echoes_a_piece_of_it()
    {
        server.RequireOrSkip();
        NothingLeaks(postgres.Copy, server.DatabaseConnection("malformed") + Password);
    }

    private static void NothingLeaks(SampleCopy copy, string connection)
    {
        var runs = new[]
        {
            copy.Migrate("upgrade", "--no-build", "--connection", connection, "--verbose"),
            copy.Migrate("current", "--no-build", "--connection", connection, "--json"),
            copy.MigrateWith(new Dictionary<string, string?> { ["MIGRATIONS_CONNECTION"] = connection }, "history", "--no-build", "--verbose"),
            copy.MigrateWith(new Dictionary<string, string?> { ["LIBRARY_CONNECTION"] = connection }, "upgrade", "--no-build", "--verbose"),
            copy.MigrateWith(new Dictionary<string, string?> { ["LIBRARY_CONNECTION"] = connection }, "check", "--no-build", "--json"),
        };

        runs.Should().OnlyContain(r => r.ExitCode != 0, "the driver refuses the connection string");
        runs.Should().OnlyContain(r => r.All.Contains("***", StringComparison.Ordinal), "each run says why, the pieces masked");
        var audit = File.ReadAllText(Path.Combine(copy.Directory, "migrations-audit.jsonl"));
        foreach (var piece in Pieces)
        {
            runs.Should().OnlyContain(r => !r.All.Contains(piece, StringComparison.OrdinalIgnoreCase), $"no output holds '{piece}'");
            audit.Should().NotContainEquivalentOf(piece);
        }
    }
}
