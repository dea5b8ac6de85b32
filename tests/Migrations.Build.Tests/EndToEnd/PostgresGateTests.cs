using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>The build gate on PostgreSQL: MigrateUp, MIG002 from a real server, and a server that never answers.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PostgresGateTests(PackedPackages packages, PostgresServer server) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void MigrateUp_and_MIG002_against_a_real_PostgreSQL_server()
    {
        server.RequireOrSkip();
        var db = server.DatabaseConnection("gate_" + Guid.NewGuid().ToString("N")[..12]);
        _sample.UsePostgres(db);

        var up = _sample.Build("-t:MigrateUp");

        GatedSample.ShouldSucceed(up);
        GatedSample.Diagnostics(up).Should().BeEmpty();
        server.Strings(db, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1").Should().HaveCount(2);

        _sample.AddMemberPhone();
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrationsGenerate", "-p:MigrationName=AddPhone"));
        var pending = _sample.Build();

        GatedSample.ShouldSucceed(pending);
        GatedSample.Diagnostics(pending).Should().ContainSingle().Which.Should().MatchRegex(@"warning MIG002: Migration \d{14}_AddPhone is not applied");
    }

    [Fact]
    public void A_database_that_never_answers_does_not_hold_up_the_build()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _ = Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested)
            {
                accepted.Add(await silent.AcceptSocketAsync(cancel.Token)); // accept, then say nothing
            }
        }, cancel.Token);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        _sample.UsePostgres($"Host=127.0.0.1;Port={port};Username=postgres;Database=library;Timeout=300;Command Timeout=300");

        var build = _sample.Build("-v:n", "-p:MigrationsDatabaseTimeout=3");

        cancel.Cancel();
        GatedSample.ShouldSucceed(build);
        build.Stdout.Should().Contain("The database was not checked: The database did not answer within 3 s.");
        accepted.Should().NotBeEmpty("the check did try the database");
    }
}
