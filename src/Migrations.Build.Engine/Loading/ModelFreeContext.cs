using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// Opens the user's context without building its model. EF Core builds the app's model the first
/// time any of the context's services is asked for (a second and more on a large project), though
/// the migrations, the history table and the database's existence don't depend on it. A command that
/// needs none of the model (lint, or check with its drift result from the cache) gives the context
/// an empty model instead, before its services exist, as <c>UseModel</c> would have.
/// </summary>
internal static class ModelFreeContext
{
    // DbContext keeps the options it was made with here until its services are created from them.
    private static readonly FieldInfo? OptionsField = typeof(DbContext).GetField("_options", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? ServicesField = typeof(DbContext).GetField("_contextServices", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>
    /// Gives <paramref name="context"/> an empty model; false (the context left as it was) when its
    /// services already exist (the app's factory used it), when it has its own model (a compiled
    /// model is fast already), or when this EF Core keeps its options elsewhere.
    /// </summary>
    public static bool TryApply(DbContext context)
    {
        if (OptionsField?.GetValue(context) is not DbContextOptions options || ServicesField is null || ServicesField.GetValue(context) is not null)
        {
            return false;
        }

        var core = options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension();
        if (core.Model is not null)
        {
            return false;
        }

        OptionsField.SetValue(context, options.WithExtension(core.WithModel(new ModelBuilder().FinalizeModel())));
        return true;
    }
}
