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

    /// <summary>Creates the error about the input as a whole; the message says what and where.</summary>
    public InvalidInputException(string message) : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    private InvalidInputException(string field, string problem, string message) : base(message)
    {
        Errors = new Dictionary<string, string[]> { [field] = [problem] };
    }

    /// <summary>The error about one field, in a message that names the field itself (“user name: 1–64 letters …”).</summary>
    public static InvalidInputException About(string field, string message) => new(field, message, message);

    /// <summary>Field → problems; empty when the message speaks of the input as a whole.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The field at fault when it is one field, or null.</summary>
    public string? Field => Errors.Count == 1 ? Errors.Keys.First() : null;
}

/// <summary>
/// A setting of the host (configuration, environment, command-line <c>--Key=value</c>) is wrong; the message names the setting. The
/// server does not start, the command line exits 2.
/// </summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// A rule refuses what the caller asked, though the caller may know the thing exists (their role, their participant, the record's
/// origin); the message says which rule, and <see cref="Rule"/> names it where callers tell the rules apart. The API answers 403.
/// </summary>
public sealed class RefusedException(string message, Enum? rule = null) : Exception(message)
{
    /// <summary>The rule that refused, when the use case names it (such as an administration rule).</summary>
    public Enum? Rule { get; } = rule;
}

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
