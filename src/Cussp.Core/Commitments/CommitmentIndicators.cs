using Cussp.Agreements;
using Cussp.Identity;
using Cussp.Time;

namespace Cussp.Commitments;

/// <summary>An indicator as a caller sends it; a value left null is missing.</summary>
/// <param name="Name">What is counted, 1 to <see cref="IndicatorConfiguration.MaxName"/> characters.</param>
/// <param name="Unit">What it is counted in.</param>
/// <param name="Baseline">Where it starts.</param>
/// <param name="Target">Where it should get to (not the baseline).</param>
/// <param name="TargetDate">By when, within the agreement's term; null for no date.</param>
public sealed record IndicatorInput(string? Name, IndicatorUnit? Unit, decimal? Baseline, decimal? Target, LocalDate? TargetDate = null);

/// <summary>A measurement as a caller sends it.</summary>
/// <param name="On">The date it was taken, within the agreement's term and not after today.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">The unit the caller measured in, checked against the indicator's; null to take the indicator's.</param>
/// <param name="Note">Where it comes from, at most <see cref="MeasurementConfiguration.MaxNote"/> characters; optional.</param>
public sealed record MeasurementInput(LocalDate? On, decimal? Value, IndicatorUnit? Unit = null, string? Note = null);

/// <summary>
/// Indicators of commitments and their dated measurements, added only by the commitment's writers through <see cref="AccessPolicy"/>
/// and read with it: each addition is a change of the commitment, based on the version the caller saw, and in the audit log.
/// </summary>
public sealed class CommitmentIndicators(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache register)
{
    /// <summary>Adds an indicator to a commitment the subject may write, based on <paramref name="version"/>.</summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not write.</exception>
    /// <exception cref="InvalidInputException">What is wrong, by field: name, unit, baseline, target, targetDate.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<IndicatorRecord> AddIndicatorAsync(AccessSubject subject, Guid commitmentId, IndicatorInput input, int version,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var commitment = await CommitmentTracker.WritableAsync(db, subject, commitmentId, "Only contributors add indicators to commitments.", ct);
        var term = await TermAsync(commitment.AgreementId, ct);
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > IndicatorConfiguration.MaxName)
        {
            errors["name"] = [$"Say what is counted, in 1–{IndicatorConfiguration.MaxName} characters."];
        }
        TextInput.Check(errors, "name", input.Name, TextShape.SingleLine);
        if (input.Unit is not { } unit || !Enum.IsDefined(unit))
        {
            errors["unit"] = [IndicatorUnits.Unknown(input.Unit?.ToString())];
        }
        CheckValue(errors, "baseline", input.Baseline, input.Unit);
        CheckValue(errors, "target", input.Target, input.Unit);
        if (input.Target is { } t && t == input.Baseline && !errors.ContainsKey("target"))
        {
            errors["target"] = ["The target is the baseline: set where the work should get to."];
        }
        if (input.TargetDate is { } date && !term.Contains(date))
        {
            errors["targetDate"] = [$"{Iso(date)} is outside the agreement's term ({term}); set a date inside it, or none."];
        }
        if (await db.Indicators.CountAsync(i => i.CommitmentId == commitmentId, ct) >= IndicatorConfiguration.MaxPerCommitment)
        {
            errors["name"] = [$"A commitment has at most {IndicatorConfiguration.MaxPerCommitment} indicators."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        MarkingChanges.EnsureVersion(commitment, version, "commitment");
        var indicator = new IndicatorRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = commitmentId,
            Name = TextInput.Normalise(name)!,
            Unit = input.Unit!.Value,
            Baseline = input.Baseline!.Value,
            Target = input.Target!.Value,
            TargetDate = input.TargetDate,
            AddedBy = subject.Name,
            AddedAt = clock.GetCurrentInstant(),
        };
        db.Indicators.Add(indicator);
        var before = CommitmentTracker.Touch(commitment, indicator.AddedAt);
        // The name and the figures are protected like the commitment: the log keeps their digests.
        audit.Changed("commitment.indicator", CommitmentTracker.RecordType, commitmentId.ToString(), Marking.Of(commitment), new { Version = before }, new
        {
            commitment.Version,
            indicator = indicator.Id,
            unit = indicator.Unit.Name(),
            nameHmac = audit.Digest(indicator.Name),
            baselineHmac = audit.Digest(Figure(indicator.Baseline)),
            targetHmac = audit.Digest(Figure(indicator.Target)),
            targetDate = indicator.TargetDate is { } d ? Iso(d) : null,
        });
        await CommitmentTracker.SaveAsync(db, version, "add the indicator again", ct);
        return indicator;
    }

    /// <summary>Adds a dated measurement to an indicator of a commitment the subject may write, based on <paramref name="version"/>.</summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see, or no such indicator on it.</exception>
    /// <exception cref="RefusedException">The subject may not write.</exception>
    /// <exception cref="InvalidInputException">What is wrong, by field: on, value, unit, note.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<MeasurementRecord> AddMeasurementAsync(AccessSubject subject, Guid commitmentId, Guid indicatorId, MeasurementInput input,
        int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var commitment = await CommitmentTracker.WritableAsync(db, subject, commitmentId, "Only contributors record measurements.", ct);
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Id == indicatorId && i.CommitmentId == commitmentId, ct)
            ?? throw NotFound(indicatorId);
        var term = await TermAsync(commitment.AgreementId, ct);
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zones.Kyiv).Date;
        var errors = new Dictionary<string, string[]>();
        if (input.On is not { } on)
        {
            errors["on"] = ["Give the date the measurement was taken (YYYY-MM-DD)."];
        }
        else if (!term.Contains(on))
        {
            errors["on"] = [$"{Iso(on)} is outside the agreement's term ({term})."];
        }
        else if (on > today)
        {
            errors["on"] = [$"{Iso(on)} has not come yet (today is {Iso(today)} in Kyiv): record a measurement once it is taken."];
        }
        if (input.Unit is { } unit && unit != indicator.Unit)
        {
            errors["unit"] = [$"This indicator is counted in {indicator.Unit.Name()}, not {(Enum.IsDefined(unit) ? unit.Name() : unit.ToString())}: "
                + $"convert the measurement to {indicator.Unit.Name()}, or add an indicator counted in {(Enum.IsDefined(unit) ? unit.Name() : "that unit")}."];
        }
        CheckValue(errors, "value", input.Value, indicator.Unit);
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note?.Length > MeasurementConfiguration.MaxNote)
        {
            errors["note"] = [$"Keep the note to {MeasurementConfiguration.MaxNote} characters."];
        }
        TextInput.Check(errors, "note", input.Note, TextShape.MultiLine);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        MarkingChanges.EnsureVersion(commitment, version, "commitment");
        var measurement = new MeasurementRecord
        {
            Id = Guid.NewGuid(),
            IndicatorId = indicatorId,
            On = input.On!.Value,
            Value = input.Value!.Value,
            Note = TextInput.Normalise(note),
            By = subject.Name,
            At = now,
        };
        db.Measurements.Add(measurement);
        var before = CommitmentTracker.Touch(commitment, now);
        audit.Changed("commitment.measurement", CommitmentTracker.RecordType, commitmentId.ToString(), Marking.Of(commitment), new { Version = before }, new
        {
            commitment.Version,
            indicator = indicatorId,
            measurement = measurement.Id,
            on = Iso(measurement.On),
            valueHmac = audit.Digest(Figure(measurement.Value)),
            noteHmac = measurement.Note is null ? null : audit.Digest(measurement.Note),
        });
        await CommitmentTracker.SaveAsync(db, version, "record the measurement again", ct);
        return measurement;
    }

    /// <summary>The answer for an indicator that is not on a commitment the caller may see.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no indicator {id} on this commitment.");

    private static void CheckValue(Dictionary<string, string[]> errors, string field, decimal? value, IndicatorUnit? unit)
    {
        if (value is not { } v)
        {
            errors[field] = ["Give a number."];
        }
        else if (v < 0 || v > IndicatorConfiguration.MaxMagnitude)
        {
            errors[field] = [$"Give a number from 0 to {IndicatorConfiguration.MaxMagnitude:0.####}."];
        }
        else if (v.Scale > IndicatorConfiguration.Scale && decimal.Round(v, IndicatorConfiguration.Scale) != v)
        {
            errors[field] = [$"Give at most {IndicatorConfiguration.Scale} digits after the decimal point."];
        }
        else if (unit == IndicatorUnit.Percent && v > 100)
        {
            errors[field] = ["A percentage is from 0 to 100."];
        }
    }

    private static string Figure(decimal value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    private static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    private async Task<Term> TermAsync(string agreementId, CancellationToken ct)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        return Term.Of(snapshot);
    }
}

/// <summary>The agreement's term: from its signature to its expiry, both days included; open at either end the text does not fix.</summary>
/// <param name="From">The date of signature.</param>
/// <param name="To">The date of expiry.</param>
public readonly record struct Term(LocalDate? From, LocalDate? To)
{
    /// <summary>The term of the agreement read from its time rules.</summary>
    public static Term Of(RegisterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Agreement.SignedOn is null)
        {
            return default;
        }
        var dates = Lifecycle.For(snapshot, null);
        return new(dates.FirstOrDefault(d => d.Key == "signature")?.Date, dates.FirstOrDefault(d => d.Key == "expiry")?.Date);
    }

    /// <summary>True when <paramref name="date"/> falls within the term.</summary>
    public bool Contains(LocalDate date) => (From is not { } f || date >= f) && (To is not { } t || date <= t);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(From is { } f ? NodaTime.Text.LocalDatePattern.Iso.Format(f) : "…")} to {(To is { } t ? NodaTime.Text.LocalDatePattern.Iso.Format(t) : "…")}";
}
