using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// Creates the user's DbContext the way EF Core's design-time tools do (IDesignTimeDbContextFactory,
/// then the app's host services, then a parameterless constructor), by using EF Core's own
/// design-time operations, so the app behaves exactly as under <c>dotnet ef</c>.
/// </summary>
internal sealed class ContextLoader(EngineSession session)
{
    public DbContext Create()
    {
        var request = session.Request;
        var operations = new DbContextOperations(
            session.Reporter,
            session.Assembly,
            session.StartupAssembly,
            project: Path.GetFileName(request.ProjectDir),
            request.ProjectDir,
            request.RootNamespace,
            request.Language,
            request.Nullable,
            session.AppArgs);

        if (request.Context is null)
        {
            var types = operations.GetContextTypes().ToList();
            if (types.Count > 1)
            {
                throw new EngineException(
                    $"The project has {types.Count} DbContexts: {string.Join(", ", types.Select(t => t.Name))}. "
                    + "Say which one to use with --context, e.g. --context " + types[0].Name + ".");
            }

            if (types.Count == 0)
            {
                throw new EngineException(
                    $"No DbContext was found in '{session.Assembly.GetName().Name}' or its startup project. "
                    + "Point --project at the project that holds your DbContext and migrations, and "
                    + "--startup-project at the app that configures it.");
            }
        }

        var context = operations.CreateContext(request.Context);
        if (session.ConnectionOverride is { } connection)
        {
            context.Database.SetConnectionString(connection);
        }

        return context;
    }
}
