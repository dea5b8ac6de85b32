using System.Runtime.InteropServices;
using SQLitePCL;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// SQLite's step and column functions called straight from the library the app's SQLitePCLRaw loaded, on the
/// statement's raw pointer. SQLitePCLRaw's own calls take the statement as a SafeHandle: a reference count
/// taken and let go on every call, about 13 calls a row of four columns, a seventh of a backup's CPU. The
/// column reads copy nothing and can't block, so they skip the GC transition too. Only in a 64-bit process (one
/// calling convention; 32-bit Windows has two, and providers differ) and for a provider that calls its library
/// by <c>DllImport</c> (e_sqlite3, e_sqlcipher, sqlite3): the library is loaded as the provider's own imports
/// load it, its resolver included, and its version must be SQLitePCLRaw's. Otherwise, or on any failure, null:
/// <see cref="SqliteStatementRows"/> then leaves the table to the plain read.
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
        ColumnText = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*>)NativeLibrary.GetExport(library, "sqlite3_column_text");
        ColumnBytes = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_bytes");
        Version = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "sqlite3_libversion_number");
    }

    public static SqliteNative? Instance => Loaded.Value;

    public delegate* unmanaged<IntPtr, int> Step { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int> ColumnType { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, long> ColumnInt64 { get; }

    public delegate* unmanaged[SuppressGCTransition]<IntPtr, int, double> ColumnDouble { get; }

    private delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*> ColumnBlob { get; }

    private delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*> ColumnText { get; }

    private delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int> ColumnBytes { get; }

    private delegate* unmanaged<int> Version { get; }

    /// <summary>A blob's bytes, in SQLite's buffer until the next step (the blob first, then its size, as SQLite asks).</summary>
    public ReadOnlySpan<byte> Blob(IntPtr statement, int column) => Span(ColumnBlob(statement, column), statement, column);

    /// <summary>A text's UTF-8 bytes, whatever the database's encoding (a UTF-16 one's text is converted by SQLite, as the driver's reads get it).</summary>
    public ReadOnlySpan<byte> Text(IntPtr statement, int column) => Span(ColumnText(statement, column), statement, column);

    private ReadOnlySpan<byte> Span(byte* start, IntPtr statement, int column)
        => start == null ? default : new ReadOnlySpan<byte>(start, ColumnBytes(statement, column));

    private static SqliteNative? Load()
    {
        try
        {
            return Environment.Is64BitProcess ? Find() : null;
        }
        catch (Exception)
        {
            return null; // only a shortcut: whatever went wrong (an older SQLitePCLRaw included), the plain read is exact
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static SqliteNative? Find()
    {
        var name = raw.GetNativeLibraryName();
        var provider = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "SQLitePCLRaw.provider." + name);
        if (provider is null || !NativeLibrary.TryLoad(name, provider, null, out var library))
        {
            return null;
        }

        var native = new SqliteNative(library);
        return native.Version() == raw.sqlite3_libversion_number() ? native : null;
    }
}
