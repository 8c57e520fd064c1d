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

        // The same answer, and the same work: an unknown name is checked against a hash of the same kind as a real account's.
        Assert.Equal(unknown.Headers.Location, wrong.Headers.Location);
        Assert.Equal((1, 1), (forUnknown, forWrong));
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

    [Theory, Databases]
    public async Task SignIn_TwentyWrongPasswords_LockAfterFiveAndTripTheRateLimit(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("mallory-target");
        var client = app.Browser();
        var token = await client.FormTokenAsync("/account/signin");
        var statuses = new List<(HttpStatusCode Status, string? Location)>();

        for (var i = 0; i < 20; i++)
        {
            var content = new FormUrlEncodedContent([new("userName", "mallory-target"), new("password", $"wrong password {i:D2}"),
                new("__RequestVerificationToken", token)]);
            var r = await client.PostAsync(new Uri("/account/signin", UriKind.Relative), content, TestContext.Current.CancellationToken);
            statuses.Add((r.StatusCode, r.Headers.Location?.OriginalString));
        }

        Assert.All(statuses.Take(4), s => Assert.Contains("error=invalid", s.Location, StringComparison.Ordinal));
        Assert.Contains("error=locked", statuses[4].Location, StringComparison.Ordinal);
        Assert.Contains(statuses, s => s.Status == HttpStatusCode.TooManyRequests);
        Assert.True(statuses.Count(s => s.Status != HttpStatusCode.TooManyRequests) <= 10);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync("mallory-target"))!));
    }

    [Theory, Databases]
    public async Task SignIn_WrongPasswordsInParallel_AreEachCountedAndLockTheAccount(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, [new("RateLimits:SignInsPerMinute", "10000")]);
        await app.CreateUserAsync("parallel-target");
        var clients = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < Accounts.MaxFailedAttempts; i++)
        {
            var client = app.Browser();
            clients.Add((client, await client.FormTokenAsync("/account/signin")));
        }

        using var start = new SemaphoreSlim(0);
        var guesses = clients.Select(async (c, i) =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await c.Client.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent([new("userName", "parallel-target"),
                new("password", $"parallel guess number {i}"), new("__RequestVerificationToken", c.Token)]), TestContext.Current.CancellationToken);
        }).ToList();
        start.Release(clients.Count);
        await Task.WhenAll(guesses);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync("parallel-target"))!),
            $"{(await users.FindByNameAsync("parallel-target"))!.AccessFailedCount} of {clients.Count} parallel failures counted");
        Assert.Contains("error=locked", (await app.Browser().SignInAsync("parallel-target")).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task SignIn_LockedAccount_RefusesEvenTheRightPassword(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("locked");
        var client = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync("locked", "not the password at all");
        }

        var response = await client.SignInAsync("locked");

        Assert.Contains("error=locked", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory, Databases]
    public async Task SignIn_DisabledAccount_IsNamedDisabledOnlyToItsRightPassword(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("gone");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Accounts>().SetDisabledAsync(AccountAdministrator.HostOperator, "gone", true, TestContext.Current.CancellationToken);
        }
        var client = app.Browser();

        var wrong = await client.SignInAsync("gone", "not the password at all");
        var right = await client.SignInAsync("gone");

        Assert.Contains("error=invalid", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("error=disabled", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
        for (var i = 0; i < Accounts.MaxFailedAttempts; i++)
        {
            await client.SignInAsync("gone", $"guess number {i}");
        }
        Assert.Contains("error=locked", (await client.SignInAsync("gone")).Headers.Location!.OriginalString, StringComparison.Ordinal);
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
        Assert.Contains("error=disabled", (await app.Browser().SignInAsync("disabled-soon")).Headers.Location!.OriginalString, StringComparison.Ordinal);
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
