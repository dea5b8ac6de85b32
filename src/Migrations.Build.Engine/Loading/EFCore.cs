using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// The EF Core major this engine is compiled for (one engine per major, built against its x.0.0
/// and chosen at launch from the app's deps.json), and the design-time calls whose shape differs
/// between majors. Every <c>#if EF8</c> of the engine's design-time use lives here.
/// </summary>
internal static class EFCore
{
#if EF8
    public const int Major = 8;
#elif EF9
    public const int Major = 9;
#else
    public const int Major = 10;
#endif

    /// <summary>EF Core's design-time operations for contexts (its <c>project</c> argument arrived in 9).</summary>
    public static DbContextOperations ContextOperations(EngineSession session)
    {
        var request = session.Request;
#if EF8
        return new DbContextOperations(
            session.Reporter, session.Assembly, session.StartupAssembly, request.ProjectDir,
            request.RootNamespace, request.Language, request.Nullable, session.AppArgs);
#else
        return new DbContextOperations(
            session.Reporter, session.Assembly, session.StartupAssembly, project: Path.GetFileName(request.ProjectDir),
            request.ProjectDir, request.RootNamespace, request.Language, request.Nullable, session.AppArgs);
#endif
    }

    /// <summary><c>migrations add</c>: writes the migration, its Designer and the snapshot; returns the id and the files.</summary>
    public static (string Id, IReadOnlyList<string> Files) AddMigration(EngineSession session, string name)
    {
        // Into the project that builds the migrations assembly, as dotnet ef --project names it.
        var request = session.Request;
        var (assembly, projectDir, rootNamespace) = session.MigrationsProject;
        var operations = new MigrationsOperations(
            session.Reporter, assembly, session.StartupAssembly, projectDir,
            rootNamespace, request.Language, request.Nullable, session.AppArgs);
        var contextType = session.Context.GetType().FullName;
#if EF8
        // EF Core 8 returns no ScaffoldedMigration: the id is the migration file's name.
        var files = operations.AddMigration(name, outputDir: null, contextType, @namespace: null);
        var id = Path.GetFileNameWithoutExtension(files.MigrationFile!);
#else
        var files = operations.AddMigration(name, outputDir: null, contextType, @namespace: null, dryRun: false);
        var id = files.Migration!.MigrationId;
#endif
        return (id, [.. new[] { files.MigrationFile, files.MetadataFile, files.SnapshotFile }.OfType<string>()]);
    }

    /// <summary>Scaffolds a migration named <paramref name="name"/> without writing anything.</summary>
    public static ScaffoldedMigration Scaffold(IMigrationsScaffolder scaffolder, string name, string? rootNamespace, string? language)
#if EF8
        => scaffolder.ScaffoldMigration(name, rootNamespace ?? string.Empty, subNamespace: null, language);
#else
        => scaffolder.ScaffoldMigration(name, rootNamespace ?? string.Empty, subNamespace: null, language, dryRun: true);
#endif

    /// <summary>
    /// Where EF Core would save <paramref name="migration"/>'s migration and Designer files, without
    /// writing them or the model snapshot.
    /// </summary>
    public static MigrationFiles PathsOf(IMigrationsScaffolder scaffolder, string projectDir, ScaffoldedMigration migration)
    {
#if EF8
        // EF Core 8's Save always writes: let it write into a scratch folder, snapshot included
        // (which it places beside the existing one), then put the snapshot back as it was.
        var snapshots = Directory.EnumerateFiles(projectDir, migration.SnapshotName + migration.FileExtension, SearchOption.AllDirectories)
            .ToDictionary(path => path, File.ReadAllBytes);
        var scratch = Path.Combine(Path.GetTempPath(), "migrations-build-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = scaffolder.Save(projectDir, migration, scratch);
            var target = Directory.EnumerateFiles(projectDir, migration.PreviousMigrationId + migration.FileExtension, SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).FirstOrDefault() ?? projectDir;
            foreach (var (path, bytes) in snapshots)
            {
                File.WriteAllBytes(path, bytes);
            }

            if (written.SnapshotFile is { } snapshot && !snapshots.ContainsKey(snapshot))
            {
                File.Delete(snapshot);
            }

            return new MigrationFiles
            {
                MigrationFile = Path.Combine(target, Path.GetFileName(written.MigrationFile!)),
                MetadataFile = Path.Combine(target, Path.GetFileName(written.MetadataFile!)),
            };
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
#else
        return scaffolder.Save(projectDir, migration, outputDir: null, dryRun: true);
#endif
    }
}
