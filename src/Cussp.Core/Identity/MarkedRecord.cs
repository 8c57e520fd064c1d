using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Identity;

/// <summary>
/// A record under a marking: the access policy filters every query over it, only its originating participant changes the marking,
/// and a change based on a version other than its own is refused.
/// </summary>
public abstract class MarkedRecord : IOriginated
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>Classification.</summary>
    public SecurityClassification Classification { get; set; }
    /// <summary>Releasability.</summary>
    public Releasability Releasability { get; set; }
    /// <summary>Area: a key component id, or framework.</summary>
    public required string Area { get; set; }
    /// <summary>The participant whose information it is, the only one that changes its marking.</summary>
    public Participant Originator { get; set; }
    /// <summary>Optimistic concurrency: one more at every change, so two people acting at once cannot both think they succeeded.</summary>
    public int Version { get; set; }
}

/// <summary>How every marked record is stored: its area within a key component id's length, its version checked on every save.</summary>
public static class MarkedRecordConfiguration
{
    /// <summary>Maps the columns <see cref="MarkedRecord"/> gives <typeparamref name="T"/>.</summary>
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : MarkedRecord
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(r => r.Area).HasMaxLength(CitedRecordConfiguration.MaxComponent);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}
