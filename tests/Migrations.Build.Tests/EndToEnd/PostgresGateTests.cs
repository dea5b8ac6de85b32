using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// The gate on a real PostgreSQL server, each test on its own databases, with migrations generated for
/// PostgreSQL; plus a server that never answers, which only a networked provider can have.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PostgresGateTests(PackedPackages packages, PostgresServer server, LivePostgresSample postgres)
    : GateTests(packages), IClassFixture<LivePostgresSample>
{
    protected override string UseProvider(GatedSample sample)
    {
        server.RequireOrSkip();
        return UseServer(sample, "postgres", postgres.Copy);
    }

    protected override TestDatabases Databases => new PostgresDatabases(server);

    protected override void ExecuteScript(string db, string script) => server.Execute(db, script);

    protected override bool IdempotentScripts => true;

    [Fact]
    public void Type_suggestions_neither_fail_nor_warn_in_the_build_and_show_at_detailed_verbosity()
    {
        // The sample's PostgreSQL migrations have int keys and varchar(n) columns (MIG604, MIG601), pending with no lock file yet.
        var build = Build("-v:d");

        GatedSample.ShouldSucceed(build);
        GatedSample.Diagnostics(build).Should().BeEmpty();
        build.Stdout.Should().Contain("MIG604").And.Contain("MIG601");
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

        // Its own copy: the test needs no PostgreSQL server, only PostgreSQL's migrations.
        using var sample = new GatedSample(Packages);
        sample.UseProvider("postgres", $"Host=127.0.0.1;Port={port};Username=postgres;Database=library;Timeout=300;Command Timeout=300", postgres.Copy);

        var build = sample.Build("-v:n", "-p:MigrationsDatabaseTimeout=3");

        GatedSample.ShouldSucceed(build);
        build.Stdout.Should().MatchRegex(@"Library\.csproj : warning MIG905: The database was not checked: The database did not answer within 3 s\.");
        accepted.Should().NotBeEmpty("the check did try the database");

        // A warning like any other: NoWarn takes it out (the check runs again once its stamp is gone).
        File.Delete(Path.Combine(sample.Copy.Directory, "obj", "Debug", "net10.0", "migrations.check.stamp"));
        var quiet = sample.Build("-v:d", "-p:MigrationsDatabaseTimeout=3", "-p:NoWarn=MIG905");
        cancel.Cancel();
        GatedSample.ShouldSucceed(quiet);
        quiet.Stdout.Should().Contain("The database was not checked").And.NotContain("warning MIG905");
    }
}
