using System.Reflection;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Cussp.Audit;

/// <summary>
/// Column access for the verifier's hot loop straight through the SQLite library's exports. The managed wrapper marshals a safe
/// handle on every call, and a row of the log takes some thirty calls; this keeps reading a row well under a microsecond. When the
/// library cannot be found (another SQLite provider), the wrapper is used instead.
/// </summary>
internal sealed unsafe class SqliteRows
{
    private static readonly Lazy<SqliteRows?> Native = new(Load);

    private delegate* unmanaged<IntPtr, int> _step;
    private delegate* unmanaged<IntPtr, int, long> _int64;
    private delegate* unmanaged<IntPtr, int, byte*> _blob;
    private delegate* unmanaged<IntPtr, int, int> _bytes;
    private delegate* unmanaged<IntPtr, int, int> _type;

    /// <summary>The native accessors, or null to use the wrapper.</summary>
    public static SqliteRows? Instance => Native.Value;

    public bool Step(sqlite3_stmt stmt, out int rc)
    {
        rc = _step(stmt.DangerousGetHandle());
        return rc == raw.SQLITE_ROW;
    }

    public long Int64(sqlite3_stmt stmt, int column) => _int64(stmt.DangerousGetHandle(), column);

    public bool IsNull(sqlite3_stmt stmt, int column) => _type(stmt.DangerousGetHandle(), column) == raw.SQLITE_NULL;

    public ReadOnlySpan<byte> Blob(sqlite3_stmt stmt, int column)
    {
        var handle = stmt.DangerousGetHandle();
        // sqlite3_column_blob first, then _bytes: the order SQLite documents for a stable length.
        var p = _blob(handle, column);
        return p == null ? default : new ReadOnlySpan<byte>(p, _bytes(handle, column));
    }

    private static SqliteRows? Load()
    {
        try
        {
            if (!NativeLibrary.TryLoad(raw.GetNativeLibraryName(), Assembly.GetExecutingAssembly(), null, out var lib)
                && !NativeLibrary.TryLoad(raw.GetNativeLibraryName(), typeof(raw).Assembly, null, out lib))
            {
                return null;
            }
            return new SqliteRows
            {
                _step = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "sqlite3_step"),
                _int64 = (delegate* unmanaged<IntPtr, int, long>)NativeLibrary.GetExport(lib, "sqlite3_column_int64"),
                _blob = (delegate* unmanaged<IntPtr, int, byte*>)NativeLibrary.GetExport(lib, "sqlite3_column_blob"),
                _bytes = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(lib, "sqlite3_column_bytes"),
                _type = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(lib, "sqlite3_column_type"),
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
