using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Identity;

/// <summary>A department or agency of one participant; every account belongs to one. A retired one keeps its accounts but takes no new ones.</summary>
public sealed class Organisation
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The government it belongs to.</summary>
    public Participant Participant { get; set; }
    /// <summary>Full name, such as <c>Global Affairs Canada</c>.</summary>
    public required string Name { get; set; }
    /// <summary>Short name or acronym, unique within the participant, such as <c>GAC</c>; the command line names organisations by it.</summary>
    public required string ShortName { get; set; }
    /// <summary>Retired: still shown on its accounts, never given to an account that does not already have it.</summary>
    public bool Retired { get; set; }
}

/// <summary>How organisations are stored, names unique within a participant, with those present from the first start.</summary>
public sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    /// <summary>Largest length of a name.</summary>
    public const int MaxName = 200;

    /// <summary>Largest length of a short name.</summary>
    public const int MaxShortName = 32;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("organisations");
        builder.Property(o => o.Name).HasMaxLength(MaxName);
        builder.Property(o => o.ShortName).HasMaxLength(MaxShortName);
        builder.HasIndex(o => new { o.Participant, o.ShortName }).IsUnique();
        builder.HasIndex(o => new { o.Participant, o.Name }).IsUnique();
        builder.HasData(Organisations.Seed.Select(o => new Organisation
        {
            Id = o.Id,
            Participant = o.Participant,
            Name = o.Name,
            ShortName = o.ShortName,
            Retired = o.Retired,
        }));
    }
}

/// <summary>What an administrator sends to create or rename an organisation.</summary>
/// <param name="Participant">The government it belongs to (fixed once created).</param>
/// <param name="Name">Full name, at most <see cref="OrganisationConfiguration.MaxName"/> characters.</param>
/// <param name="ShortName">Short name or acronym, at most <see cref="OrganisationConfiguration.MaxShortName"/> characters.</param>
public sealed record OrganisationInput(Participant Participant, string? Name, string? ShortName);

/// <summary>
/// The organisations of each participant: listed, created, renamed and retired by that participant's administrators only (see
/// <see cref="AccountAdministrator"/>), every change audited. The departments the agreement's work involves are there from the
/// start, with a joint-secretariat entry on each side.
/// </summary>
public sealed class Organisations(CusspDbContext db, AuditTrail audit)
{
    /// <summary>The record type of organisation entries in the audit log.</summary>
    public const string RecordType = "Organisation";

    /// <summary>
    /// The organisations present from the first start: the departments PRODUCT.md names for each side and those that lead its
    /// commitments, and for each side its staff
    /// of the joint secretariat (a secretariat member is an official of one participant, see <see cref="Participant"/>).
    /// The ids are fixed so that the migrations of both databases create the same rows.
    /// </summary>
    public static IReadOnlyList<Organisation> Seed { get; } = Read("""
        c0550001-0000-4000-8000-000000000001  Canada   GAC      Global Affairs Canada
        c0550001-0000-4000-8000-000000000002  Canada   DND/CAF  National Defence and the Canadian Armed Forces
        c0550001-0000-4000-8000-000000000003  Canada   FIN      Department of Finance Canada
        c0550001-0000-4000-8000-000000000004  Canada   RCMP     Royal Canadian Mounted Police
        c0550001-0000-4000-8000-000000000005  Canada   CSE      Communications Security Establishment
        c0550001-0000-4000-8000-000000000006  Canada   JS-CAN   CUSSP Joint Secretariat (Canada)
        c0550001-0000-4000-8000-000000000007  Canada   PS       Public Safety Canada
        c0550001-0000-4000-8000-000000000008  Canada   VAC      Veterans Affairs Canada
        c0550002-0000-4000-8000-000000000001  Ukraine  OPU      Office of the President of Ukraine
        c0550002-0000-4000-8000-000000000002  Ukraine  MOD      Ministry of Defence of Ukraine
        c0550002-0000-4000-8000-000000000003  Ukraine  MFA      Ministry of Foreign Affairs of Ukraine
        c0550002-0000-4000-8000-000000000004  Ukraine  MOE      Ministry of Economy of Ukraine
        c0550002-0000-4000-8000-000000000005  Ukraine  SBU      Security Service of Ukraine
        c0550002-0000-4000-8000-000000000006  Ukraine  NPU      National Police of Ukraine
        c0550002-0000-4000-8000-000000000007  Ukraine  JS-UKR   CUSSP Joint Secretariat (Ukraine)
        c0550002-0000-4000-8000-000000000008  Ukraine  MOF      Ministry of Finance of Ukraine
        c0550002-0000-4000-8000-000000000009  Ukraine  MVA      Ministry of Veterans Affairs of Ukraine
        """);

    /// <summary>The id of <paramref name="participant"/>'s joint-secretariat organisation, home of the first administrator.</summary>
    public static Guid JointSecretariatOf(Participant participant) =>
        Seed.Single(o => o.Participant == participant && o.ShortName.StartsWith("JS-", StringComparison.Ordinal)).Id;

    /// <summary>Organisations from a table, one a line: id, participant, short name (without spaces) and full name, separated by spaces.</summary>
    private static List<Organisation> Read(string table) =>
        [.. table.Split('\n').Select(line => line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(cells => new Organisation
            {
                Id = Guid.Parse(cells[0]), Participant = Enum.Parse<Participant>(cells[1]), ShortName = cells[2], Name = cells[3],
            })];

    /// <summary>The organisations <paramref name="by"/> manages, retired ones included, by participant and name.</summary>
    public async Task<IReadOnlyList<Organisation>> ListAsync(AccountAdministrator by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return await Managed(by).OrderBy(o => o.Participant).ThenBy(o => o.Name).ToListAsync(ct);
    }

    /// <summary>How many accounts each organisation <paramref name="by"/> manages has, by organisation id.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> AccountCountsAsync(AccountAdministrator by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var q = db.Users.AsNoTracking().Where(u => u.OrganisationId != null);
        if (by.Participant is { } p)
        {
            q = q.Where(u => u.Participant == p);
        }
        var counts = await q.GroupBy(u => u.OrganisationId).Select(g => new { Id = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        return counts.ToDictionary(c => c.Id, c => c.Count);
    }

    /// <summary>
    /// What an account of <paramref name="participant"/> may be given: its active organisations, and <paramref name="current"/> (the
    /// account's own, even if retired since) so that editing an account never forces it out of its organisation.
    /// </summary>
    public async Task<IReadOnlyList<Organisation>> ChoicesAsync(Participant participant, Guid? current, CancellationToken ct = default) =>
        await db.Organisations.AsNoTracking()
            .Where(o => o.Participant == participant && (!o.Retired || o.Id == current))
            .OrderBy(o => o.Name).ToListAsync(ct);

    /// <summary>One organisation <paramref name="by"/> manages, or null (another participant's looks like none at all).</summary>
    public Task<Organisation?> GetAsync(AccountAdministrator by, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return Managed(by).FirstOrDefaultAsync(o => o.Id == id, ct);
    }

    /// <summary>One organisation by id, whoever asks (an account shows its own organisation), or null.</summary>
    public async Task<Organisation?> FindAsync(Guid? id, CancellationToken ct = default) =>
        id is { } wanted ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == wanted, ct) : null;

    /// <summary>The organisation of <paramref name="participant"/> with this short name (any case), or null.</summary>
    public async Task<Organisation?> FindByShortNameAsync(Participant participant, string? shortName, CancellationToken ct = default)
    {
        var wanted = (shortName ?? "").Trim();
        // Few rows per participant: compared here rather than with a collation that differs between the two databases.
        var all = await db.Organisations.AsNoTracking().Where(o => o.Participant == participant).ToListAsync(ct);
        return all.FirstOrDefault(o => string.Equals(o.ShortName, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Creates an organisation of a participant <paramref name="by"/> manages.</summary>
    /// <exception cref="RefusedException">The other participant's.</exception>
    /// <exception cref="InvalidInputException">A name missing, too long or already taken.</exception>
    public async Task<Organisation> CreateAsync(AccountAdministrator by, OrganisationInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        if (!Enum.IsDefined(input.Participant))
        {
            throw InvalidInputException.About("participant", "participant: Canada or Ukraine.");
        }
        by.EnsureManages(input.Participant);
        var (name, shortName) = await ValidateAsync(input, null, ct);
        var organisation = new Organisation { Id = Guid.NewGuid(), Participant = input.Participant, Name = name, ShortName = shortName };
        db.Add(organisation);
        audit.Changed("organisation.create", RecordType, organisation.Id.ToString(), null, Trace(organisation));
        await db.SaveChangesAsync(ct);
        return organisation;
    }

    /// <summary>Changes the name and short name of an organisation <paramref name="by"/> manages; its accounts follow.</summary>
    /// <exception cref="NotFoundException">No such organisation that <paramref name="by"/> manages.</exception>
    /// <exception cref="InvalidInputException">A name missing, too long or already taken.</exception>
    public async Task<Organisation> RenameAsync(AccountAdministrator by, Guid id, string? name, string? shortName, CancellationToken ct = default)
    {
        var organisation = await TrackedAsync(by, id, ct);
        var (n, s) = await ValidateAsync(new OrganisationInput(organisation.Participant, name, shortName), id, ct);
        var before = Trace(organisation);
        organisation.Name = n;
        organisation.ShortName = s;
        audit.Changed("organisation.rename", RecordType, id.ToString(), before, Trace(organisation));
        await db.SaveChangesAsync(ct);
        return organisation;
    }

    /// <summary>Retires an organisation (no new accounts may be given it) or brings it back.</summary>
    /// <exception cref="NotFoundException">No such organisation that <paramref name="by"/> manages.</exception>
    public async Task<Organisation> SetRetiredAsync(AccountAdministrator by, Guid id, bool retired, CancellationToken ct = default)
    {
        var organisation = await TrackedAsync(by, id, ct);
        if (organisation.Retired == retired)
        {
            return organisation;
        }
        var before = Trace(organisation);
        organisation.Retired = retired;
        audit.Changed(retired ? "organisation.retire" : "organisation.restore", RecordType, id.ToString(), before, Trace(organisation));
        await db.SaveChangesAsync(ct);
        return organisation;
    }

    private IQueryable<Organisation> Managed(AccountAdministrator by) =>
        by.Participant is { } p
            ? db.Organisations.AsNoTracking().Where(o => o.Participant == p)
            : db.Organisations.AsNoTracking();

    private async Task<Organisation> TrackedAsync(AccountAdministrator by, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        var q = db.Organisations.Where(o => o.Id == id);
        if (by.Participant is { } p)
        {
            q = q.Where(o => o.Participant == p);
        }
        return await q.FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"There is no organisation {id} that you manage.");
    }

    private async Task<(string Name, string ShortName)> ValidateAsync(OrganisationInput input, Guid? self, CancellationToken ct)
    {
        var name = (input.Name ?? "").Trim();
        var shortName = (input.ShortName ?? "").Trim();
        if (name.Length is 0 or > OrganisationConfiguration.MaxName)
        {
            throw InvalidInputException.About("name", $"name: 1–{OrganisationConfiguration.MaxName} characters.");
        }
        if (TextInput.Problem("name", input.Name, TextShape.SingleLine) is { } unreadableName)
        {
            throw InvalidInputException.About("name", unreadableName);
        }
        if (TextInput.Problem("short name", input.ShortName, TextShape.SingleLine) is { } unreadableShortName)
        {
            throw InvalidInputException.About("shortName", unreadableShortName);
        }
        if (shortName.Length is 0 or > OrganisationConfiguration.MaxShortName || shortName.Any(c => char.IsWhiteSpace(c) && c != ' '))
        {
            throw InvalidInputException.About("shortName", $"short name: 1–{OrganisationConfiguration.MaxShortName} characters, such as GAC or SBU.");
        }
        var others = await db.Organisations.AsNoTracking()
            .Where(o => o.Participant == input.Participant && o.Id != self).ToListAsync(ct);
        if (others.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)) is { } sameName)
        {
            throw InvalidInputException.About("name", $"name: {input.Participant} already has \"{sameName.Name}\" ({sameName.ShortName}).");
        }
        if (others.FirstOrDefault(o => string.Equals(o.ShortName, shortName, StringComparison.OrdinalIgnoreCase)) is { } sameShort)
        {
            throw InvalidInputException.About("shortName", $"short name: \"{sameShort.ShortName}\" is already {sameShort.Name}.");
        }
        return (name, shortName);
    }

    /// <summary>What the audit log keeps of an organisation.</summary>
    internal static object Trace(Organisation o) => new { o.Participant, o.Name, o.ShortName, o.Retired };
}
