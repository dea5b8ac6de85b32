using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// The app's own seeding (<c>UseSeeding</c> / <c>UseAsyncSeeding</c>), taken off the context for the
/// cycle. EF Core's migrator calls it after every <c>Migrate</c>, so the cycle would run code written
/// for the current model at every older migration; the cycle runs it once, where <c>--seed app</c> says.
/// </summary>
internal static class AppSeeding
{
    /// <summary>
    /// Removes the seeding from the context's options and returns it (null when the app has none).
    /// The options expose the delegates but offer no way to change them on a live context, hence the
    /// fields; when EF Core renames them the seeding stays and runs at each step, as it would anyway.
    /// </summary>
    public static Action<DbContext>? Detach(EngineSession session)
    {
#if EF8
        // EF Core 8 has no UseSeeding: there is nothing to take off.
        _ = session;
        return null;
#else
        var core = session.Context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>();
        if (core is null || (core.Seeder is null && core.AsyncSeeder is null))
        {
            return null;
        }

        var (seed, seedAsync) = (core.Seeder, core.AsyncSeeder);
        var fields = new[] { "_seed", "_seedAsync" }
            .Select(name => typeof(CoreOptionsExtension).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic))
            .ToList();
        if (fields.Any(f => f is null))
        {
            session.Warn("The app's seeding (UseSeeding) couldn't be taken off the context: EF Core runs it after each step of the cycle.");
        }
        else
        {
            fields.ForEach(f => f!.SetValue(core, null));
        }

        return seed is not null
            ? context => seed(context, true)
            : context => seedAsync!(context, true, CancellationToken.None).GetAwaiter().GetResult();
#endif
    }
}
