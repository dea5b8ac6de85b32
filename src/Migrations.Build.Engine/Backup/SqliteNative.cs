using System.Runtime.InteropServices;
using SQLitePCL;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// SQLite's step and column functions called straight from the library the app's SQLitePCLRaw loaded, on the
/// statement's raw pointer. SQLitePCLRaw's own calls take the statement as a SafeHandle: a reference count
/// taken and let go on every call, about 13 calls a row of four columns, a seventh of a backup's CPU. The
/// column reads copy nothing and can't block, so they skip the GC transition too. Null when the library can't
/// be found by the provider's name or isn't the one SQLitePCLRaw calls (its version differs): then
/// <see cref="SqliteStatementRows"/> calls through SQLitePCLRaw.
/// </summary>
internal sealed unsafe class SqliteNative
{
    private static readonly Lazy<SqliteNative?> Loaded = new(Load);

    private SqliteNative(IntPtr library)
    {
        Step = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, "sqlite3_step");
        ColumnType = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_type");
        ColumnInt64 = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, long>)NativeLibrary.GetExport(library, "sqlite3_column_int64");
        ColumnDouble = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, double>)NativeLibrary.GetExport(library, "sqlite3_column_double");
        ColumnBlob = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*>)NativeLibrary.GetExport(library, "sqlite3_column_blob");
        ColumnBytes = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_bytes");
        Version = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "sqlite3_libversion_number");
    }

    public static SqliteNative? Instance => Loaded.Value;

    public delegate* unmanaged<IntPtr, int> Step { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int> ColumnType { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, long> ColumnInt64 { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, double> ColumnDouble { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*> ColumnBlob { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int> ColumnBytes { get; }

    private delegate* unmanaged<int> Version { get; }

    /// <summary>A text or blob value's bytes, in SQLite's buffer until the next step (blob first, then its size, as SQLite asks).</summary>
    public ReadOnlySpan<byte> Bytes(IntPtr statement, int column)
    {
        var start = ColumnBlob(statement, column);
        return new ReadOnlySpan<byte>(start, ColumnBytes(statement, column));
    }

    private static SqliteNative? Load()
    {
        try
        {
            if (!NativeLibrary.TryLoad(raw.GetNativeLibraryName(), typeof(raw).Assembly, null, out var library))
            {
                return null;
            }

            var native = new SqliteNative(library);
            return native.Version() == raw.sqlite3_libversion_number() ? native : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException or BadImageFormatException
            or InvalidOperationException or NotImplementedException or MissingMethodException)
        {
            return null; // a provider without a library name (or one without these exports): SQLitePCLRaw's calls
        }
    }
}
