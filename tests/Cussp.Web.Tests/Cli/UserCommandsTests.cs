using System.Net;
using System.Text.RegularExpressions;
using Cussp.Cli;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Cli;

/// <summary><c>cussp users …</c>, run in-process on a throwaway SQLite data folder, or on the folder of a running app.</summary>
public sealed partial class UserCommandsTests : CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The accounts of the data folder, read through the product's own account store.</summary>
    private Task<T> WithUsersAsync<T>(Func<UserManager<UserAccount>, Task<T>> read) =>
        WithServicesAsync(s => read(s.GetRequiredService<UserManager<UserAccount>>()));

    /// <summary>The product's services on the data folder, in one scope.</summary>
    private async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCusspCore(_ => new DatabaseSettings(DatabaseProvider.Sqlite, DataFolder, null));
        services.AddCusspAccounts();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [GeneratedRegex(@"One-time password: (\S+)")]
    private static partial Regex OneTimePassword();

    [Fact]
    public async Task UsersAdd_ValidAccount_CreatesItWithAOneTimePasswordThatMustBeChanged()
    {
        var (exit, output, error) = await RunAsync("users", "add", "olena", "--name", "Olena Kovalenko", "--participant", "Ukraine",
            "--organisation", "MFA", "--clearance", "PROTECTED B", "--roles", "viewer,contributor",
            "--areas", "defence-security,intelligence-cyber");

        Assert.True(exit == 0, error);
        Assert.Contains("Created olena (Ukraine, PROTECTED B, Viewer, Contributor).", output, StringComparison.Ordinal);
        Assert.DoesNotContain("authenticator", output, StringComparison.Ordinal);
        var password = OneTimePassword().Match(output).Groups[1].Value;
        Assert.Equal(20, password.Length);
        var (user, accepted) = await WithUsersAsync(async users =>
        {
            var u = (await users.FindByNameAsync("olena"))!;
            return (u, await users.CheckPasswordAsync(u, password));
        });
        Assert.True(accepted);
        Assert.True(user.MustChangePassword);
        Assert.Equal(("Olena Kovalenko", Participant.Ukraine, SecurityClassification.ProtectedB), (user.DisplayName, user.Participant, user.Clearance));
        Assert.Equal(["defence-security", "intelligence-cyber"], user.Areas);
    }

    [Fact]
    public async Task UsersAdd_Approver_SaysAnAuthenticatorAppIsSetUpAtFirstSignIn()
    {
        var (exit, output, _) = await RunAsync("users", "add", "taras", "--name", "Taras", "--participant", "ukraine", "--roles", "approver");

        Assert.Equal(0, exit);
        Assert.Contains("require an authenticator app", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--participant", "Poland" }, "--participant \"Poland\": use Canada or Ukraine")]
    [InlineData(new[] { "--participant", "Canada", "--clearance", "TOP SECRET" }, "--clearance \"TOP SECRET\"")]
    [InlineData(new[] { "--participant", "Canada", "--roles", "viewer,king" }, "--roles \"viewer,king\"")]
    [InlineData(new[] { "--participant", "Canada", "--areas", "defence-security,space" }, "--areas \"defence-security,space\": each must be a key component id")]
    public async Task UsersAdd_BadOption_ExitsTwoNamingItAndCreatesNothing(string[] options, string message)
    {
        var (exit, output, error) = await RunAsync(["users", "add", "mykola", "--name", "Mykola", .. options]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("One-time password", output, StringComparison.Ordinal);
        Assert.DoesNotContain("mykola", (await RunAsync("users", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_MissingNameOrTakenUserName_ExitsTwoSayingSo()
    {
        var missing = await RunAsync("users", "add", "anna", "--participant", "Canada");
        Assert.Equal(0, (await RunAsync("users", "add", "anna", "--name", "Anna", "--participant", "Canada")).Exit);
        var taken = await RunAsync("users", "add", "anna", "--name", "Another Anna", "--participant", "Ukraine");
        var badName = await RunAsync("users", "add", "anna smith!", "--name", "Anna Smith", "--participant", "Canada");

        Assert.Equal(2, missing.Exit);
        Assert.Contains("--name", missing.Err, StringComparison.Ordinal);
        Assert.Equal(2, taken.Exit);
        Assert.Contains("user name:", taken.Err, StringComparison.Ordinal);
        Assert.Contains("anna", taken.Err, StringComparison.Ordinal);
        Assert.Equal(2, badName.Exit);
        Assert.Contains("user name:", badName.Err, StringComparison.Ordinal);
        Assert.Equal("Anna", await WithUsersAsync(async users => (await users.FindByNameAsync("anna"))!.DisplayName));
    }

    [Fact]
    public async Task UsersList_ShowsEachAccountWithItsStateRolesAndAreas()
    {
        await RunAsync("users", "add", "active-one", "--name", "A", "--participant", "Canada", "--roles", "viewer,auditor", "--areas", "defence-security");
        await RunAsync("users", "add", "disabled-one", "--name", "D", "--participant", "Ukraine", "--clearance", "SECRET");
        await RunAsync("users", "disable", "disabled-one");
        await RunAsync("users", "add", "guessed-at", "--name", "G", "--participant", "Canada");
        await WithServicesAsync(async services =>
        {
            var throttle = services.GetRequiredService<SignInThrottle>();
            var u = (await services.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync("guessed-at"))!;
            // Enough failures that the wait (two minutes) outlasts the test on the real clock the command line runs on.
            for (var i = 0; i < SignInThrottle.FreeFailuresPerName + 8; i++)
            {
                await throttle.FailedAsync(System.Net.IPAddress.Loopback, "GUESSED-AT", u, SignInStep.Password, SignInFailure.WrongPassword, Ct);
            }
            return u;
        });

        var (exit, output, _) = await RunAsync("users", "list");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^active-one\s+Canada\s+UNCLASSIFIED\s+no\s+active\s+Viewer, Auditor / defence-security$", lines.Single(l => l.StartsWith("active-one", StringComparison.Ordinal)));
        Assert.Matches(@"^disabled-one\s+Ukraine\s+SECRET\s+no\s+disabled\s", lines.Single(l => l.StartsWith("disabled-one", StringComparison.Ordinal)));
        Assert.Matches(@"^guessed-at\s+Canada\s+UNCLASSIFIED\s+no\s+throttled\s", lines.Single(l => l.StartsWith("guessed-at", StringComparison.Ordinal)));
        Assert.Matches(@"\nThrottled after failed sign-ins: guessed-at may try again in 1[0-2][0-9] s\.", output);
        Assert.DoesNotContain("locked", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("reset-2fa")]
    [InlineData("reset-password")]
    public async Task Users_UnknownAccount_ExitsTwoNamingIt(string verb)
    {
        var (exit, _, error) = await RunAsync("users", verb, "nobody");

        Assert.Equal(2, exit);
        Assert.Contains("There is no account \"nobody\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersDisable_EndsTheAccountsSessionsAndTokensUntilEnabled()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.CreateUserAsync("leaving");
        var browser = app.Browser();
        await browser.SignInAsync("leaving");
        var token = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        var (exit, output, error) = await RunOnAsync(app.DataDirectory, "users", "disable", "leaving");

        Assert.True(exit == 0, error);
        Assert.Contains("leaving disabled.", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
        Assert.Contains("error=invalid", (await app.Browser().SignInAsync("leaving")).Headers.Location!.OriginalString, StringComparison.Ordinal);

        Assert.Equal(0, (await RunOnAsync(app.DataDirectory, "users", "enable", "leaving")).Exit);
        Assert.Equal("/", (await app.Browser().SignInAsync("leaving")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task UsersReset2fa_EndsSessionsAndTheNextSignInMustEnrolAgain()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("lost-phone", roles: Roles.Approver | Roles.Viewer, totpKey: key);
        var browser = app.Browser();
        await browser.SignInAsync("lost-phone");
        Assert.Equal("/", (await browser.EnterCodeAsync(new TotpCodes(app.Clock).CurrentCode(key))).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/documents", UriKind.Relative), Ct)).StatusCode);

        var (exit, output, error) = await RunOnAsync(app.DataDirectory, "users", "reset-2fa", "lost-phone");

        Assert.True(exit == 0, error);
        Assert.Contains("Two-factor sign-in of lost-phone reset.", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/documents", UriKind.Relative), Ct)).StatusCode);
        var again = app.Browser();
        Assert.Equal("/", (await again.SignInAsync("lost-phone")).Headers.Location!.OriginalString);
        var forced = await again.GetAsync(new Uri("/documents", UriKind.Relative), Ct);
        Assert.Equal("/account/2fa", forced.Headers.Location!.OriginalString);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var account = (await users.FindByNameAsync("lost-phone"))!;
        Assert.False(account.TwoFactorEnabled);
        Assert.NotEqual(key, await users.GetAuthenticatorKeyAsync(account));
        Assert.Equal(0, await users.CountRecoveryCodesAsync(account));
    }
}
