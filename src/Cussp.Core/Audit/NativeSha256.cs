using System.Runtime.InteropServices;

namespace Cussp.Audit;

/// <summary>
/// SHA-256 through OpenSSL's plain SHA256_Init/Update/Final on Linux. The .NET hash classes go through OpenSSL 3's EVP layer, whose
/// per-call set-up costs several times the hashing of a 100-byte entry; verification hashes twice per entry, so this halves its
/// cost. Elsewhere, or when the library lacks these functions, <see cref="Available"/> is false and the .NET classes are used.
/// </summary>
internal static unsafe class NativeSha256
{
    // SHA256_CTX is 112 bytes in every OpenSSL release; room to spare.
    private const int ContextSize = 256;

    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

#pragma warning disable CA1810 // The pointers come from one library lookup; a static constructor keeps them readonly together.
    static NativeSha256()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() ||
            !(NativeLibrary.TryLoad("libcrypto.so.3", out var lib) || NativeLibrary.TryLoad("libcrypto.so", out lib)))
        {
            return;
        }
        if (NativeLibrary.TryGetExport(lib, "SHA256_Init", out var init)
            && NativeLibrary.TryGetExport(lib, "SHA256_Update", out var update)
            && NativeLibrary.TryGetExport(lib, "SHA256_Final", out var final))
        {
            Init = (delegate* unmanaged<byte*, int>)init;
            Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
            Final = (delegate* unmanaged<byte*, byte*, int>)final;
        }
    }

    public static bool Available => Final != null;

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var context = stackalloc byte[ContextSize];
        fixed (byte* d = data)
        fixed (byte* o = destination)
        {
            Init(context);
            Update(context, d, (nuint)data.Length);
            Final(o, context);
        }
    }
}
