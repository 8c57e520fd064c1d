using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Cussp.Identity;
using Cussp.Web.Tests.Identity;

namespace Cussp.Tests;

/// <summary>Posts a page's real form as a browser would: every field it holds, with the changes a person would make.</summary>
public static class Forms
{
    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// Fetches <paramref name="page"/>, finds the form named <paramref name="formName"/> (Blazor's <c>_handler</c>), and posts its fields
    /// with <paramref name="changes"/> applied: each name given replaces all values of that name (a null value clears it; the same name
    /// twice gives two values, as checkboxes do). Returns the response and the page it shows.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(this HttpClient client, string page, string formName,
        params (string Name, string? Value)[] changes)
    {
        var (response, document) = await client.GetPageAsync(page);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {page}: {(int)response.StatusCode}");
        var form = document.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        Assert.True(form is not null, $"{page} has no form \"{formName}\"");
        var fields = Fields(form).ToList();
        foreach (var name in changes.Select(c => c.Name).Distinct())
        {
            fields.RemoveAll(f => f.Key == name);
        }
        fields.AddRange(changes.Where(c => c.Value is not null).Select(c => new KeyValuePair<string, string>(c.Name, c.Value!)));
        return await client.PostPageAsync(form.GetAttribute("action") is { Length: > 0 } action ? action : page, fields);
    }

    /// <summary>Posts fields to <paramref name="url"/> and parses the page it answers with.</summary>
    public static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> PostPageAsync(this HttpClient client, string url,
        IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, await Parser.ParseDocumentAsync(html, TestContext.Current.CancellationToken));
    }

    /// <summary>What a browser would send for the form as it stands: named inputs, checked boxes, selected options, text areas.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Fields(IElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        yield return new(name, box.Value);
                    }
                    break;
                case IHtmlInputElement { Type: "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    yield return new(name, input.Value);
                    break;
                case IHtmlSelectElement select:
                    var chosen = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (chosen is not null)
                    {
                        yield return new(name, chosen.Value);
                    }
                    break;
                case IHtmlTextAreaElement area:
                    yield return new(name, area.Value);
                    break;
            }
        }
    }

    /// <summary>A browser signed in with password and authenticator code as a new account holding <paramref name="roles"/>.</summary>
    public static async Task<(HttpClient Client, UserAccount User)> SignedInWithCodeAsync(this CusspApp app, string userName,
        Participant participant = Participant.Canada, Roles roles = Roles.Administrator, SecurityClassification clearance = SecurityClassification.Secret,
        string[]? areas = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var key = TotpCodes.NewKey();
        var user = await app.CreateUserAsync(userName, participant, clearance, roles, areas, totpKey: key);
        var client = app.Browser();
        var signIn = await client.SignInAsync(userName);
        Assert.Contains("/account/signin/code", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var code = await client.EnterCodeAsync(new TotpCodes(app.Clock).CurrentCode(key));
        Assert.True(code.StatusCode == HttpStatusCode.SeeOther, $"code refused: {code.Headers.Location}");
        return (client, user);
    }
}
