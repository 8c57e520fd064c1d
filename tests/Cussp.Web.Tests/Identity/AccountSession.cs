using System.Net;
using AngleSharp.Html.Dom;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>Creating accounts and signing in through the real forms, as a browser does.</summary>
internal static class AccountSession
{
    public const string Password = "correct horse battery staple";

    /// <summary>Creates an account with a known password, its setup finished (no forced change; 2FA per <paramref name="totpKey"/>).</summary>
    public static async Task<UserAccount> CreateUserAsync(this CusspApp app, string userName, Participant participant = Participant.Canada,
        SecurityClassification clearance = SecurityClassification.Secret, Roles roles = Roles.Viewer, string[]? areas = null,
        string? password = Password, string? totpKey = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            DisplayName = userName,
            Participant = participant,
            Clearance = clearance,
            Roles = roles,
            Areas = [.. areas ?? ["defence-security"]],
            OrganisationId = Organisations.JointSecretariatOf(participant),
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        if (totpKey is not null)
        {
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", totpKey);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    /// <summary>The antiforgery token of the first form on <paramref name="page"/>.</summary>
    public static async Task<string> FormTokenAsync(this HttpClient client, string page)
    {
        var (response, doc) = await client.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = doc.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        Assert.NotNull(input);
        return input.Value;
    }

    /// <summary>Posts a form with its antiforgery token, taken from <paramref name="page"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string action, params (string, string)[] fields)
    {
        var token = await client.FormTokenAsync(page);
        var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)),
            new("__RequestVerificationToken", token)]);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password = Password) =>
        client.PostFormAsync("/account/signin", "/account/signin", ("userName", userName), ("password", password));

    public static Task<HttpResponseMessage> EnterCodeAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/account/signin/code", "/account/signin/code", ("code", code));

    public static Task<HttpResponseMessage> SignOutAsync(this HttpClient client) =>
        client.PostFormAsync("/account", "/account/signout");
}
