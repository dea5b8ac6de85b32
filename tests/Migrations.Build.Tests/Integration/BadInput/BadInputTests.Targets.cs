using Migrations.Build.Tests.Infrastructure;
using static Migrations.Build.Tests.Infrastructure.BadInputRow;

namespace Migrations.Build.Tests.Integration.BadInput;

// Targets that name no migration, several, or a place past either end, for every command that
// takes one. The database is at head (AddLoans) with two members.
public sealed partial class BadInputTests
{
    private const string Candidates = "Known migrations:";

    private static readonly BadInputRow[] TargetRows =
    [
        Row("upgrade to an unknown target", "upgrade NoSuchMigration", 2, "No migration matches 'NoSuchMigration'", Candidates),
        Row("upgrade to an ambiguous prefix", "upgrade 2026", 2, "Target '2026' is ambiguous", "20261124140631_InitialCreate", "Give more of the id"),
        Row("upgrade past head", "upgrade +1", 2, "Target '+1' goes past head", "Use 'head'"),
        Row("upgrade to a step count too large to read", "upgrade +99999999999", 2, "No migration matches '+99999999999'"),
        Row("upgrade to an older migration", "upgrade InitialCreate", 2, "upgrade only moves forward", "dotnet migrate downgrade InitialCreate"),
        Row("upgrade to base", "upgrade base", 2, "upgrade only moves forward"),
        Row("upgrade with a misspelt option as target", "upgrade --heads", 2, "'--heads'", "--help"),
        Row("downgrade without a target", "downgrade", 2, "Required argument 'target' missing", "dotnet migrate downgrade --help"),
        Row("downgrade past base", "downgrade -5", 2, "Target '-5' goes past base", "Use 'base'"),
        Row("downgrade to an empty target", "downgrade ''", 2, "The target is empty", Candidates),
        Row("downgrade to an unknown name", "downgrade AddLoan", 2, "No migration matches 'AddLoan'", "20261124140642_AddLoans"),
        Row("downgrade past head", "downgrade +2", 2, "Target '+2' goes past head"),
        Row("stamp an unknown target", "stamp nope", 2, "No migration matches 'nope'", Candidates),
        Row("stamp without a target", "stamp", 2, "Required argument 'target' missing"),
        Row("stamp past head", "stamp +3", 2, "Target '+3' goes past head"),
        Row("validate an unknown target", "validate NoSuch", 2, "No migration matches 'NoSuch'", Candidates),
        Row("validate without a target", "validate", 2, "Required argument 'target' missing"),
        Row("validate an ambiguous prefix", "validate 202611241406", 2, "is ambiguous"),
        Row("rollback past head", "rollback +1", 2, "Target '+1' goes past head"),
        Row("rollback to an unknown target", "rollback Nope --force", 2, "No migration matches 'Nope'", Candidates),
        Row("rollback without a target", "rollback", 2, "Required argument 'target' missing"),
        Row("test to an unknown target", "test NoSuch --connection Filename={dir}/scratch.db", 2, "No migration matches 'NoSuch'"),
        Row("test from an unknown migration", "test --from NoSuch --connection Filename={dir}/scratch.db", 2, "No migration matches 'NoSuch'"),
        Row("test on a database that has tables", "test", 2, "already has tables", "--allow-existing"),
    ];
}
