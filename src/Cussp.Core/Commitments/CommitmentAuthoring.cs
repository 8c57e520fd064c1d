using Cussp.Agreements;
using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>A commitment a user adds on a provision, as they send it.</summary>
/// <param name="Citation">The provision.</param>
/// <param name="Title">What is promised, 1 to <see cref="CommitmentConfiguration.MaxTitle"/> characters.</param>
/// <param name="Lead">canada, ukraine or both.</param>
/// <param name="LeadOrganisationId">The lead organisation, one of the lead participant's (either's when both lead); none for now when null.</param>
/// <param name="Classification">Its classification (UNCLASSIFIED when left out).</param>
/// <param name="Releasability">Its releasability (REL CAN UKR when left out).</param>
public sealed record CommitmentInput(string? Citation, string? Title, string? Lead, Guid? LeadOrganisationId, string? Classification, string? Releasability);

/// <summary>Who leads a commitment, as a user sets it: the participant, and the organisation that leads for it.</summary>
/// <param name="Lead">canada, ukraine or both.</param>
/// <param name="LeadOrganisationId">One of the lead participant's organisations (either's when both lead); null for none.</param>
public sealed record LeadInput(string? Lead, Guid? LeadOrganisationId);

/// <summary>
/// Commitments users add — more on any provision, or one provision's promises split into several — and who leads each. A user adds
/// under a marking they could read themselves, in the provision's key component; every change is in the audit log.
/// </summary>
public sealed class CommitmentAuthoring(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache register)
{
    /// <summary>Adds a commitment on a provision of <paramref name="agreementId"/>.</summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    /// <exception cref="RefusedException">The subject is not a contributor, or could not read the marking asked for.</exception>
    /// <exception cref="InvalidInputException">What is wrong, by field: citation, title, lead, leadOrganisationId, classification, releasability.</exception>
    public async Task<CommitmentRecord> AddAsync(AccessSubject subject, string agreementId, CommitmentInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (!Permissions.CanWrite(subject))
        {
            throw new RefusedException("Only contributors add commitments.");
        }
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var errors = new Dictionary<string, string[]>();
        var ordinal = snapshot.Provisions.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Citation == input.Citation?.Trim()) is { p: not null } found
            ? found.i : -1;
        if (ordinal < 0)
        {
            errors["citation"] = [$"\"{input.Citation}\" is not a provision of \"{agreementId}\": citations look like IV.A.2, as the agreement's pages show them."];
        }
        var title = TextInput.Normalise(input.Title)?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > CommitmentConfiguration.MaxTitle)
        {
            errors["title"] = [$"Say what is promised, in 1–{CommitmentConfiguration.MaxTitle} characters."];
        }
        TextInput.Check(errors, "title", input.Title, TextShape.SingleLine);
        var lead = await ReadLeadAsync(new LeadInput(input.Lead, input.LeadOrganisationId), errors, ct);
        var classification = SecurityClassification.Unclassified;
        if (!string.IsNullOrWhiteSpace(input.Classification) && !MarkingLabels.TryParseClassification(input.Classification, out classification))
        {
            errors["classification"] = [$"\"{input.Classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET"];
        }
        var releasability = Releasability.RelCanUkr;
        if (!string.IsNullOrWhiteSpace(input.Releasability) && !MarkingLabels.TryParseReleasability(input.Releasability, out releasability))
        {
            errors["releasability"] = [$"\"{input.Releasability}\": use REL CAN UKR, CAN EYES ONLY or UKR EYES ONLY"];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var provision = snapshot.Provisions[ordinal];
        var marking = new Marking(classification, releasability, provision.Component);
        MarkingChanges.EnsureSettable(subject, marking);
        var now = clock.GetCurrentInstant();
        var record = new CommitmentRecord
        {
            Id = Guid.NewGuid(),
            AgreementId = agreementId,
            Citation = provision.Citation,
            ProvisionOrdinal = ordinal,
            Title = title!,
            LeadParticipant = lead.Participant,
            LeadOrganisationId = lead.Organisation,
            Status = CommitmentStatus.NotStarted,
            Classification = classification,
            Releasability = releasability,
            Area = provision.Component,
            Originator = subject.Participant,
            CreatedBy = subject.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Commitments.Add(record);
        audit.Changed("commitment.add", CommitmentTracker.RecordType, record.Id.ToString(), marking, null,
            new { agreementId, record.Citation, titleHmac = audit.Digest(record.Title), lead = record.Lead().Name(), record.LeadOrganisationId, record.Version });
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Sets who leads a commitment the subject may write, based on its <paramref name="version"/>.</summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not write.</exception>
    /// <exception cref="InvalidInputException">What is wrong, by field: lead, leadOrganisationId.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<CommitmentRecord> SetLeadAsync(AccessSubject subject, Guid id, LeadInput input, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var record = await CommitmentTracker.WritableAsync(db, subject, id, "Only contributors change who leads a commitment.", ct);
        var errors = new Dictionary<string, string[]>();
        var lead = await ReadLeadAsync(input, errors, ct);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        MarkingChanges.EnsureVersion(record, version, "commitment");
        var before = new { lead = record.Lead().Name(), record.LeadOrganisationId, record.Version };
        record.LeadParticipant = lead.Participant;
        record.LeadOrganisationId = lead.Organisation;
        CommitmentTracker.Touch(record, clock.GetCurrentInstant());
        audit.Changed("commitment.lead", CommitmentTracker.RecordType, record.Id.ToString(), Marking.Of(record), before,
            new { lead = record.Lead().Name(), record.LeadOrganisationId, record.Version });
        await CommitmentTracker.SaveAsync(db, version, "set the lead again", ct);
        return record;
    }

    /// <summary>The organisations that may lead, by participant and name, retired ones left out.</summary>
    public async Task<IReadOnlyList<Organisation>> OrganisationsAsync(CancellationToken ct = default) =>
        await db.Organisations.AsNoTracking().Where(o => !o.Retired).OrderBy(o => o.Participant).ThenBy(o => o.Name).ToListAsync(ct);

    // The lead participant and organisation, or the errors by field; an organisation must be one of the lead participant's.
    private async Task<(Participant? Participant, Guid? Organisation)> ReadLeadAsync(LeadInput input, Dictionary<string, string[]> errors,
        CancellationToken ct)
    {
        if (!CommitmentVocabulary.TryParseLead(input.Lead?.Trim(), out var lead))
        {
            errors["lead"] = [$"\"{input.Lead}\": use canada, ukraine or both"];
            return (null, null);
        }
        Participant? participant = lead switch
        {
            CommitmentLead.Canada => Participant.Canada,
            CommitmentLead.Ukraine => Participant.Ukraine,
            _ => null,
        };
        if (input.LeadOrganisationId is not { } organisationId)
        {
            return (participant, null);
        }
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null || organisation.Retired)
        {
            errors["leadOrganisationId"] = [$"{organisationId} is not an organisation that may lead: choose one of the lead participant's."];
        }
        else if (participant is { } p && organisation.Participant != p)
        {
            errors["leadOrganisationId"] = [$"{organisation.Name} is {organisation.Participant}'s: a commitment {lead.Name()} leads is led by one of {p}'s organisations."];
        }
        return (participant, organisationId);
    }
}
