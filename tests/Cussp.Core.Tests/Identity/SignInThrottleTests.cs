using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Identity;

public class SignInThrottleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(7, 2)]
    [InlineData(10, 16)]
    [InlineData(14, 256)]
    [InlineData(15, 300)]
    [InlineData(1_000_000, 300)]
    public void WaitAfter_FreeFailuresThenDoublingUpToTheCap(int failures, int seconds) =>
        Assert.Equal(Duration.FromSeconds(seconds), SignInThrottle.WaitAfter(failures, SignInThrottle.FreeFailuresPerName, SignInThrottle.LongestWaitPerName));

    [Theory]
    [InlineData("203.0.113.7", "ip:203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "ip:203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "ip:2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "ip:2001:db8:1:2::/64")]
    public void AddressKey_CountsAnIPv6ClientByItsSlash64(string address, string key) =>
        Assert.Equal(key, SignInThrottle.AddressKey(IPAddress.Parse(address)));

    [Fact]
    public void NameKey_IsAHashNotTheTypedText() =>
        Assert.DoesNotContain("PASSWORD", SignInThrottle.NameKey("MY PASSWORD"), StringComparison.OrdinalIgnoreCase);

    [Theory, Databases]
    public async Task Wait_ManyNamesFromOneAddress_HoldsTheAddressButNotAnother(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var throttle = scope.ServiceProvider.GetRequiredService<SignInThrottle>();
        var guesser = IPAddress.Parse("203.0.113.7");

        for (var i = 0; i <= SignInThrottle.FreeFailuresPerAddress; i++)
        {
            await throttle.FailedAsync(guesser, $"NAME-{i}", null, SignInStep.Password, SignInFailure.UnknownName, Ct);
        }

        Assert.Equal(Duration.FromSeconds(1), await throttle.WaitAsync(guesser, "SOMEONE-ELSE", Ct));
        Assert.Equal(Duration.Zero, await throttle.WaitAsync(IPAddress.Parse("203.0.113.8"), "SOMEONE-ELSE", Ct));
        Assert.Equal(Duration.Zero, await throttle.WaitAsync(IPAddress.Parse("203.0.113.8"), "NAME-0", Ct));
    }

    [Theory, Databases]
    public async Task Wait_AnHourAfterTheLastFailure_IsForgottenAndTheCountStartsAgain(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var throttle = scope.ServiceProvider.GetRequiredService<SignInThrottle>();
        var address = IPAddress.Parse("2001:db8::1");
        for (var i = 0; i < SignInThrottle.FreeFailuresPerName + 10; i++)
        {
            await throttle.FailedAsync(address, "TARGET", null, SignInStep.Password, SignInFailure.UnknownName, Ct);
        }
        Assert.Equal(SignInThrottle.LongestWaitPerName, await throttle.WaitAsync(IPAddress.Parse("2001:db8::2"), "TARGET", Ct));

        database.Clock.Advance(SignInThrottle.ForgottenAfter + Duration.FromSeconds(1));
        await throttle.FailedAsync(address, "TARGET", null, SignInStep.Password, SignInFailure.UnknownName, Ct);

        Assert.Equal(Duration.Zero, await throttle.WaitAsync(address, "TARGET", Ct));
        Assert.Equal(1, scope.ServiceProvider.GetRequiredService<CusspDbContext>().SignInFailures.Single(f => f.Key == SignInThrottle.NameKey("TARGET")).Failures);
    }
}
