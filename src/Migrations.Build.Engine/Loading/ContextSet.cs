using System.Reflection;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// The DbContexts one run works on. In a build, a verb that can run over several
/// (<see cref="EngineCommands.ManyContexts"/>) takes the <c>;</c> list in <c>MigrationsContext</c>, else
/// every context that has migrations, so a second context is never an error there. Anything else
/// (every tool command) is one context, found as <see cref="ContextLoader"/> finds it.
/// </summary>
internal static class ContextSet
{
    /// <summary>The contexts to run, in order; a single null: the one <see cref="ContextLoader"/> finds.</summary>
    public static IReadOnlyList<string?> Of(EngineRequest request)
    {
        if (request.Context is { } named && named.Contains(';'))
        {
            var names = named.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count > 1 && !(request.FromBuild && EngineCommands.ManyContexts.Contains(request.Command)))
            {
                throw new EngineException(request.FromBuild
                    ? $"This target works on one DbContext; MigrationsContext names {names.Count}: {string.Join(", ", names)}. Name one, e.g. "
                        + $"-p:MigrationsContext={names[0]}."
                    : $"dotnet migrate {request.Command} works on one DbContext at a time; --context names {names.Count}: {string.Join(", ", names)}. "
                        + $"Run it once for each, e.g. --context {names[0]}.",
                    code: SetupCodes.ContextNotCreated);
            }

            return names.Count == 0 ? [null] : [.. names];
        }

        if (request.Context is not null || !request.FromBuild || !EngineCommands.ManyContexts.Contains(request.Command))
        {
            return [request.Context];
        }

        // Those with migrations; with none yet, every context: its drift is what there is to say.
        var types = Types(request).ToList();
        var withMigrations = types.Where(t => typeof(Migration).IsAssignableFrom(t) || typeof(ModelSnapshot).IsAssignableFrom(t))
            .Select(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType).OfType<Type>().Where(IsContext).Distinct().ToList();
        var contexts = withMigrations.Count > 0 ? withMigrations : types.Where(IsContext).ToList();
        return contexts.Count > 1 || withMigrations.Count == 1 ? Names(contexts) : [null];
    }

    public static bool IsContext(Type type) => typeof(DbContext).IsAssignableFrom(type) && type is { IsAbstract: false, IsGenericTypeDefinition: false };

    /// <summary>How the caller names contexts: the MSBuild property in a build, the tool's option otherwise.</summary>
    public static string Property(EngineRequest request) => request.FromBuild ? "MigrationsContext" : "--context";

    /// <summary>Each context by name; by full name where two share a name.</summary>
    private static List<string?> Names(List<Type> contexts)
        => contexts.Select(t => contexts.Count(o => o.Name == t.Name) > 1 ? t.FullName ?? t.Name : t.Name)
            .Order(StringComparer.Ordinal).ToList<string?>();

    /// <summary>The concrete types of the project's assembly, its startup assembly and the projects it references.</summary>
    internal static IEnumerable<Type> Types(EngineRequest request)
        => new[] { request.Assembly, request.StartupAssembly }.Distinct(StringComparer.Ordinal).Select(AssemblyResolver.Load)
            .Concat(new ProjectLayout(request).ReferencedAssemblies())
            .Distinct().SelectMany(Types).Where(t => !t.IsAbstract).Distinct();

    internal static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
