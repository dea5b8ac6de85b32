using Migrations.Build.Engine.Safety.Rules;

namespace Migrations.Build.Engine.Safety;

/// <summary>Every safety rule, in code order.</summary>
internal static class SafetyRules
{
    public static readonly IReadOnlyList<SafetyRule> All =
    [
        new DropTableRule(), new DropColumnRule(), new DropSchemaOrSequenceRule(), new NarrowingColumnRule(), new DataDeletionRule(),
        new NotNullColumnWithoutDefaultRule(), new ColumnMadeNotNullRule(), new UniqueOverExistingDataRule(), new ConstraintOverExistingDataRule(),
        new ColumnMadeNullableRule(), new DefaultFilledNotNullRule(),
        new RenameTableRule(), new RenameColumnRule(), new BlockingIndexRule(),
        new TableRewriteRule(), new RewritingColumnAddRule(), new PrimaryKeyOnExistingTableRule(),
        new BlockingIndexDropRule(), new RawSqlRule(), new IrreversibleMigrationRule(),
        new VarcharLengthRule(), new FixedCharRule(), new TimestampWithoutTimeZoneRule(), new IntegerKeyRule(), new JsonNotJsonbRule(),
    ];
}
