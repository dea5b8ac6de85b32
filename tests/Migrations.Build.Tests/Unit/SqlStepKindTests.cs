using FluentAssertions;
using Migrations.Build.Engine.Scaffold;

namespace Migrations.Build.Tests.Unit;

/// <summary>How squash sorts a squashed migration's raw SQL: kept (data; what the model doesn't hold) or replaced by the model.</summary>
public sealed class SqlStepKindTests
{
    [Theory]
    [InlineData("UPDATE \"Members\" SET \"Notes\" = ''", "Data")]
    [InlineData("-- copy the rows\ninsert into visits select * from members", "Data")]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM t", "Data")]
    [InlineData("CREATE VIEW \"MemberNames\" AS SELECT 1", "Schema")]
    [InlineData("create or replace function touch() returns trigger as $$ begin return new; end $$ language plpgsql", "Schema")]
    [InlineData("CREATE MATERIALIZED VIEW totals AS SELECT 1", "Schema")]
    [InlineData("DROP TRIGGER members_touch ON \"Members\"", "Schema")]
    [InlineData("CREATE EXTENSION IF NOT EXISTS citext", "Schema")]
    [InlineData("GRANT SELECT ON \"Members\" TO reporting", "Schema")]
    [InlineData("ALTER TABLE \"Members\" DROP COLUMN \"Legacy\"", "Model")]
    [InlineData("CREATE UNIQUE INDEX ix ON \"Members\" (\"Email\")", "Model")]
    [InlineData("CREATE TABLE \"Work\" (\"Id\" integer)", "Model")]
    [InlineData("DROP TABLE \"Work\"", "Model")]
    public void Each_statement_is_sorted_by_what_it_does(string sql, string kind)
        => SquashPlan.KindOf(sql).ToString().Should().Be(kind);
}
