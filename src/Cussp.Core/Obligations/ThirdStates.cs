using System.Globalization;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime.Text;

namespace Cussp.Obligations;

/// <summary>
/// A state (or union) that concluded an arrangement with Ukraine under the G7 Joint Declaration of Support for Ukraine: with both
/// participants' consent, its representatives may take part in a consultation under II.3. Public reference data.
/// </summary>
public sealed class ThirdStateRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>Its name, in English.</summary>
    public required string Name { get; set; }
    /// <summary>The title of its arrangement with Ukraine.</summary>
    public required string Arrangement { get; set; }
    /// <summary>The day the arrangement was signed.</summary>
    public LocalDate SignedOn { get; set; }
    /// <summary>Who added it: <c>seed</c> for the states loaded at first start.</summary>
    public required string AddedBy { get; set; }
    /// <summary>When.</summary>
    public Instant AddedAt { get; set; }
}

/// <summary>How the registry is stored.</summary>
public sealed class ThirdStateConfiguration : IEntityTypeConfiguration<ThirdStateRecord>
{
    /// <summary>Longest name.</summary>
    public const int MaxName = 100;

    /// <summary>Longest arrangement title.</summary>
    public const int MaxArrangement = 300;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ThirdStateRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("third_states");
        builder.Property(s => s.Name).HasMaxLength(MaxName);
        builder.Property(s => s.Arrangement).HasMaxLength(MaxArrangement);
        builder.Property(s => s.AddedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

/// <summary>What an approver sends to add a state to the registry.</summary>
/// <param name="Name">The state's name, in English.</param>
/// <param name="Arrangement">The title of its arrangement with Ukraine.</param>
/// <param name="SignedOn">The day it was signed.</param>
public sealed record ThirdStateInput(string? Name, string? Arrangement, LocalDate SignedOn);

/// <summary>
/// The registry of states with arrangements under the G7 Joint Declaration (II.3): loaded at first start from the signatures publicly
/// reported in 2024, kept by approvers, read by anyone.
/// </summary>
public sealed class ThirdStates(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>The record type of registry entries in the audit log.</summary>
    public const string RecordType = "ThirdState";

    /// <summary>The day of the G7 Joint Declaration of Support for Ukraine (Vilnius): no arrangement under it is older.</summary>
    public static readonly LocalDate Declaration = new(2023, 7, 12);

    /// <summary>Every state in the registry, by the day its arrangement was signed.</summary>
    public async Task<IReadOnlyList<ThirdStateRecord>> ListAsync(CancellationToken ct = default) =>
        await db.ThirdStates.AsNoTracking().OrderBy(s => s.SignedOn).ThenBy(s => s.Name).ToListAsync(ct);

    /// <summary>Adds a state; approvers only.</summary>
    /// <exception cref="RefusedException">The subject is not an approver.</exception>
    /// <exception cref="InvalidInputException">A name or title missing or too long, a date outside 12 July 2023 to today, a name already in the registry.</exception>
    public async Task<ThirdStateRecord> AddAsync(AccessSubject subject, ThirdStateInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (!Permissions.CanVote(subject))
        {
            throw new RefusedException("Only an authorised approver adds a state to the registry.");
        }
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        var arrangement = input.Arrangement?.Trim() ?? "";
        if (name.Length is 0 or > ThirdStateConfiguration.MaxName)
        {
            errors["name"] = [$"Name the state in 1–{ThirdStateConfiguration.MaxName} characters."];
        }
        else if (await db.ThirdStates.AnyAsync(s => s.Name == name, ct))
        {
            errors["name"] = [$"{name} is already in the registry."];
        }
        if (arrangement.Length is 0 or > ThirdStateConfiguration.MaxArrangement)
        {
            errors["arrangement"] = [$"Give the arrangement's title in 1–{ThirdStateConfiguration.MaxArrangement} characters."];
        }
        TextInput.Check(errors, "name", input.Name, TextShape.SingleLine);
        TextInput.Check(errors, "arrangement", input.Arrangement, TextShape.SingleLine);
        var today = clock.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date;
        if (input.SignedOn < Declaration || input.SignedOn > today)
        {
            errors["signedOn"] = [string.Create(CultureInfo.InvariantCulture,
                $"{input.SignedOn:uuuu-MM-dd}: an arrangement under the G7 Joint Declaration is signed on or after {Declaration:uuuu-MM-dd} and no later than today.")];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var record = new ThirdStateRecord
        {
            Id = Guid.NewGuid(),
            Name = name,
            Arrangement = arrangement,
            SignedOn = input.SignedOn,
            AddedBy = subject.Name,
            AddedAt = clock.GetCurrentInstant(),
        };
        db.ThirdStates.Add(record);
        audit.Changed("third-state.add", RecordType, record.Id.ToString(), null, new { record.Name, record.Arrangement, signedOn = LocalDatePattern.Iso.Format(record.SignedOn) });
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Loads the states publicly reported in 2024 when the registry is empty (the caller's scope acts as the system).</summary>
    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.ThirdStates.AnyAsync(ct))
        {
            return;
        }
        using var stream = typeof(ThirdStates).Assembly.GetManifestResourceStream("Cussp.Obligations.g7-arrangements.tsv")
            ?? throw new InvalidOperationException("The registry of G7 arrangements is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var now = clock.GetCurrentInstant();
        await reader.ReadLineAsync(ct);
        while (await reader.ReadLineAsync(ct) is { Length: > 0 } line)
        {
            var f = line.Split('\t');
            db.ThirdStates.Add(new ThirdStateRecord
            {
                Id = Guid.Parse(f[0]),
                Name = f[1],
                Arrangement = f[2],
                SignedOn = LocalDatePattern.Iso.Parse(f[3]).GetValueOrThrow(),
                AddedBy = "seed",
                AddedAt = now,
            });
        }
        audit.Changed("third-state.seed", RecordType, "registry", null, new { states = db.ChangeTracker.Entries<ThirdStateRecord>().Count() });
        await db.SaveChangesAsync(ct);
    }
}
