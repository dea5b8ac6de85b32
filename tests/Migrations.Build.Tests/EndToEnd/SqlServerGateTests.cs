using System.Text.RegularExpressions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>The gate on SQL Server in Docker (skipped, with the reason, where no Docker engine runs).</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed partial class SqlServerGateTests(PackedPackages packages, SqlServerContainer server, LiveSqlServerSample sqlServer)
    : GateTests(packages), IClassFixture<LiveSqlServerSample>
{
    protected override string UseProvider(GatedSample sample)
    {
        server.RequireOrSkip();
        return UseServer(sample, "sqlserver", sqlServer.Copy);
    }

    protected override TestDatabases Databases => new SqlServerDatabases(server);

    /// <summary>As sqlcmd would: EF's SQL Server scripts separate their batches with GO lines.</summary>
    protected override void ExecuteScript(string db, string script)
    {
        foreach (var batch in GoLine().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)))
        {
            server.Execute(db, batch);
        }
    }

    protected override bool IdempotentScripts => true;

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
