using System.Reflection;
using Migrations.Build.Engine.Loading;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine;

/// <summary>
/// One engine run: the request, the event stream, and the user's DbContext with its services,
/// created on first use (a command that needs no context never builds one).
/// </summary>
internal sealed class EngineSession(EngineRequest request, EventWriter events, Concurrency.Interruption? interruption = null) : IDisposable
{
    private Assembly? _assembly;
    private Assembly? _startupAssembly;
    private ProjectLayout? _layout;
    private DbContext? _context;
    private IServiceProvider? _designServices;
    private Task<IModel?>? _snapshotModel;

    public EngineRequest Request { get; } = request;

    public EventWriter Events { get; } = events;

    public EventReporter Reporter { get; } = new(events);

    /// <summary>Ctrl+C: checked at the command's stop points (between migrations, tables, batches of rows).</summary>
    public Concurrency.Interruption Interruption { get; } = interruption ?? Concurrency.Interruption.None();

    public Assembly Assembly => _assembly ??= AssemblyResolver.Load(Request.Assembly);

    public Assembly StartupAssembly => _startupAssembly ??= AssemblyResolver.Load(Request.StartupAssembly);

    public string[] AppArgs => [.. Request.AppArgs];

    /// <summary>The project and those it references, as the build described them.</summary>
    public ProjectLayout Layout => _layout ??= new ProjectLayout(Request);

    /// <summary>The C# sources of the project and of the projects it references, for locating what findings are about.</summary>
    public Sources.SourceLocator NewSources() => new(Layout.SourceRoots);

    /// <summary>
    /// The assembly that holds the context's migrations (EF Core's MigrationsAssembly, by default the
    /// context's own), the folder of the project that builds it and its root namespace: where a new
    /// migration is written, even when the build runs on the startup project that references it.
    /// </summary>
    public (Assembly Assembly, string Directory, string? RootNamespace) MigrationsProject
    {
        get
        {
            var assembly = Service<IMigrationsAssembly>().Assembly;
            var name = assembly.GetName();
            var folder = Layout.DirectoryOf(name) ?? throw new EngineException(
                $"The context's migrations assembly '{name.Name}' is built by neither this project nor a project it references, so there is no folder "
                + "to write its migrations in. Point --project at the project that builds it (MSBuild: add the package there, or reference that project).");
            return folder == Request.ProjectDir ? (Assembly, folder, Request.RootNamespace) : (assembly, folder, name.Name);
        }
    }

    /// <summary>
    /// The connection string to use instead of the app's, if any (never printed as is): the one the
    /// caller passed (--connection, MigrationsConnection), else the user's MIGRATIONS_CONNECTION.
    /// </summary>
    public string? ConnectionOverride { get; } =
        new[] { EngineRequest.ConnectionVariable, EngineRequest.UserConnectionVariable }
            .Select(Environment.GetEnvironmentVariable).FirstOrDefault(c => !string.IsNullOrEmpty(c));

    /// <summary>The app's environment as its host sees it (EF Core's design-time tools default to Development).</summary>
    public string EnvironmentName { get; } = ProductionEnvironments.FromVariables() ?? "Development";

    public bool IsProduction => ProductionEnvironments.IsProduction(EnvironmentName);

    /// <summary>Says which database, and in which environment, a changing command is about to touch.</summary>
    public void AnnounceDatabase()
        => Info($"Database: {DatabaseInfo.Connection} ({DatabaseInfo.Provider}); "
            + $"environment: {EnvironmentName}{(IsProduction ? " (production)" : string.Empty)}");

    public DbContext Context => _context ??= Timed("context", () => new ContextLoader(this).Create(WithoutModel));

    /// <summary>The context is opened without the app's model (<see cref="ModelFreeContext"/>): nothing may read the model.</summary>
    public bool WithoutModel { get; private set; }

    /// <summary>For a command that reads nothing of the app's model: spares EF Core building it. Before the context is first used.</summary>
    public void OpenWithoutModel()
    {
        if (_context is not null)
        {
            throw new InvalidOperationException("The context is already open.");
        }

        WithoutModel = true;
    }

    /// <summary>EF Core's design-time services for the context (scaffolder, code generators).</summary>
    public IServiceProvider DesignServices
        => _designServices ??= new DesignTimeServicesBuilder(Assembly, StartupAssembly, Reporter, AppArgs).Build(Context);

    public T Service<T>() where T : class => Context.GetService<T>();

    /// <summary>
    /// The model snapshot's model, built on another thread from the first use: a check starts it early,
    /// so that it is built while the app's own model is (each takes a second or more on a large project).
    /// </summary>
    public Task<IModel?> SnapshotModel
    {
        get
        {
            if (_snapshotModel is null)
            {
                // The context and its services are resolved here: only this thread ever uses the context.
                var snapshot = Service<IMigrationsAssembly>().ModelSnapshot;
                var initializer = Service<IModelRuntimeInitializer>();
                _snapshotModel = Task.Run(() => Timed("snapshot model (second thread)", () => Drift.ModelDrift.FinalizedSnapshot(snapshot, initializer)));
            }

            return _snapshotModel;
        }
    }

    /// <summary>
    /// Builds every migration's operations once on another thread, so that the rules and the integrity
    /// hashes, which need them later on this thread, find their code loaded and compiled: on a large
    /// project that is hundreds of Up and Down methods, each with its own types. Nothing is kept; a
    /// migration that throws is reported by whoever builds it for real.
    /// </summary>
    public void WarmUpMigrations()
    {
        var migrations = Service<IMigrationsAssembly>();
        var types = migrations.Migrations.Values.ToList();
        var provider = Context.Database.ProviderName ?? string.Empty;
        _ = Task.Run(() =>
        {
            foreach (var type in types)
            {
                try
                {
                    var migration = migrations.CreateMigration(type, provider);
                    _ = migration.UpOperations;
                    _ = migration.DownOperations;
                }
                catch (Exception)
                {
                    // Reported when the rules build it (e.g. MIG502 for a Down that throws).
                }
            }
        });
    }

    public DatabaseInfo DatabaseInfo => new()
    {
        Provider = Context.Database.ProviderName ?? "unknown",
        Connection = ConnectionStringMasker.Mask(Context.Database.GetConnectionString()),
        Context = Context.GetType().Name,
    };

    public void Info(string message) => Events.Log(LogLevels.Info, message);

    /// <summary>
    /// Runs one step and, with --verbose, says how long it took ("timing: app model 1150 ms"): the
    /// profile docs/performance.md is made from, and that any user can take on their own project.
    /// </summary>
    public T Timed<T>(string step, Func<T> work)
    {
        if (!Request.Verbose)
        {
            return work();
        }

        // The CPU time too: on a shared machine the wall time says more about the neighbours than the step.
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = work();
        Events.Log(LogLevels.Verbose, $"timing: {step} {watch.ElapsedMilliseconds} ms "
            + $"(CPU {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms)");
        return result;
    }

    public void Warn(string message) => Events.Log(LogLevels.Warning, message);

    /// <summary>
    /// Marks the context's connection as left behind by a bounded wait (still connecting on another
    /// thread): it can't be closed cleanly, and the process ends soon anyway.
    /// </summary>
    public void AbandonConnection() => ConnectionAbandoned = true;

    private bool ConnectionAbandoned { get; set; }

    public void Dispose()
    {
        if (!ConnectionAbandoned)
        {
            _context?.Dispose();
        }
    }
}
