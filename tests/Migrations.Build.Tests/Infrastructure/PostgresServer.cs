using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(Migrations.Build.Tests.Infrastructure.PostgresServer))]

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the whole test run, started from the machine's binaries
/// (<c>/usr/lib/postgresql/*/bin</c> or PATH) in a temp folder on a free loopback port, as the
/// <c>postgres</c> user when the tests run as root; stopped and deleted at the end.
/// <c>MIGRATIONS_TEST_POSTGRES</c> (a connection string) uses an existing server instead. With
/// neither, PostgreSQL tests skip with the reason, unless <c>MIGRATIONS_REQUIRE_POSTGRES=1</c>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private string? _folder;
    private readonly string? _binaries;
    private readonly bool _asPostgresUser;

    public PostgresServer()
    {
        if (Environment.GetEnvironmentVariable("MIGRATIONS_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            AdminConnection = existing;
            return;
        }

        _binaries = FindBinaries();
        if (_binaries is null)
        {
            SkipReason = "PostgreSQL is not available: MIGRATIONS_TEST_POSTGRES is not set and no initdb was found under /usr/lib/postgresql/*/bin or on PATH.";
            return;
        }

        _asPostgresUser = Environment.UserName == "root";
        StopLeftovers();

        // /tmp, not TMPDIR: as root that may be under /root, where the postgres user can't enter.
        _folder = Path.Combine("/tmp", "migrations-build-pg-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(_folder);
            File.WriteAllText(Path.Combine(_folder, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (_asPostgresUser)
            {
                Run("chown", ["-R", "postgres:postgres", _folder], asPostgres: false);
            }

            var data = Path.Combine(_folder, "data");
            Run(Path.Combine(_binaries, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
            AdminConnection = Start(data);
        }
        catch (Exception e)
        {
            // Only the PostgreSQL tests depend on this: they skip (or fail, when required) with the reason.
            SkipReason = $"PostgreSQL could not be started from {_binaries}: {e.Message}";
            TryDelete(_folder);
            _folder = null;
        }
    }

    private const string OwnerFile = "owner.pid";

    /// <summary>A connection to the server's postgres database, or null when there is none.</summary>
    public string? AdminConnection { get; }

    public string? SkipReason { get; }

    /// <summary>Skips the calling test when there is no server, or fails it when one is required.</summary>
    public void RequireOrSkip()
    {
        if (SkipReason is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("MIGRATIONS_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException($"MIGRATIONS_REQUIRE_POSTGRES=1 but {SkipReason}");
        }

        Assert.Skip(SkipReason);
    }

    /// <summary>A connection string to a database of that name, which does not exist yet.</summary>
    public string DatabaseConnection(string name)
        => new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name }.ConnectionString;

    public void Execute(string connection, string sql)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var command = new NpgsqlCommand(sql, db);
        command.ExecuteNonQuery();
    }

    public List<string> Strings(string connection, string sql)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        return db.Strings(sql);
    }

    public List<string> AppliedMigrations(string connection)
        => Strings(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1");

    public bool DatabaseExists(string name)
        => Strings(AdminConnection!, $"SELECT datname FROM pg_database WHERE datname = '{name}'").Count > 0;

    public void Dispose()
    {
        if (_folder is null || _binaries is null)
        {
            return;
        }

        try
        {
            Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Starts the server on a free port; another process may take the port first, so it retries.</summary>
    private string Start(string data)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                Run(Path.Combine(_binaries!, "pg_ctl"), [
                    "-D", data, "-l", Path.Combine(_folder!, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200",
                    "start"]);
                return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Stops and removes servers that earlier test runs left behind when they were killed (their
    /// owner process is gone), so they don't pile up on a machine that runs the tests again.
    /// </summary>
    private void StopLeftovers()
    {
        foreach (var folder in Directory.GetDirectories("/tmp", "migrations-build-pg-*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) && IsAlive(pid))
            {
                continue;
            }

            try
            {
                Run(Path.Combine(_binaries!, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Not running: only the folder is left.
            }

            TryDelete(folder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Run(string file, string[] args, bool asPostgres = true)
    {
        var (command, all) = asPostgres && _asPostgresUser ? ("runuser", (string[])["-u", "postgres", "--", file, .. args]) : (file, args);
        var run = ProcessResult.Run(command, all, _folder ?? Path.GetTempPath());
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {run}");
        }
    }

    private static string? FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => double.TryParse(Path.GetFileName(Path.GetDirectoryName(d)),
                    System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
