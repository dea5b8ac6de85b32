namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>The providers' names as a migration's scope carries them (EF Core's ActiveProvider), for the rule tests.</summary>
internal static class Providers
{
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string Postgres = "Npgsql.EntityFrameworkCore.PostgreSQL";
    public const string SqlServer = "Microsoft.EntityFrameworkCore.SqlServer";
}
