using FluentAssertions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Migrations.Build.Tests.Unit.Fingerprint;

/// <summary>
/// A small app in two assemblies (Shop.Model: entities and a helper; Shop: the context, its
/// configuration, services), compiled by Roslyn as the build would, deterministically, into a
/// folder: what the model fingerprint reads. Each test edits one source and compiles again.
/// </summary>
internal sealed class CompiledApp : IDisposable
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Infrastructure;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Microsoft.EntityFrameworkCore.Migrations;
        using Microsoft.Extensions.DependencyInjection;

        """;

    private static readonly MetadataReference[] Framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator).Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

    private readonly string _root = Directory.CreateTempSubdirectory("fingerprint-").FullName;
    private int _builds;

    public Dictionary<string, string> Model { get; } = new()
    {
        ["Order.cs"] = """
            namespace Shop.Model;
            public class Order
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
                public decimal Total { get; set; }
                public List<Line> Lines { get; } = [];
            }
            public class Line
            {
                public int Id { get; set; }
                public int Quantity { get; set; }
            }
            """,
        ["Lengths.cs"] = """
            namespace Shop.Model;
            public static class Lengths
            {
                public static int Name => 200;
            }
            """,
    };

    public Dictionary<string, string> App { get; } = new()
    {
        ["ShopDb.cs"] = """
            using Shop.Model;
            namespace Shop;
            public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder builder)
                {
                    builder.Entity<Order>().Property(o => o.Name).HasMaxLength(Lengths.Name);
                    builder.ApplyConfiguration(new LineConfiguration());
                    builder.UseAudit();
                }
            }
            """,
        ["LineConfiguration.cs"] = """
            using Shop.Model;
            namespace Shop;
            public class LineConfiguration : IEntityTypeConfiguration<Line>
            {
                public void Configure(EntityTypeBuilder<Line> line) => line.Property(l => l.Quantity).HasDefaultValue(1);
            }
            """,
        ["Audit.cs"] = """
            namespace Shop;
            public static class Audit
            {
                public static void UseAudit(this ModelBuilder builder) => builder.HasDefaultSchema(Schema());
                private static string Schema() => "shop";
            }
            """,
        ["Initial.cs"] = """
            namespace Shop;
            [DbContext(typeof(ShopDb))]
            [Migration("20240101000000_Initial")]
            public class Initial : Migration
            {
                protected override void Up(MigrationBuilder migration) => migration.Sql("SELECT 1");
            }
            """,
        ["OrderService.cs"] = """
            using Shop.Model;
            namespace Shop;
            public class OrderService(ShopDb db)
            {
                public Task<List<Order>> Large() => db.Orders.Where(o => o.Total > 100).ToListAsync();
                public int Count() => db.Orders.Count();
            }
            """,
        ["Startup.cs"] = """
            namespace Shop;
            public static class Startup
            {
                public static IServiceCollection AddShop(this IServiceCollection services, string connection)
                    => services.AddDbContext<ShopDb>(options => options.UseSqlite(connection));
            }
            """,
    };

    /// <summary>Compiles both assemblies into a new folder; returns their paths.</summary>
    public string[] Build()
    {
        var folder = Path.Combine(_root, (++_builds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var model = Compile("Shop.Model", Model, Framework, folder);
        var app = Compile("Shop", App, [.. Framework, MetadataReference.CreateFromFile(model)], folder);
        return [model, app];
    }

    public void Edit(Dictionary<string, string> sources, string file, string from, string to)
    {
        sources[file].Should().Contain(from);
        sources[file] = sources[file].Replace(from, to, StringComparison.Ordinal);
    }

    private static string Compile(string name, Dictionary<string, string> sources, IEnumerable<MetadataReference> references, string folder)
    {
        var compilation = CSharpCompilation.Create(
            name,
            sources.Select(s => CSharpSyntaxTree.ParseText(Usings + s.Value, path: s.Key)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(folder, name + ".dll");
        var result = compilation.Emit(path);
        result.Success.Should().BeTrue(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
