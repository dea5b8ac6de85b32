using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Migrations.Build.Engine.Integrity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace Migrations.Build.Engine.Migrate.SqlCache;

/// <summary>
/// The SQL EF Core generated for each migration, kept in <c>obj/</c> so that the next upgrade or
/// downgrade (a new database, another environment, a reset) runs it without building the migration's
/// target model from its Designer code: on a project with a long history that is most of the time an
/// upgrade takes. An entry is keyed by everything its SQL can depend on: the migration's compiled code
/// (Designer included, <see cref="MigrationCode"/>), the operations it builds now, for Down the code of
/// the migration it returns to, EF Core and the provider and every service that writes SQL (by their
/// assemblies' identities), the context's options, the history table and the generation options.
/// What is run on a hit is what EF Core generated on the miss, byte for byte.
/// </summary>
internal sealed class MigrationSqlCache : IDisposable
{
    private readonly string _file;
    private readonly string _setting;
    private readonly Dictionary<string, Entry> _entries;
    private readonly MigrationCode _code = new();
    private bool _changed;

    private MigrationSqlCache(string file, string setting, Dictionary<string, Entry> entries)
    {
        _file = file;
        _setting = setting;
        _entries = entries;
    }

    /// <summary>The cache's file, for messages.</summary>
    public string File => _file;

    /// <summary>One migration's commands as EF Core generated them.</summary>
    internal sealed record Command(string Sql, bool Suppressed = false);

    internal sealed record Entry(string Key, List<Command> Commands);

    internal sealed record FileContent(Dictionary<string, Entry> Entries);

    /// <summary>Where a migration's SQL is kept (one per migration, direction and options) and the key its SQL was generated under.</summary>
    public readonly record struct Key(string Slot, string Value);

    /// <summary>The cache for this project and context; null without an obj/ folder or when turned off (MIGRATIONS_NO_CACHE=1).</summary>
    public static MigrationSqlCache? Open(EngineSession session)
    {
        if (ObjCacheFile.PathFor(session.Request, "migrate-sql") is not { } file)
        {
            return null;
        }

        var entries = ObjCacheFile.Read(file, SqlCacheJson.Default.FileContent)?.Entries ?? [];
        return new MigrationSqlCache(file, Setting(session.Context), entries);
    }

    /// <summary>
    /// The key of <paramref name="migration"/>'s SQL in one direction (Down returns to
    /// <paramref name="previous"/>, null for base); null when its code can't be read, and it is never cached.
    /// </summary>
    public Key? KeyOf(Migration migration, Migration? previous, bool up, MigrationsSqlGenerationOptions options)
    {
        var code = _code.Hash(migration.GetType());
        var returnsTo = previous is null ? "base" : _code.Hash(previous.GetType());
        if (code is null || returnsTo is null)
        {
            return null;
        }

        var operations = OperationFingerprint.Compute(up ? migration.UpOperations : migration.DownOperations, []);
        var id = migration.GetType().GetCustomAttribute<MigrationAttribute>()?.Id ?? migration.GetType().FullName;
        var slot = $"{id}|{(up ? "up" : "down")}|{(int)options}";
        var value = $"{_setting}|{slot}|{code}|{operations}|{(up ? string.Empty : returnsTo)}";
        return new Key(slot, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))));
    }

    public IReadOnlyList<Command>? Find(Key key)
        => _entries.TryGetValue(key.Slot, out var entry) && entry.Key == key.Value ? entry.Commands : null;

    public void Store(Key key, IEnumerable<Command> commands)
    {
        _entries[key.Slot] = new Entry(key.Value, [.. commands]);
        _changed = true;
    }

    /// <summary>Writes what was generated; entries of migrations since changed were replaced in their slots.</summary>
    public void Dispose()
    {
        if (_changed)
        {
            ObjCacheFile.Write(_file, new FileContent(_entries), SqlCacheJson.Default.FileContent);
        }

        _code.Dispose();
    }

    /// <summary>
    /// What every migration's SQL shares: which code writes it (each service's type and its assembly's
    /// identity, so a new EF Core, provider or app-made generator is a new key), the context's options
    /// as EF Core logs them (never the connection string) and the history table's statements.
    /// </summary>
    private static string Setting(DbContext context)
    {
        var text = new StringBuilder("migrations-sql/1\n");
        var services = context.GetInfrastructure();
        foreach (var service in new[]
                 {
                     typeof(IMigrator), typeof(IMigrationsSqlGenerator), typeof(IHistoryRepository), typeof(ISqlGenerationHelper),
                     typeof(IRelationalTypeMappingSource), typeof(IUpdateSqlGenerator), typeof(IRelationalAnnotationProvider),
                     typeof(IRawSqlCommandBuilder), typeof(IModelRuntimeInitializer), typeof(IDatabaseProvider),
                 })
        {
            var type = services.GetService(service)?.GetType();
            text.Append(service.Name).Append('=').Append(type?.FullName).Append(' ').Append(type?.Assembly.ManifestModule.ModuleVersionId).Append('\n');
        }

        text.Append("EFCore ").Append(typeof(DbContext).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        foreach (var extension in context.GetService<IDbContextOptions>().Extensions.OrderBy(e => e.GetType().FullName, StringComparer.Ordinal))
        {
            text.Append(extension.GetType().FullName).Append(':').Append(extension.Info.LogFragment).Append('\n');
        }

        var history = context.GetService<IHistoryRepository>();
        text.Append(history.GetInsertScript(new HistoryRow("{id}", "{version}"))).Append('\n').Append(history.GetDeleteScript("{id}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>The SQL cache file's serializer, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(MigrationSqlCache.FileContent))]
internal sealed partial class SqlCacheJson : JsonSerializerContext;
