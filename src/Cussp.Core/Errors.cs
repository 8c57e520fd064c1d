namespace Cussp;

/// <summary>
/// The input breaks a rule; each entry names the field and what is wrong with it. The API answers 400 with the fields, a form
/// shows the messages beside them, the command line exits 2.
/// </summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the error from field → problems.</summary>
    public InvalidInputException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    /// <summary>Creates the error about one field.</summary>
    public InvalidInputException(string field, string problem) : this(new Dictionary<string, string[]> { [field] = [problem] })
    {
    }

    /// <summary>Field → problems.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>
/// A rule refuses what the caller asked, though the caller may know the thing exists (their role, their participant, the record's
/// origin); the message says which rule. The API answers 403.
/// </summary>
public sealed class RefusedException(string message) : Exception(message);

/// <summary>
/// There is no such thing that the caller may see. A record the caller may not read is reported with exactly this, so that a
/// refusal says nothing about whether the record exists. The API answers 404.
/// </summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The thing is not in a state that allows what was asked (already decided, already voted); the API answers 409.</summary>
public class ConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The caller's copy is out of date: the record changed since the version they read. Nothing was written. The API answers 412
/// (its <c>If-Match</c> no longer matches), a form asks to reload.
/// </summary>
public sealed class StaleWriteException(string message, Exception? inner = null) : ConflictException(message, inner);

/// <summary>A write to an existing record came without the version it was based on; the API answers 428.</summary>
public sealed class VersionRequiredException(string message) : Exception(message);
