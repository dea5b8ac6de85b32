using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

[assembly: AssemblyFixture(typeof(Migrations.Build.Tests.Infrastructure.SqlServerContainer))]

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// SQL Server in a Testcontainers container when a Docker engine is reachable; otherwise the SQL
/// Server tests are skipped with the reason (SQL Server's SQL is still tested offline, always).
/// </summary>
public sealed class SqlServerContainer : IAsyncLifetime
{
    private MsSqlContainer? _container;

    public string? AdminConnection { get; private set; }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(dockerHost) && !File.Exists("/var/run/docker.sock"))
        {
            SkipReason = "No Docker engine is reachable (DOCKER_HOST is not set and /var/run/docker.sock does not exist), so SQL Server "
                + "can't run in a Testcontainers container here; SQL Server's SQL generation is tested offline (SqlServerOfflineTests).";
            return;
        }

        try
        {
            // Pulling the image can take long: bounded, so a slow registry skips the tests instead of stalling the run.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bounded.CancelAfter(TimeSpan.FromMinutes(5));
            _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
            await _container.StartAsync(bounded.Token);
            AdminConnection = _container.GetConnectionString();
        }
        catch (Exception e)
        {
            SkipReason = $"SQL Server could not be started in Docker: {e.Message}";
        }
    }

    public void RequireOrSkip()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    public string DatabaseConnection(string name) => new SqlConnectionStringBuilder(AdminConnection) { InitialCatalog = name }.ConnectionString;

    public List<string> Strings(string connection, string sql)
    {
        using var db = new SqlConnection(connection);
        db.Open();
        using var command = new SqlCommand(sql, db);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public bool DatabaseExists(string connection)
        => Strings(AdminConnection!, $"SELECT name FROM sys.databases WHERE name = '{new SqlConnectionStringBuilder(connection).InitialCatalog}'").Count > 0;

    public List<string> AppliedMigrations(string connection) => Strings(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY 1");

    public void Execute(string connection, string sql)
    {
        using var db = new SqlConnection(connection);
        db.Open();
        using var command = new SqlCommand(sql, db);
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
