using FluentAssertions;
using Migrations.Build.Tasks.Fingerprint;

namespace Migrations.Build.Tests.Unit.Fingerprint;

/// <summary>
/// The build gate repeats its last check while the model fingerprint is unchanged, so an edit the
/// model can depend on must change it (or drift goes unseen), and an edit it can't should not
/// (or every build costs a check). Each case edits one source of a compiled two-assembly app.
/// </summary>
public sealed class ModelFingerprintTests : IDisposable
{
    private readonly CompiledApp _app = new();

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string, string, string> ModelEdits => new()
    {
        // assembly, file, from, to
        { "App", "ShopDb.cs", "HasMaxLength(Lengths.Name)", "HasMaxLength(Lengths.Name).IsRequired()" },
        { "App", "LineConfiguration.cs", "HasDefaultValue(1)", "HasDefaultValue(2)" },
        { "App", "Audit.cs", "\"shop\"", "\"sales\"" }, // a private helper of an extension on ModelBuilder
        { "App", "Initial.cs", "SELECT 1", "SELECT 2" },
        { "App", "Startup.cs", "options.UseSqlite(connection)", "options.UseSqlite(connection, o => o.MigrationsHistoryTable(\"history\"))" },
        { "Model", "Lengths.cs", "Name => 200", "Name => 300" }, // another assembly's helper, called from OnModelCreating
        { "Model", "Order.cs", "public decimal Total { get; set; }", "public decimal Total { get; set; }\n    public string? Note { get; set; }" },
        { "Model", "Order.cs", "public string Name", "[MaxLength(50)] public string Name" },
        { "Model", "Order.cs", "public int Quantity { get; set; }", "public long Quantity { get; set; }" },
        { "Model", "Order.cs", "public class Line", "public class Refund { public int Id { get; set; } }\npublic class Line" },
    };

    public static TheoryData<string, string, string> OtherEdits => new()
    {
        // file, from, to: code that only queries or saves
        { "OrderService.cs", "o.Total > 100", "o.Total > 250" },
        { "OrderService.cs", "o => o.Total > 100", "o => o.Total > 100 && o.Name != \"\"" }, // a new lambda and closure
        { "OrderService.cs", "public int Count()", "public int Small() => db.Orders.Count(o => o.Total < 5);\n    public int Count()" },
    };

    [Theory]
    [MemberData(nameof(ModelEdits))]
    public void An_edit_the_model_can_depend_on_changes_it(string assembly, string file, string from, string to)
    {
        var before = ModelFingerprint.Compute(_app.Build());

        _app.Edit(assembly == "App" ? _app.App : _app.Model, file, from, to);

        var after = _app.Build();
        var fresh = ModelFingerprint.Compute(after);
        fresh.Value.Should().NotBe(before.Value);
        ModelFingerprint.Compute(after, before.Parts).Value.Should()
            .Be(fresh.Value, "the unedited assembly's part, taken from the last build, is what reading it gives");
    }

    [Theory]
    [MemberData(nameof(OtherEdits))]
    public void An_edit_to_code_that_only_queries_leaves_it(string file, string from, string to)
    {
        var before = ModelFingerprint.Compute(_app.Build());

        _app.Edit(_app.App, file, from, to);

        var after = ModelFingerprint.Compute(_app.Build(), before.Parts);
        after.Value.Should().Be(before.Value);
        after.Parts.Keys.Where(k => k.StartsWith("Shop.Model|", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().BeOneOf(before.Parts.Keys, "the model library, the same bytes in a new folder, keeps its part");
    }

    [Fact]
    public void An_unchanged_librarys_walk_taken_from_the_last_build_still_reaches_the_apps_override_of_its_virtual_method()
    {
        _app.Model["Rules.cs"] = """
            namespace Shop.Model;
            public abstract class NameRule { public abstract int Max(); }
            public static class Limits { public static int Of(NameRule rule) => rule.Max(); }
            """;
        _app.App["LongRule.cs"] = """
            namespace Shop;
            public class LongRule : Shop.Model.NameRule { public override int Max() => 500; }
            """;
        _app.Edit(_app.App, "ShopDb.cs", "HasMaxLength(Lengths.Name)", "HasMaxLength(Limits.Of(new LongRule()))");
        var before = ModelFingerprint.Compute(_app.Build());

        _app.Edit(_app.App, "LongRule.cs", "=> 500", "=> 600");

        var after = _app.Build();
        var incremental = ModelFingerprint.Compute(after, before.Parts);
        incremental.Value.Should().NotBe(before.Value, "the library's code calls the override the app changed");
        incremental.Value.Should().Be(ModelFingerprint.Compute(after).Value);
        incremental.Parts.Should().ContainKey(before.Parts.Keys.Single(k => k.StartsWith("graph:Shop.Model|", StringComparison.Ordinal)),
            "the library, the same bytes, kept its walk");
    }

    [Fact]
    public void The_same_code_compiled_again_has_the_same_fingerprint()
        => ModelFingerprint.Compute(_app.Build()).Value.Should().Be(ModelFingerprint.Compute(_app.Build()).Value);

    [Fact]
    public void The_gate_sees_a_configuration_file_change_and_reads_the_model_again_only_for_new_assemblies()
    {
        var assemblies = _app.Build();
        var project = Path.GetDirectoryName(assemblies[0])!;
        var settings = Path.Combine(project, "appsettings.json");
        File.WriteAllText(settings, """{ "Schema": "shop" }""");
        var first = GateFingerprint.Compute(assemblies, [project], project, assemblies[1]);

        File.WriteAllText(settings, """{ "Schema": "sales" }""");
        var edited = GateFingerprint.Compute(assemblies, [project], project, assemblies[1], first);

        edited.Value.Should().NotBe(first.Value);
        edited.Model.Should().Be(first.Model);

        // The same files: the last model fingerprint is taken as it is (a no-op build reads no assembly) ...
        GateFingerprint.Compute(assemblies, [project], project, assemblies[1], edited with { Model = "kept" }).Model.Should().Be("kept");

        // ... compiled again, they are read again.
        var rebuilt = _app.Build();
        GateFingerprint.Compute(rebuilt, [Path.GetDirectoryName(rebuilt[0])!], project, rebuilt[1], edited with { Model = "kept" })
            .Model.Should().Be(first.Model);
    }
}
