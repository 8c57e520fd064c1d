using NodaTime;

namespace Cussp.Benchmarks.Obligations;

/// <summary>A clock standing still at <paramref name="now"/>, so that every run of a benchmark sees the same day.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
