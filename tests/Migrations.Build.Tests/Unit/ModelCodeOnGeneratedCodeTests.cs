using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Migrations.Build.Engine.Scaffold;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// Rebase's statement merge on the code EF Core itself generates for a model with what real apps
/// have (PostgreSQL arrays, jsonb and an extension, owned types and collections, a complex type,
/// TPH inheritance, seed data, a check constraint, a sequence): read and written back unchanged,
/// every statement keyed once, and two branches' changes merged into exactly the code of a model
/// with both.
/// </summary>
public sealed class ModelCodeOnGeneratedCodeTests
{
    [Theory]
    [InlineData(Change.None)]
    [InlineData(Change.A)]
    [InlineData(Change.B)]
    [InlineData(Change.A | Change.B)]
    public void Generated_code_is_read_and_written_back_unchanged_with_one_key_per_statement(Change change)
    {
        var body = Body(change);

        var statements = ModelCode.Parse(body);

        ModelCode.Render(statements, "\n").Should().Be(body);
        Keys(statements).Should().NotContain(k => k.Contains(" #", StringComparison.Ordinal), "each statement defines one thing of its own");
        Keys(statements).Should().Contain(k => k.EndsWith("OwnsMany(\"Migrations.Build.Tests.Unit.RichModel.OrderLine\", \"Lines\")", StringComparison.Ordinal))
            .And.Contain(k => k.Contains("ComplexProperty(typeof(Dictionary<string, object>), \"Contact\"", StringComparison.Ordinal))
            .And.Contain(k => k.Contains("HasData()", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_branches_changes_merge_into_the_code_of_the_model_with_both()
    {
        var (none, a, b, both) = (Parse(Change.None), Parse(Change.A), Parse(Change.B), Parse(Change.A | Change.B));
        var conflicts = new List<string>();

        var ab = ModelCodeMerge.Merge(none, a, b, conflicts);
        var ba = ModelCodeMerge.Merge(none, b, a, conflicts);

        conflicts.Should().BeEmpty();
        ModelCodeMerge.Differences(ab, both).Should().BeEmpty();
        ModelCodeMerge.Differences(ba, both).Should().BeEmpty();
        ModelCodeMerge.Differences(a, both).Should().NotBeEmpty("the check that proves a merge can fail");
    }

    [Flags]
    public enum Change
    {
        None = 0,

        /// <summary>Customers get an Email column, indexed.</summary>
        A = 1,

        /// <summary>Orders get Notes; a new Invoices table refers to them; Lines get a Discount.</summary>
        B = 2,
    }

    private static List<ModelStatement> Parse(Change change) => ModelCode.Parse(Body(change));

    private static IEnumerable<string> Keys(IEnumerable<ModelStatement> statements)
        => statements.SelectMany(s => new[] { s.Key }.Concat(Keys(s.Children ?? []).Select(k => s.Key + " > " + k)));

    /// <summary>The Designer code EF Core generates for the model, between its #pragma lines.</summary>
    private static string Body(Change change)
    {
        using var context = new RichModel.Shop(change);
        var services = new DesignTimeServicesBuilder(typeof(RichModel.Shop).Assembly, typeof(RichModel.Shop).Assembly, new OperationReporter(null), [])
            .Build(context);
        var generator = services.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select(null);
        var code = generator.GenerateMetadata("Shop", typeof(RichModel.Shop), "Test", "20260101000000_Test", context.GetService<IDesignTimeModel>().Model)
            .Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = code.IndexOf('\n', code.IndexOf("#pragma warning disable 612, 618", StringComparison.Ordinal)) + 1;
        return code[start..code.LastIndexOf('\n', code.IndexOf("#pragma warning restore 612, 618", StringComparison.Ordinal) - 1)];
    }
}
