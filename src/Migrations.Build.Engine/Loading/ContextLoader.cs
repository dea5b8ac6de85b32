using System.Reflection;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// Creates the user's DbContext the way EF Core's design-time tools do: an
/// IDesignTimeDbContextFactory, else the app's host services, else a parameterless constructor.
/// A factory is used directly when there is one: EF Core's own path first resolves the app's host,
/// which runs the app's Main (slow, with side effects). Everything else goes through EF Core's
/// design-time operations, so the app behaves exactly as under <c>dotnet ef</c>.
/// </summary>
internal sealed class ContextLoader(EngineSession session)
{
    public DbContext Create(bool withoutModel = false)
    {
        var context = Created();

        // Before anything asks the context for a service: the first one builds them, and the model with them.
        if (withoutModel && !ModelFreeContext.TryApply(context))
        {
            session.Events.Log(LogLevels.Verbose, "The context's model is already built (EF Core's design-time path builds it for a context from the app's "
                + "host), or the app gives its own: it is used.");
        }

        session.Events.Secrets.Add(WrittenConnectionString(context));

        if (session.ConnectionOverride is { } connection)
        {
            try
            {
                context.Database.SetConnectionString(connection);
                _ = context.Database.GetDbConnection(); // the provider parses the string here
            }
            catch (ArgumentException e)
            {
                throw new EngineException(
                    "The connection string from --connection or MIGRATIONS_CONNECTION can't be used: "
                        + $"{e.Message} A connection string is keyword=value pairs separated by ';'; "
                        + "quote a value that holds one (Password=\"p;w\", a quote in it doubled).");
            }
        }

        RefuseSqliteFolder(context);
        return context;
    }

    /// <summary>
    /// The app's connection string as its options hold it, before the provider parses it (a malformed one
    /// throws there, echoing a piece of it): from now on kept out of every event.
    /// </summary>
    private static string? WrittenConnectionString(DbContext context)
        => context.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()?.ConnectionString;

    /// <summary>The app's context; what stops its creation is reported under its own code (database errors keep theirs).</summary>
    private DbContext Created()
    {
        try
        {
            return FromFactory() ?? FromDesignTimeOperations();
        }
        catch (Exception e) when (EngineHost.Classify(e) is { ExitCode: not ExitCodes.Database } failure && failure.Code != SetupCodes.ContextNotCreated)
        {
            var request = session.Request;
            var startup = request.StartupAssembly != request.Assembly ? string.Empty
                : request.FromBuild ? "If another project configures this context (an app that calls AddDbContext), name it: "
                    + "<MigrationsStartupProject>../WebHost/WebHost.csproj</MigrationsStartupProject>. "
                : "If another project configures this context (an app that calls AddDbContext), name it: --startup-project ../WebHost. ";
            throw new EngineException(
                $"The DbContext could not be created: {failure.Message}\n"
                + startup
                + "Give the app a design-time factory (IDesignTimeDbContextFactory), or make its host build without a database, as dotnet ef needs; "
                + $"pick one context with {ContextSet.Property(request)}.",
                failure.ExitCode, e, SetupCodes.ContextNotCreated);
        }
    }

    /// <summary>SQLite says only "disk I/O error" when its file is a folder; say which folder.</summary>
    private static void RefuseSqliteFolder(DbContext context)
    {
        if (context.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true
            && context.Database.GetConnectionString() is { Length: > 0 } && context.Database.GetDbConnection().DataSource is { Length: > 0 } file
            && Directory.Exists(file))
        {
            throw new EngineException(
                $"The SQLite database {file} is a folder, not a database file. Give the path of a file in the connection string, e.g. "
                    + $"Data Source={Path.Combine(file, "app.db")}.",
                ExitCodes.Database);
        }
    }

    private DbContext? FromFactory()
    {
        var request = session.Request;
        // A library's factory counts too when the build runs on the app that references it.
        var assemblies = new[] { session.StartupAssembly, session.Assembly }.Concat(session.Layout.ReferencedAssemblies()).Distinct().ToList();
        var contexts = assemblies.SelectMany(ContextSet.Types).Where(ContextSet.IsContext).Distinct().ToList();
        var factories = assemblies.SelectMany(ContextSet.Types)
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>))
                .Select(i => (Factory: t, Context: i.GetGenericArguments()[0])))
            .ToList();

        var wanted = request.Context is null
            ? (contexts.Count == 1 ? contexts : [])
            : contexts.Where(c => Matches(c, request.Context)).ToList();
        var match = factories.Where(f => wanted.Contains(f.Context)).ToList();
        if (match.Count != 1 || match[0].Factory.GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        session.Reporter.WriteInformation($"Using design-time factory '{match[0].Factory.Name}' for '{match[0].Context.Name}'.");
        var factory = Activator.CreateInstance(match[0].Factory)!;
        var create = typeof(IDesignTimeDbContextFactory<>).MakeGenericType(match[0].Context).GetMethod("CreateDbContext")!;
        return (DbContext)create.Invoke(factory, [session.AppArgs])!;
    }

    private DbContext FromDesignTimeOperations()
    {
        var request = session.Request;
        var operations = EFCore.ContextOperations(session);

        if (request.Context is null)
        {
            var types = operations.GetContextTypes().ToList();
            if (types.Count > 1)
            {
                var example = request.FromBuild ? $"-p:MigrationsContext={types[0].Name}" : $"--context {types[0].Name}";
                throw new EngineException(
                    $"The project has {types.Count} DbContexts: {string.Join(", ", types.Select(t => t.Name))}. Say which one to use: {example}.",
                    code: SetupCodes.ContextNotCreated);
            }

            if (types.Count == 0)
            {
                throw new EngineException(
                    $"No DbContext was found in '{session.Assembly.GetName().Name}' or its startup project. "
                    + "Point --project at the project that holds your DbContext and migrations, and "
                    + "--startup-project at the app that configures it.",
                    code: SetupCodes.ContextNotCreated);
            }
        }

        return operations.CreateContext(request.Context);
    }

    private static bool Matches(Type type, string name)
        => type.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || string.Equals(type.FullName, name, StringComparison.OrdinalIgnoreCase);
}
