using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// The MSBuild side of the secrets sweep: a password in the app's connection string and in
/// MIGRATIONS_CONNECTION goes through the gate and every operation target on the packed package, at
/// detailed verbosity (which logs task parameters and the engine's command line), and appears in no
/// build output, audit line or backup. (The test server trusts loopback: the password is accepted.)
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class MsBuildSecretsTests(PackedPackages packages, PostgresServer server, LivePostgresSample postgres)
    : IClassFixture<LivePostgresSample>, IDisposable
{
    private const string Secret = "Sup3r-s3cret-msbuild-pw";

    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void The_password_appears_nowhere_in_build_output_audit_or_backups()
    {
        server.RequireOrSkip();
        string Database(string name) => server.DatabaseConnection($"secrets_{name}_{Guid.NewGuid().ToString("N")[..10]}") + $";Password={Secret}";
        _sample.UseProvider("postgres", Database("app"), postgres.Copy);
        var backups = Path.Combine(_sample.Copy.Directory, "secret-backups");
        var runs = new List<ProcessResult>();
        ProcessResult Build(params string[] args)
        {
            var run = _sample.Build([.. args, "-v:d", "-p:MigrationsAudit=true", $"-p:MigrationsBackupDirectory={backups}"]);
            runs.Add(run);
            return run;
        }

        GatedSample.ShouldSucceed(Build("-t:MigrateUp"));
        GatedSample.ShouldSucceed(Build());
        Build("-t:MigrationsValidate", "-p:MigrationsTarget=base");
        GatedSample.ShouldSucceed(Build("-t:MigrationsBackup"));
        GatedSample.ShouldSucceed(Build("-t:MigrationsRollback", "-p:MigrationsTarget=InitialCreate", "-p:MigrationsForce=true"));
        Build("-t:MigrationsProdCheck");
        _sample.Copy.Environment["MIGRATIONS_CONNECTION"] = Database("scratch");
        server.Execute(server.AdminConnection!, "CREATE DATABASE "
            + $"\"{new Npgsql.NpgsqlConnectionStringBuilder(_sample.Copy.Environment["MIGRATIONS_CONNECTION"]).Database}\"");
        GatedSample.ShouldSucceed(Build("-t:MigrationsTest"));

        runs.Should().OnlyContain(r => !r.All.Contains(Secret, StringComparison.Ordinal), "no build prints the password");
        runs.Should().Contain(r => r.All.Contains("password=***", StringComparison.OrdinalIgnoreCase), "the masked form is shown");
        var files = Directory.GetFiles(backups).Append(Path.Combine(_sample.Copy.Directory, "migrations-audit.jsonl")).ToList();
        files.Should().HaveCountGreaterThan(2, "a backup, a rollback's backup and the audit log were written");
        foreach (var file in files)
        {
            File.ReadAllText(file).Should().NotContain(Secret, Path.GetFileName(file));
        }
    }
}
