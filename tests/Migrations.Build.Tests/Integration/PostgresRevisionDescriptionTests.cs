using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// revision on PostgreSQL tells each added column's store type with its facets once: Npgsql's
/// scaffolded type already carries them (character varying(30), numeric(38,18)).
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
    }
}
