namespace Cussp.Audit;

/// <summary>Who an audit entry names: an id (<c>user:ID</c>, <c>system</c>, <c>cli:OSUSER</c>) and a display name.</summary>
/// <param name="Id">Stable id, what the log is filtered by.</param>
/// <param name="DisplayName">How the actor was called at the time.</param>
public sealed record AuditActor(string Id, string? DisplayName)
{
    /// <summary>The product itself, such as the first start's seeding.</summary>
    public static AuditActor System { get; } = new("system", "System");

    /// <summary>A signed-in user.</summary>
    public static AuditActor User(string userId, string displayName) => new($"user:{userId}", displayName);

    /// <summary>Someone at the command line, by operating-system account.</summary>
    public static AuditActor CommandLine(string osUser) => new($"cli:{osUser}", osUser);
}

/// <summary>Tells the audit trail who is acting in the current scope; the web host registers one that reads the signed-in user.</summary>
public interface IAuditActor
{
    /// <summary>The current actor.</summary>
    AuditActor Current { get; }
}

/// <summary>The default actor: the operating-system account running the command line.</summary>
public sealed class CommandLineAuditActor : IAuditActor
{
    /// <inheritdoc />
    public AuditActor Current { get; } = AuditActor.CommandLine(Environment.UserName);
}
