using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// revision and history -v on PostgreSQL tell each added column's store type with its facets once
/// (Npgsql's scaffolded type already carries them: character varying(30), numeric(38,18)), and a
/// rename without a new schema as the no change it is there.
/// </summary>
public sealed class PostgresRevisionDescriptionTests(PostgresServer server) : IDisposable
{
    private readonly Lazy<PostgresSample> _sample = new(() => new PostgresSample(server));

    public void Dispose()
    {
        if (_sample.IsValueCreated)
        {
            _sample.Value.Dispose();
        }
    }

    [Fact]
    public void Revision_prints_a_store_type_with_its_facets_once()
    {
        server.RequireOrSkip();
        var copy = _sample.Value.Copy;
        copy.Edit("Model/Member.cs", "public DateTime JoinedAt { get; set; }", """
            public DateTime JoinedAt { get; set; }

                [System.ComponentModel.DataAnnotations.MaxLength(30)]
                public string? Code { get; set; }

                [Microsoft.EntityFrameworkCore.Precision(38, 18)]
                public decimal Balance { get; set; }
            """);

        var revision = copy.Migrate("revision", "-m", "add codes", "--json");

        revision.ExitCode.Should().Be(0, revision.ToString());
        var operations = revision.Json().GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ToList();
        operations.Should().Contain("Member.Code: column added (Members.Code character varying(30), nullable)")
            .And.Contain("Member.Balance: column added (Members.Balance numeric(38,18), required, default 0)");
        string.Join("\n", operations).Should().NotContain("(30)(30)").And.NotContain("(38,18)(38,18)").And.NotContain("default )");

        // history -v tells the same, and a rename without a new schema as what Npgsql makes of it: nothing.
        copy.WriteMigration("20991231000000_KeepSchema", """migrationBuilder.RenameSequence(name: "order_seq", schema: "sales", newName: "order_seq");""", "");
        copy.Build();
        var db = "x" + Guid.NewGuid().ToString("N")[..20];
        server.Execute(server.AdminConnection!, $"CREATE DATABASE \"{db}\"");
        var history = copy.Migrate("history", "-v", "--json", "--no-build", "--connection", server.DatabaseConnection(db));

        history.ExitCode.Should().Be(0, history.ToString());
        history.Stdout.Should().Contain("Members.Code: column added (Members.Code character varying(30), nullable)")
            .And.Contain("sequence sales.order_seq: no change (stays in schema sales: PostgreSQL moves nothing without a new schema)");
    }
}
