using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static Migrations.Build.Tests.Unit.Safety.Providers;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// A one-change migration produced the way `dotnet ef migrations add` produces it: the provider's
/// model differ between a "before" and an "after" model of a real DbContext (a dummy connection
/// string; building a model opens nothing). Each model is built once per process and kept in EF
/// Core's model cache under its own key.
/// </summary>
internal static class ScaffoldedMigration
{
    /// <summary>The Orders table as it stands in a model; null: the model has no Orders.</summary>
    public delegate void Shape(EntityTypeBuilder<Order> orders);

    /// <summary>Up and Down as the scaffolder writes them: the differences before → after and back.</summary>
    public static (IReadOnlyList<MigrationOperation> Up, IReadOnlyList<MigrationOperation> Down) Diff(string provider, string key, Shape? before, Shape? after)
    {
        using var from = Context(provider, key + "/before", before);
        using var to = Context(provider, key + "/after", after);
        var (old, @new) = (Model(from).GetRelationalModel(), Model(to).GetRelationalModel());
        var differ = to.GetService<IMigrationsModelDiffer>();
        return (differ.GetDifferences(old, @new), differ.GetDifferences(@new, old));
    }

    /// <summary>The SQL the provider generates for Up, against the "after" model as a migration's target model.</summary>
    public static string Sql(string provider, string key, Shape? after, IReadOnlyList<MigrationOperation> up)
    {
        using var context = Context(provider, key + "/after", after);
        return string.Join("\n", context.GetService<IMigrationsSqlGenerator>().Generate(up, Model(context)).Select(c => c.CommandText.Trim()));
    }

    private static IModel Model(DbContext context) => context.GetService<IDesignTimeModel>().Model;

    private static CaseContext Context(string provider, string key, Shape? shape)
    {
        var options = new DbContextOptionsBuilder<CaseContext>().ReplaceService<IModelCacheKeyFactory, CaseKeyFactory>();
        _ = provider switch
        {
            Sqlite => options.UseSqlite("Data Source=unused.db"),
            Postgres => options.UseNpgsql("Host=unused"),
            SqlServer => options.UseSqlServer("Server=unused"),
            _ => throw new ArgumentException($"No provider '{provider}'."),
        };
        return new CaseContext(options.Options, provider + "/" + key, shape);
    }

    /// <summary>Orders with an int key the app assigns (no identity, so adding one is the case's own change).</summary>
    public sealed class Order
    {
        public int Id { get; set; }
    }

    private sealed class CaseContext(DbContextOptions<CaseContext> options, string key, Shape? shape) : DbContext(options)
    {
        public string Key => key;

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            if (shape is not null)
            {
                modelBuilder.Entity<Order>(orders =>
                {
                    orders.ToTable("Orders");
                    orders.Property(o => o.Id).ValueGeneratedNever();
                    shape(orders);
                });
            }
        }
    }

    // One model per case and side, not one per context type (EF Core's default cache key).
    private sealed class CaseKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (((CaseContext)context).Key, designTime);
    }
}
