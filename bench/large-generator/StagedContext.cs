using Large;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LargeGenerator;

/// <summary>Which migration brings each entity (and each later Notes column) into the model.</summary>
internal sealed record Plan(Type[] Types, int Migrations)
{
    /// <summary>Entities spread evenly over the migrations: entity i (1-based) arrives in this one.</summary>
    public int CreatedIn(int i) => (int)Math.Ceiling(i * (double)Migrations / Types.Length);

    /// <summary>Notes comes five migrations after its table, as a later change to an existing table would.</summary>
    public int NotesIn(int i) => Math.Min(Migrations, CreatedIn(i) + 5);
}

/// <summary>The app's context as it was at one migration: later entities and columns ignored.</summary>
internal sealed class StagedContext(Plan plan, int stage, DbContextOptions<LargeContext> options) : LargeContext(options)
{
    public int Stage => stage;

    public static StagedContext Create(Plan plan, int stage)
        => new(plan, stage, new DbContextOptionsBuilder<LargeContext>()
            .UseSqlite("Data Source=:memory:")
            .ReplaceService<IModelCacheKeyFactory, StageKeys>()
            .Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        for (var i = 1; i <= plan.Types.Length; i++)
        {
            var type = plan.Types[i - 1];
            if (plan.CreatedIn(i) > stage)
            {
                modelBuilder.Ignore(type);
            }
            else if (type.GetProperty("Notes") is not null && plan.NotesIn(i) > stage)
            {
                modelBuilder.Entity(type).Ignore("Notes");
            }
        }
    }

    /// <summary>EF caches one model per context type; each stage has its own.</summary>
    private sealed class StageKeys : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), ((StagedContext)context).Stage, designTime);
    }
}
