using Large;
using LargeGenerator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Sqlite.Design.Internal;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

// Usage: LargeGenerator <app folder> <migrations>. Each migration k is what `dotnet ef migrations add`
// would write after the model grew to stage k: up and down from EF's differ, Designer and snapshot
// from EF's C# generator.
if (args.Length != 2 || !int.TryParse(args[1], out var migrations))
{
    Console.Error.WriteLine("Usage: LargeGenerator <app folder> <migrations>");
    return 2;
}

var folder = Path.Combine(args[0], "Migrations");
var plan = new Plan(typeof(LargeContext).Assembly.GetTypes()
    .Where(t => t.Namespace == "Large.Model").OrderBy(t => t.Name, StringComparer.Ordinal).ToArray(), migrations);

using var head = StagedContext.Create(plan, migrations);
var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(head);
new SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
using var provider = services.BuildServiceProvider();
var differ = provider.GetRequiredService<IMigrationsModelDiffer>();
var code = provider.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select("C#");
const string ns = "Large.Migrations";

IModel? previous = null;
for (var stage = 1; stage <= migrations; stage++)
{
    using var context = StagedContext.Create(plan, stage);
    var model = context.GetService<IDesignTimeModel>().Model;
    var up = differ.GetDifferences(previous?.GetRelationalModel(), model.GetRelationalModel());
    var down = differ.GetDifferences(model.GetRelationalModel(), previous?.GetRelationalModel());
    var name = $"Step{stage:D3}";
    var id = $"{new DateTime(2025, 1, 1).AddMinutes(stage):yyyyMMddHHmmss}_{name}";
    File.WriteAllText(Path.Combine(folder, id + ".cs"), code.GenerateMigration(ns, name, up, down));
    File.WriteAllText(Path.Combine(folder, id + ".Designer.cs"), code.GenerateMetadata(ns, typeof(LargeContext), name, id, model));
    previous = model;
    // Each stage's model is cached by EF; only the last one is needed.
    (context.GetService<IMemoryCache>() as MemoryCache)?.Compact(1.0);
}

File.WriteAllText(Path.Combine(folder, "LargeContextModelSnapshot.cs"),
    code.GenerateSnapshot(ns, typeof(LargeContext), "LargeContextModelSnapshot", previous!));
Console.WriteLine($"{migrations} migrations for {plan.Types.Length} entities in {folder}");
return 0;
