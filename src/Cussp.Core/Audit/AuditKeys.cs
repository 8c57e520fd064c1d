using System.Security.Cryptography;

namespace Cussp.Audit;

/// <summary>The server key that signs checkpoints. Kept behind this interface so that tests and deployments can supply their own.</summary>
public interface IAuditSigningKey
{
    /// <summary>The public half, which verifiers are given.</summary>
    AuditPublicKey PublicKey { get; }

    /// <summary>Signs a checkpoint body: ECDSA P-256 over SHA-256, DER encoded.</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}

/// <summary>A checkpoint verification key: ECDSA P-256, identified by the SHA-256 of its SubjectPublicKeyInfo.</summary>
public sealed class AuditPublicKey
{
    private AuditPublicKey(byte[] subjectPublicKeyInfo)
    {
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        KeyId = SHA256.HashData(subjectPublicKeyInfo);
    }

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>SHA-256 of <see cref="SubjectPublicKeyInfo"/>, stored with every checkpoint.</summary>
    public byte[] KeyId { get; }

    /// <summary>The key as PEM (<c>-----BEGIN PUBLIC KEY-----</c>), as <c>cussp audit key</c> prints it.</summary>
    public string Pem => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo);

    /// <summary>Reads a PEM public key.</summary>
    /// <exception cref="ArgumentException">Not a PEM ECDSA P-256 public key.</exception>
    public static AuditPublicKey FromPem(string pem)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("not a PEM ECDSA public key", nameof(pem), e);
        }
        return From(key);
    }

    /// <summary>The public half of a key.</summary>
    public static AuditPublicKey From(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("checkpoints are signed with ECDSA P-256", nameof(key));
        }
        return new AuditPublicKey(key.ExportSubjectPublicKeyInfo());
    }

    private long _signaturesChecked;

    /// <summary>
    /// How many signatures have been checked with this key object, by every verifier it created: what verification of a log
    /// costs, since each check is an ECDSA verification and the rest is hashing.
    /// </summary>
    public long SignaturesChecked => Interlocked.Read(ref _signaturesChecked);

    /// <summary>A verifier of its own; verifiers are not shared between threads.</summary>
    public AuditSignatureVerifier CreateVerifier()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        return new AuditSignatureVerifier(this, key);
    }

    /// <summary>Checks a DER signature over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var verifier = CreateVerifier();
        return verifier.Verify(data, signature);
    }

    internal void Counted() => Interlocked.Increment(ref _signaturesChecked);
}

/// <summary>Checks checkpoint signatures with one <see cref="AuditPublicKey"/>, reusing its imported key; one thread at a time.</summary>
public sealed class AuditSignatureVerifier : IDisposable
{
    private readonly AuditPublicKey _owner;
    private readonly ECDsa _key;

    internal AuditSignatureVerifier(AuditPublicKey owner, ECDsa key)
    {
        _owner = owner;
        _key = key;
    }

    /// <summary>Checks a DER signature (ECDSA P-256 over SHA-256) over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        _owner.Counted();
        return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}

/// <summary>A signing key held in memory; for tests and tools that bring their own.</summary>
public sealed class InMemoryAuditSigningKey : IAuditSigningKey, IDisposable
{
    private readonly ECDsa _key;
    private readonly Lock _lock = new();

    /// <summary>Uses <paramref name="key"/>; it is disposed with this.</summary>
    public InMemoryAuditSigningKey(ECDsa key)
    {
        _key = key;
        PublicKey = AuditPublicKey.From(key);
    }

    /// <summary>A new random key.</summary>
    public static InMemoryAuditSigningKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <inheritdoc />
    public AuditPublicKey PublicKey { get; }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}

/// <summary>
/// The signing key in a PKCS#8 PEM file: <c>audit-signing-key.pem</c> in the data folder, or <c>Audit:SigningKeyPath</c> so that
/// several nodes share one. Created on first use, readable by the owner only; never in the repository or the database, so a
/// person who can write the database still cannot sign.
/// </summary>
public sealed class FileAuditSigningKey(string path) : IAuditSigningKey, IDisposable
{
    /// <summary>The file name in the data folder when no path is configured.</summary>
    public const string DefaultFileName = "audit-signing-key.pem";

    private readonly Lazy<InMemoryAuditSigningKey> _key = new(() => new InMemoryAuditSigningKey(LoadOrCreate(path)));

    /// <summary>Where the key lives.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public AuditPublicKey PublicKey => _key.Value.PublicKey;

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.Value.Sign(data);

    private static ECDsa LoadOrCreate(string path)
    {
        SecretFile.CreateOnce(path, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        });
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: not a PEM ECDSA P-256 private key", e);
        }
        return key;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value.Dispose();
        }
    }
}
