using System.Buffers.Binary;
using System.Net;
using Cussp.Data;
using Cussp.Features.Identity;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Identity;

public class SignInTests(SharedApps apps)
{
    [Theory, Databases]
    public async Task SignIn_RightPassword_OpensTheAccountPage(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("olena");
        var client = app.Browser();

        var response = await client.SignInAsync("olena");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var (page, doc) = await client.GetPageAsync("/account");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("olena", doc.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task SignIn_UnknownUserName_CostsAPasswordHashLikeAWrongPassword()
    {
        var hasher = new CountingHasher();
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, services: s =>
        {
            var product = s.Last(d => d.ServiceType == typeof(IPasswordHasher<UserAccount>));
            s.Remove(product);
            s.AddScoped<IPasswordHasher<UserAccount>>(sp => hasher.Wrapping((IPasswordHasher<UserAccount>)ActivatorUtilities.CreateInstance(sp, product.ImplementationType!)));
        });
        await app.CreateUserAsync("olena");
        var client = app.Browser();
        var before = hasher.Verifications;

        var unknown = await client.SignInAsync("nobody-by-this-name", "a wrong password, long enough");
        var forUnknown = hasher.Verifications - before;
        var wrong = await client.SignInAsync("olena", "a wrong password, long enough");
        var forWrong = hasher.Verifications - before - forUnknown;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Accounts>().SetDisabledAsync(AccountAdministrator.HostOperator, "olena", true, TestContext.Current.CancellationToken);
        }
        var disabled = await client.SignInAsync("olena");
        var forDisabled = hasher.Verifications - before - forUnknown - forWrong;

        // The same answer, and the same work: an unknown name is checked against a hash of the same kind as a real account's, and
        // a disabled account's password is checked too, though it cannot sign in.
        Assert.Equal(unknown.Headers.Location, wrong.Headers.Location);
        Assert.Equal(unknown.Headers.Location, disabled.Headers.Location);
        Assert.Equal((1, 1, 1), (forUnknown, forWrong, forDisabled));
    }

    private sealed class CountingHasher
    {
        private int _verifications;
        private IPasswordHasher<UserAccount>? _inner;

        public int Verifications => _verifications;

        public IPasswordHasher<UserAccount> Wrapping(IPasswordHasher<UserAccount> inner)
        {
            _inner = inner;
            return new Counted(this);
        }

        private sealed class Counted(CountingHasher owner) : IPasswordHasher<UserAccount>
        {
            public string HashPassword(UserAccount user, string password) => owner._inner!.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
            {
                Interlocked.Increment(ref owner._verifications);
                return owner._inner!.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }

    private static readonly KeyValuePair<string, string?>[] NoSignInLimit = [new("RateLimits:SignInsPerMinute", "10000")];

    /// <summary>A sign-in post with a form token taken once, so that only the sign-in itself is measured.</summary>
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string token, string userName, string password) =>
        await client.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent([new("userName", userName),
            new("password", password), new("__RequestVerificationToken", token)]), TestContext.Current.CancellationToken);

    /// <summary>What a response tells its reader: status, Retry-After, where it sends them and its body, the trace id left out.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} retry-after={response.Headers.RetryAfter} location={response.Headers.Location} " +
        System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]", "trace");

    [Theory, Databases]
    public async Task SignIn_EveryKindOfFailure_GetsTheSameAnswer(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        await app.CreateUserAsync("olena");
        await app.CreateUserAsync("gone");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Accounts>().SetDisabledAsync(AccountAdministrator.HostOperator, "gone", true, TestContext.Current.CancellationToken);
        }
        var client = app.Browser();
        var token = await client.FormTokenAsync("/account/signin");

        var answers = new[]
        {
            await AnswerAsync(await PostSignInAsync(client, token, "nobody-by-this-name", "a wrong password, long enough")),
            await AnswerAsync(await PostSignInAsync(client, token, "olena", "a wrong password, long enough")),
            await AnswerAsync(await PostSignInAsync(client, token, "gone", "a wrong password, long enough")),
            await AnswerAsync(await PostSignInAsync(client, token, "gone", AccountSession.Password)),
        };

        Assert.All(answers, a => Assert.Equal("303 retry-after= location=/account/signin?error=invalid ", a));
    }

    [Theory, Databases]
    public async Task SignIn_WhenThrottled_AnswersAsForAnUnknownName(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        await app.CreateUserAsync("olena");
        var client = app.Browser();
        var token = await client.FormTokenAsync("/account/signin");

        // The free failures cost nothing, for a name that exists and for one that does not.
        for (var i = 0; i <= SignInThrottle.FreeFailuresPerName; i++)
        {
            Assert.Contains("error=invalid", (await PostSignInAsync(client, token, "olena", $"wrong password number {i}")).Headers.Location?.OriginalString, StringComparison.Ordinal);
            Assert.Contains("error=invalid", (await PostSignInAsync(client, token, "nobody-here", $"wrong password number {i}")).Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        // One more each, and both wait alike; the right password is not even looked at.
        var known = await PostSignInAsync(client, token, "olena", AccountSession.Password);
        var unknown = await PostSignInAsync(client, token, "nobody-here", AccountSession.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, known.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), known.Headers.RetryAfter?.Delta);
        Assert.Equal(await AnswerAsync(known), await AnswerAsync(unknown));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        // The wait is short and the account is not locked: once it is over, the right password opens the account.
        app.Clock.Advance(Duration.FromSeconds(1));
        Assert.Equal("/", (await PostSignInAsync(client, token, "olena", AccountSession.Password)).Headers.Location?.OriginalString);
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync("olena");
        Assert.Null(stored!.LockoutEnd);
    }

    [Theory, Databases]
    public async Task SignIn_TypedNameInAnotherCase_IsThrottledAsTheSameName(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var client = app.Browser();
        var token = await client.FormTokenAsync("/account/signin");

        for (var i = 0; i <= SignInThrottle.FreeFailuresPerName; i++)
        {
            await PostSignInAsync(client, token, i % 2 == 0 ? "Admin" : " ADMIN ", $"wrong password number {i}");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostSignInAsync(client, token, "admin", "wrong password again")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostSignInAsync(client, token, "administrator", "wrong password again")).StatusCode);
    }

    [Theory, Databases]
    public async Task SignIn_WaitsGrowWithEachFailureAndAttemptsDuringAWaitDoNotLengthenIt(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var client = app.Browser();
        var token = await client.FormTokenAsync("/account/signin");
        var waits = new List<TimeSpan?>();

        for (var i = 0; i <= SignInThrottle.FreeFailuresPerName; i++)
        {
            await PostSignInAsync(client, token, "target", "wrong password");
        }
        for (var round = 0; round < 4; round++)
        {
            var refused = await PostSignInAsync(client, token, "target", "wrong password");
            waits.Add(refused.Headers.RetryAfter?.Delta);
            // Hammering while refused changes nothing.
            await PostSignInAsync(client, token, "target", "wrong password");
            app.Clock.Advance(Duration.FromTimeSpan(refused.Headers.RetryAfter!.Delta!.Value));
            Assert.Contains("error=invalid", (await PostSignInAsync(client, token, "target", "wrong password")).Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], waits);
    }

    [Theory, Databases]
    public async Task SignIn_WrongPasswordsInParallel_AreEachCounted(DatabaseProvider provider)
    {
        // Up to one beyond the free failures, so that no guess can be refused for waiting, whichever order they are counted in.
        const int Guesses = SignInThrottle.FreeFailuresPerName + 1;
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        await app.CreateUserAsync("parallel-target");
        var clients = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < Guesses; i++)
        {
            var client = app.Browser();
            clients.Add((client, await client.FormTokenAsync("/account/signin")));
        }

        using var start = new SemaphoreSlim(0);
        var guesses = clients.Select(async (c, i) =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await PostSignInAsync(c.Client, c.Token, "parallel-target", $"parallel guess number {i}");
        }).ToList();
        start.Release(clients.Count);
        var answers = await Task.WhenAll(guesses);

        Assert.All(answers, a => Assert.Contains("error=invalid", a.Headers.Location?.OriginalString, StringComparison.Ordinal));
        // One failure beyond the free ones makes the next attempt wait; one lost count would let it through.
        var next = await app.Browser().SignInAsync("parallel-target");
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), next.Headers.RetryAfter?.Delta);
    }

    [Theory, Databases]
    public async Task SignInCode_WrongCodes_AreThrottledLikePasswords(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("approver", roles: Roles.Approver | Roles.Viewer, totpKey: key);
        var client = app.Browser();
        Assert.StartsWith("/account/signin/code", (await client.SignInAsync("approver")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var token = await client.FormTokenAsync("/account/signin/code");
        async Task<HttpResponseMessage> EnterAsync(string code) => await client.PostAsync(new Uri("/account/signin/code", UriKind.Relative),
            new FormUrlEncodedContent([new("code", code), new("__RequestVerificationToken", token)]), TestContext.Current.CancellationToken);
        var right = new TotpCodes(app.Clock).CurrentCode(key);
        var wrong = right == "000000" ? "111111" : "000000";

        for (var i = 0; i <= SignInThrottle.FreeFailuresPerName; i++)
        {
            Assert.Contains("error=code", (await EnterAsync(wrong)).Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        var refused = await EnterAsync(right);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        app.Clock.Advance(Duration.FromSeconds(1));
        Assert.Equal("/", (await EnterAsync(new TotpCodes(app.Clock).CurrentCode(key))).Headers.Location?.OriginalString);
    }

    [Theory, Databases]
    public async Task SignIn_TwentyWrongPasswords_TripTheRateLimitAndEvery429SaysWhenToComeBack(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var client = app.Browser();
        var token = await client.FormTokenAsync("/account/signin");
        var answers = new List<HttpResponseMessage>();

        for (var i = 0; i < 20; i++)
        {
            answers.Add(await PostSignInAsync(client, token, "mallory-target", $"wrong password {i:D2}"));
        }

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(answers.Count(a => a.StatusCode != HttpStatusCode.TooManyRequests) <= 10);
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests), a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero));
    }

    [Theory]
    [InlineData("/documents?q=convoy", "/documents?q=convoy")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\t/evil.example/", "/")]
    [InlineData("/\n/evil.example/", "/")]
    [InlineData("/documents\r\nSet-Cookie: x=y", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("documents", "/")]
    [InlineData(null, "/")]
    public void LocalOrHome_AnythingButAPlainPathOnThisSite_GoesHome(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.LocalOrHome(returnUrl));

    [Theory, Databases]
    public async Task SignIn_ReturnUrlWithATab_DoesNotLeaveTheSite(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("tabbed");

        var response = await app.Browser().PostFormAsync("/account/signin", "/account/signin", ("userName", "tabbed"),
            ("password", AccountSession.Password), ("returnUrl", "/\t/evil.example/"));

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory, Databases]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("forged");
        var client = app.Browser();
        var content = new FormUrlEncodedContent([new("userName", "forged"), new("password", AccountSession.Password)]);

        var response = await client.PostAsync(new Uri("/account/signin", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory, Databases]
    public async Task SignIn_TotpCode_WorksOnceAndNeverAgain(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("approver", roles: Roles.Approver | Roles.Viewer, totpKey: key);
        var code = new TotpCodes(app.Clock).CurrentCode(key);
        var client = app.Browser();

        var first = await client.SignInAsync("approver");
        Assert.StartsWith("/account/signin/code", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var accepted = await client.EnterCodeAsync(code);
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        var replay = app.Browser();
        await replay.SignInAsync("approver");
        var refused = await replay.EnterCodeAsync(code);
        Assert.Contains("error=code", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);

        app.Clock.Advance(Duration.FromSeconds(30));
        var next = await replay.EnterCodeAsync(new TotpCodes(app.Clock).CurrentCode(key));
        Assert.Equal("/", next.Headers.Location!.OriginalString);
    }

    [Theory, Databases]
    public async Task SignOut_EndsTheSessionEvenForACopiedCookie(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("leaver");
        var client = app.Browser();
        await client.SignInAsync("leaver");
        var cookie = (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).RequestMessage!.Headers
            .GetValues("Cookie").Single();

        await client.SignOutAsync();

        var copy = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Redirect, (await copy.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory, Databases]
    public async Task Disable_EndsTheAccountsOpenSessions(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("disabled-soon");
        var client = app.Browser();
        await client.SignInAsync("disabled-soon");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Accounts>().SetDisabledAsync(AccountAdministrator.HostOperator, "disabled-soon", true, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Contains("error=invalid", (await app.Browser().SignInAsync("disabled-soon")).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task OneTimePassword_MustBeChangedBeforeAnythingElse(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        string password;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (_, password) = await scope.ServiceProvider.GetRequiredService<Accounts>().CreateAsync(AccountAdministrator.HostOperator, new AccountInput("newcomer", "Newcomer",
                Participant.Ukraine, "MFA", SecurityClassification.ProtectedA, Roles.Viewer, ["defence-security"]), TestContext.Current.CancellationToken);
        }
        var client = app.Browser();
        await client.SignInAsync("newcomer", password);

        var forced = await client.GetAsync(new Uri("/documents", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("/account/password", forced.Headers.Location!.OriginalString);

        var weak = await client.PostFormAsync("/account/password", "/account/password", ("current", password), ("password", "password1234"),
            ("confirm", "password1234"));
        Assert.Contains("error=weak", weak.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var changed = await client.PostFormAsync("/account/password", "/account/password", ("current", password),
            ("password", "a river of amber lanterns"), ("confirm", "a river of amber lanterns"));
        Assert.Equal("/account", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/documents", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory, Databases]
    public async Task PasswordHash_IsPbkdf2Sha512WithAtLeast210000Iterations(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("hashed");
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Users.Where(u => u.Id == user.Id)
            .Select(u => u.PasswordHash).SingleAsync(TestContext.Current.CancellationToken);

        var bytes = Convert.FromBase64String(stored!);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)) >= 210_000);
    }

    [Theory, Databases]
    public async Task FirstStart_CreatesOneAdministratorWhoMustChangePasswordAndEnrol(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Accounts>();

        var admin = Assert.Single(await accounts.ListAsync(AccountAdministrator.HostOperator, TestContext.Current.CancellationToken));
        Assert.Equal("admin", admin.UserName);
        Assert.True(admin.MustChangePassword);
        Assert.True(admin.RequiresTwoFactor);
        Assert.Null(await accounts.EnsureFirstAdministratorAsync(Participant.Canada, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Responses_CarryTheSecurityHeaders()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var response = await app.CreateClient().GetAsync(new Uri("/agreements/cussp", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }
}

public class RateLimitTests
{
    [Fact]
    public async Task Requests_BeyondThePerClientLimit_Get429AndTheLimitIsASetting()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, [new("RateLimits:RequestsPerSecond", "5")]);
        var client = app.CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((int)(await client.GetAsync(new Uri("/api/v1", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }
        Assert.Contains(429, statuses);
        Assert.True(statuses.Count(s => s == 200) >= 10);
    }
}
