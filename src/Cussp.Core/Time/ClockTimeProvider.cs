namespace Cussp.Time;

/// <summary>
/// The domain's <see cref="IClock"/> as a <see cref="TimeProvider"/>, so that what reads wall-clock time through one (sign-in
/// cookies, the two-factor step's cookie, the security-stamp check) keeps the same time as the records do. Timestamps and
/// timers stay the system's: they measure intervals, not dates.
/// </summary>
public sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}
