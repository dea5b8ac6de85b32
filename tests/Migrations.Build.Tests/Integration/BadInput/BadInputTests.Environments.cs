using Migrations.Build.Tests.Infrastructure;
using static Migrations.Build.Tests.Infrastructure.BadInputRow;

namespace Migrations.Build.Tests.Integration.BadInput;

// Environments that are empty, or production by a variable or an odd list of production names:
// the changing commands refuse without --yes, and those that never run in production refuse anyway.
public sealed partial class BadInputTests
{
    private const string Confirm = "confirm with --yes";

    private static readonly BadInputRow[] EnvironmentRows =
    [
        Row("an empty environment", "current --environment ''", 2, "--environment", "empty"),
        Row("an empty environment over a production variable", "downgrade -1 -e ''", 2, "--environment", "empty")
            with { Environment = new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" } },
        Row("production names that are only commas", "downgrade -1 -e Production", 4, Confirm, "Production environment")
            with { Environment = new() { ["MIGRATIONS_PRODUCTION_ENVIRONMENTS"] = ",, ," } },
        Row("production names separated by semicolons", "stamp base -e prod", 4, Confirm)
            with { Environment = new() { ["MIGRATIONS_PRODUCTION_ENVIRONMENTS"] = " Live ; Prod " } },
        Row("a production name in another case", "rollback -1 --force -e LIVE", 4, Confirm, "LIVE environment")
            with { Environment = new() { ["MIGRATIONS_PRODUCTION_ENVIRONMENTS"] = "live" } },
        Row("production from ASPNETCORE_ENVIRONMENT", "restore {good}", 4, Confirm) with { Environment = new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" } },
        Row("production from DOTNET_ENVIRONMENT in lower case", "stamp head", 4, Confirm)
            with { Environment = new() { ["DOTNET_ENVIRONMENT"] = "production" } },
        Row("reset-dev in production even with yes", "reset-dev -e Production --yes", 4, "never runs in a production environment"),
        Row("reset-dev on a given connection without yes", "reset-dev", 4, "not the app's own development database", "--yes"),
        Row("test in production", "test -e Production --connection Filename={dir}/scratch.db", 4, "never runs in a production environment (Production)"),
    ];
}
