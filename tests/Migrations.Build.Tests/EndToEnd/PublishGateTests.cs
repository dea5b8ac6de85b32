using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// dotnet publish checks drift and safety from the code alone; it reads a database only when given a
/// publish connection, and then runs the app in MigrationsPublishEnvironment (default Production).
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PublishGateTests(PackedPackages packages, PostgresServer server)
{
    [Theory]
    [MemberData(nameof(EFCoreApp.Providers), "postgres", MemberType = typeof(EFCoreApp))]
    public void Publish_reads_no_database_unless_given_one_and_then_runs_the_app_in_Production(string provider)
    {
        var postgres = provider == "postgres";
        if (postgres)
        {
            server.RequireOrSkip();
        }

        // The developer's database and the production one both exist, with no migration applied.
        string Database(string name)
        {
            if (!postgres)
            {
                return $"Data Source={name}.db";
            }

            var unique = $"{name}_{Guid.NewGuid().ToString("N")[..10]}";
            server.Execute(server.AdminConnection!, $"CREATE DATABASE {unique}");
            return server.DatabaseConnection(unique);
        }

        var developer = Database("developer");
        var production = Database("production");
        var app = postgres ? EFCoreApp.Postgres10 : EFCoreApp.Sqlite10;
        using var field = new FieldApp(packages, app, developer);
        if (!postgres)
        {
            SqliteFile.Execute(Path.Combine(field.Directory, "developer.db"), "CREATE TABLE Notes (Id INTEGER)");
            SqliteFile.Execute(Path.Combine(field.Directory, "production.db"), "CREATE TABLE Notes (Id INTEGER)");
        }

        // The app says which environment its design-time factory runs in.
        field.Write("Environment.cs", """
            namespace BlogApp;

            public static class Startup
            {
                [System.Runtime.CompilerServices.ModuleInitializer]
                public static void Say() => Console.Error.WriteLine($"app environment: {Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")}");
            }
            """);
        field.Build("-p:MigrationsCheckOnBuild=false");
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "Initial"));
        field.Build("-p:MigrationsCheckOnBuild=false");
        FieldApp.ShouldSucceed(field.Migrate("upgrade", "--connection", production));
        field.AddBody();
        FieldApp.ShouldSucceed(field.Build("-t:MigrationsGenerate", "-p:MigrationName=AddBody"));

        // The developer's database lacks both migrations, production only the second: MIG002 says which was read.
        var offline = field.Dotnet("publish", "-o", "out", "-p:MigrationsCheckOnBuild=false", "-v:d");
        FieldApp.ShouldSucceed(offline);
        offline.Stdout.Should().NotContain("warning MIG002", "without a publish connection no database is read, the developer's least of all")
            .And.NotContain("MIG905").And.Contain("app environment: Production");
        File.Exists(Path.Combine(field.Directory, "out", "BlogApp.dll")).Should().BeTrue();

        field.Environment["MIGRATIONS_PUBLISH_CONNECTION"] = production;
        var online = field.Dotnet("publish", "-o", "out2", "-p:MigrationsCheckOnBuild=false", "-v:d");
        FieldApp.ShouldSucceed(online);
        online.Stdout.Should().MatchRegex(@"warning MIG002: Migration \d+_AddBody is not applied").And.NotMatchRegex(@"MIG002: Migration \d+_Initial")
            .And.Contain("app environment: Production");
        var staging = field.Dotnet("publish", "-o", "out3", "-p:MigrationsCheckOnBuild=false", "-p:MigrationsPublishEnvironment=Staging", "-v:d");
        FieldApp.ShouldSucceed(staging);
        staging.Stdout.Should().Contain("app environment: Staging");
    }
}
