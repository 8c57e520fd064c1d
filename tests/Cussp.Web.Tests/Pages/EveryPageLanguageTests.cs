using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Web.Tests.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Tests.Pages;

/// <summary>
/// Every page of the running app, enumerated from its routing, in French and in Ukrainian: anonymously and as a signed-in user
/// of every role, with a record of every kind seeded so that the detail pages render, and with the forms posted wrong so that
/// their error messages show. No page may show English chrome. English is recognised three ways: the English page texts that
/// the translation changes (words a translation shares with English, such as "Canada" in French, do not count); the English
/// names code shows when a text is missing (the members of the enums the pages show, the capitals, the months); and raw
/// machine formats (ISO timestamps and periods, "$3.02B"). Only elements marked <c>lang="en"</c> may hold English, and each of
/// those must hold the agreement's own words (or the name of the English language, in the language switcher); elements marked
/// <c>translate="no"</c> hold codes and stored data that no language changes (the audit log's actions, record types and
/// before/after values); what people typed (names, titles) is theirs and set aside.
/// </summary>
public sealed partial class EveryPageLanguageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every set of page texts the app holds (Text, AccountText …), a set added later included.
    private static readonly string[] ResourceSets = typeof(Program).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Cussp.Resources.", StringComparison.Ordinal) && n.EndsWith(".resources", StringComparison.Ordinal))
        .Select(n => n["Cussp.Resources.".Length..^".resources".Length]).ToArray();

    // Page texts that are not words of a language: the product's name, each language's own name, date and time patterns.
    private static readonly Regex NotWords = new(@"^(Site\.Name|Site\.PageTitle|Lang\..*|Format\..*)$", RegexOptions.CultureInvariant);

    // Raw machine formats that no reader should meet: ISO instants, ISO periods, and sums in the English short form.
    private static readonly (string What, Regex Pattern)[] MachineFormats =
    [
        ("an ISO timestamp", new Regex(@"\b\d{4}-\d\d-\d\dT\d", RegexOptions.CultureInvariant)),
        ("an ISO period", new Regex(@"(?<![\p{L}\p{N}])PT?\d+[YMWDH](\d+[YMWDHS])*(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)),
        ("an English sum of money", new Regex(@"\$\s?\d[\d.,]*\s?[BMK]\b", RegexOptions.CultureInvariant)),
    ];

    private static readonly string[] FunctionWords =
        ["the", "and", "of", "to", "is", "are", "you", "your", "not", "with", "this", "that", "has", "have", "been", "there", "which", "will", "must", "cannot"];

    // The enums whose members pages show by name: each member's name is English that a translation must replace.
    private static readonly Type[] ShownEnums =
    [
        typeof(Participant), typeof(Roles), typeof(TokenScopes), typeof(DecisionKind), typeof(DecisionState), typeof(Actor), typeof(Modality),
        typeof(ProvisionKind), typeof(TimeRuleKind), typeof(TimeAnchor), typeof(SecurityClassification), typeof(Releasability),
        typeof(CommitmentStatus), typeof(CommitmentLead), typeof(IndicatorUnit), typeof(Cussp.Obligations.MeetingKind), typeof(Cussp.Obligations.MeetingState),
        typeof(Cussp.Obligations.OccurrenceStatus), typeof(Cussp.Obligations.DutyKind), typeof(Cussp.Obligations.ConsultationGround),
        typeof(Cussp.Obligations.ConsultationState), typeof(Cussp.Obligations.ConsultationMeasures), typeof(Cussp.Notifications.DeliveryChannel),
        typeof(Cussp.Obligations.LifecycleEventKind), typeof(Cussp.Obligations.AgreementState),
    ];

    internal sealed record Seeded(Dictionary<string, UserAccount> Users, Guid Document, Guid PendingDecision, Guid SettledDecision,
        Guid Organisation, Guid Commitment, Guid Indicator, Guid[] Settled, Guid CompletionDecision, Guid Meeting, Guid HeldConsultation,
        Guid OpenConsultation, Guid Amendment, Guid ScheduledMeeting, Guid CancelledMeeting, List<string> Data);

    // What a page says in a language does not depend on the database it reads: this runs on SQLite, and every page's reads on
    // PostgreSQL are the authorization matrix's and NoChangeOnGetTests'.
    [Fact]
    public async Task EveryPage_InFrenchAndUkrainian_ShowsNoEnglishChrome()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite,
            [new("RateLimits:RequestsPerSecond", "1000000"), new("RateLimits:SignInsPerMinute", "1000000")]);
        var seeded = await SeedAsync(app);
        var snapshot = await SnapshotAsync(app);
        // The agreement's words are those of every version of its text, amendments' words included.
        var agreementWords = WithoutSpaces(AgreementSource() + "\n" + string.Join("\n", (await HistoryAsync(app)).Versions.SelectMany(v => v.Provisions).Select(p => p.Text)));
        var pages = AppPages.Patterns(app.Services);
        var failures = new List<(string Language, string Page, string Problem)>();
        var shown = 0;

        foreach (var language in new[] { "fr", "uk" })
        {
            var english = EnglishFor(language);
            var covered = new HashSet<string>();
            void Check(string who, string what, HttpResponseMessage response, IHtmlDocument page)
            {
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    return;
                }
                Assert.True((int)response.StatusCode < 500, $"{who} {what}: {(int)response.StatusCode}");
                shown++;
                if (page.DocumentElement.GetAttribute("lang") != language)
                {
                    failures.Add((language, $"{who} {what}", $"the page ({(int)response.StatusCode} {response.Content.Headers.ContentType}) is in \"{page.DocumentElement.GetAttribute("lang")}\""));
                    return;
                }
                foreach (var problem in EnglishOn(page, english, agreementWords, seeded.Data))
                {
                    failures.Add((language, $"{who} {what}", problem));
                }
            }

            // Anonymous: the public pages, every provision among them, and the sign-in pages with each error they can show.
            var anonymous = await InLanguageAsync(app.Browser(), language);
            var publicUrls = new List<(string Pattern, string Url)>();
            foreach (var pattern in pages)
            {
                publicUrls.AddRange(Urls(pattern, seeded, snapshot).Select(u => (pattern, u)));
            }
            publicUrls.AddRange(ErrorCodes().Select(code => ("/account/signin", $"/account/signin?error={code}")));
            foreach (var (pattern, url) in publicUrls)
            {
                var (response, page) = await anonymous.GetPageAsync(url);
                if ((int)response.StatusCode is < 300 or >= 400)
                {
                    covered.Add(pattern);
                }
                Check("anonymous", "GET " + url, response, page);
            }

            // Every role, each on its own and all together: every page that is not public, as each of them sees it.
            foreach (var (name, user) in seeded.Users)
            {
                var client = await InLanguageAsync(await SignedInAsync(app, user), language);
                foreach (var pattern in pages.Where(p => !p.StartsWith("/agreements/{Id}/provisions", StringComparison.Ordinal)))
                {
                    foreach (var url in Urls(pattern, seeded, snapshot).Take(3))
                    {
                        var (response, page) = await client.GetPageAsync(url);
                        if ((int)response.StatusCode is < 300 or >= 400)
                        {
                            covered.Add(pattern);
                        }
                        Check(name, "GET " + url, response, page);
                    }
                }
                foreach (var url in new[] { "/account/password?error=weak", "/decisions?state=inconnu", "/audit?from=hier", "/audit?actor=personne",
                    "/commitments?status=inconnu&lead=personne&component=aucun&part=IX", "/commitments?component=defence-security&lead=ukraine&status=started",
                    "/agreements/cussp/provisions/IV.A.2" })
                {
                    var (response, page) = await client.GetPageAsync(url);
                    Check(name, "GET " + url, response, page);
                }
            }

            // The forms in their error state, posted wrong as a person might. (A NUL never reaches a page: ASP.NET Core refuses a form
            // that holds one before any page sees it.)
            var everyone = await InLanguageAsync(await SignedInAsync(app, seeded.Users["all"]), language);
            var canadianApprover = await InLanguageAsync(await SignedInAsync(app, seeded.Users["approver"]), language);
            (HttpClient Client, string Page, string Form, (string, string?)[] Changes)[] posts =
            [
                (everyone, "/documents/new", "document", [("Input.Title", "")]),
                (everyone, "/documents/new", "document", [("Input.Title", "Звіт\u202Egpj.exe"), ("Input.Body", "Рядок\u001B")]),
                (everyone, "/decisions/new", "proposal", [("Input.Title", "")]),
                (everyone, "/decisions/new", "proposal", [("Input.Title", "Запрошення\u001B"), ("Input.Details", "\u0085")]),
                (canadianApprover, $"/decisions/{seeded.PendingDecision}", "reject", [("Rejection.Reason", "")]),
                (canadianApprover, $"/decisions/{seeded.PendingDecision}", "reject", [("Rejection.Reason", "Причина\u202E")]),
                (everyone, $"/commitments/{seeded.Commitment}", "update", [("Update.Text", "")]),
                (everyone, $"/commitments/{seeded.Commitment}", "update", [("Update.Text", "Навчання\u001B"), ("Update.Status", "невідомо")]),
                (everyone, $"/commitments/{seeded.Commitment}", "link", [("Link.Title", ""), ("Link.Url", "ftp://приклад")]),
                (everyone, $"/commitments/{seeded.Commitment}", "note", [("Note.Title", "Візит\u202E"), ("Note.Text", "")]),
                (everyone, $"/commitments/{seeded.Commitment}", "file", [("Attachment.Title", "")]),
                (everyone, $"/commitments/{seeded.Commitment}", "completion", [("Ask.Details", "Готово\u0007")]),
                (everyone, $"/commitments/{seeded.Commitment}", "indicator", [("Gauge.Name", "Сапери"), ("Gauge.Unit", "акри"), ("Gauge.Baseline", "0"),
                    ("Gauge.Target", "5"), ("Gauge.TargetDate", "завтра")]),
                (everyone, $"/commitments/{seeded.Commitment}", "indicator", [("Gauge.Name", ""), ("Gauge.Unit", "percent"), ("Gauge.Baseline", "x"),
                    ("Gauge.Target", "101"), ("Gauge.TargetDate", "2040-01-01")]),
                (canadianApprover, $"/commitments/{seeded.Commitment}", "compliance", [("Score.Year", "1999"), ("Score.Score", "5"), ("Score.Reason", "")]),
                (canadianApprover, $"/commitments/{seeded.Commitment}", "compliance", [("Score.Year", "2024"), ("Score.Score", "1"), ("Score.Reason", "Причина\u202E")]),
                (everyone, $"/commitments/{seeded.Commitment}", "measurement", [("Measure.Indicator", seeded.Indicator.ToString()),
                    ("Measure.On", "2023-01-01"), ("Measure.Value", ""), ("Measure.Note", "Джерело\u001B")]),
                (everyone, "/commitments/new", "add", [("Input.Citation", "XX.9"), ("Input.Title", ""), ("Input.Lead", "хтось")]),
                (everyone, "/commitments/new", "add", [("Input.Citation", "IV.A.1"), ("Input.Title", "Розмінування\u202E"),
                    ("Input.Organisation", "c0550001-0000-4000-8000-000000000001"), ("Input.Lead", "ukraine")]),
                (everyone, $"/commitments/{seeded.Commitment}", "lead", [("Leader.Lead", "canada"), ("Leader.Organisation", "c0550002-0000-4000-8000-000000000002")]),
                (everyone, "/meetings/new", "meeting", [("Input.Kind", "зустріч"), ("Input.Title", ""), ("Input.Date", "вчора"), ("Input.Time", "25:99")]),
                (everyone, $"/meetings/{seeded.Meeting}", "minutes", [("Rec.AgendaText", "Пункт"), ("Rec.AgendaCitation", "XX.9"), ("Rec.AgendaCommitment", "ні"),
                    ("Rec.Decisions", "Рішення\u202E"), ("Rec.ActionText", "Звіт"), ("Rec.ActionOwner", ""), ("Rec.ActionDue", "вчора")]),
                (everyone, $"/meetings/{seeded.Meeting}", "minutes", [("Rec.AgendaText", "Пункт"), ("Rec.AgendaCitation", "XX.9"), ("Rec.AgendaCommitment", ""),
                    ("Rec.Ukraine", "Особа\u202E"), ("Rec.ActionText", "Звіт"), ("Rec.ActionOwner", ""), ("Rec.ActionDue", "2024-03-01")]),
                (everyone, $"/meetings/{seeded.Meeting}", "move", [("Move.Date", "вчора"), ("Move.Time", "25:99"), ("Move.Place", "Київ\u202E")]),
                (everyone, $"/meetings/{seeded.Meeting}", "move", [("Move.Date", "2024-01-01"), ("Move.Time", "10:00"), ("Move.Place", "Київ\u202E")]),
                (everyone, $"/meetings/{seeded.Meeting}", "move", [("Move.Date", "2024-06-01"), ("Move.Time", "10:00"), ("Move.Place", "Київ")]),
                (everyone, $"/meetings/{seeded.ScheduledMeeting}", "cancel", [("Off.Reason", "")]),
                (everyone, $"/meetings/{seeded.ScheduledMeeting}", "cancel", [("Off.Reason", "Причина\u202E")]),
                (everyone, "/decisions/new", "proposal", [("Input.Title", "Зміна"), ("Input.Changes[0].Action", "Insert"), ("Input.Changes[0].Citation", "VIII.C.9"),
                    ("Input.Changes[0].Text", ProposedWords), ("Input.EffectiveOn", "2000-01-01")]),
                (everyone, "/decisions/new", "proposal", [("Input.Title", "Зміна"), ("Input.Changes[0].Action", "Insert"), ("Input.Changes[0].Citation", "VIII.C.9"),
                    ("Input.Changes[0].Text", ProposedWords)]),
                (everyone, "/third-states", "state", [("Input.Name", "Poland"), ("Input.Arrangement", ""), ("Input.SignedOn", "вчора")]),
                (everyone, "/third-states", "state", [("Input.Name", "Молдова\u202E"), ("Input.Arrangement", "Угода"), ("Input.SignedOn", "2020-01-01")]),
                (everyone, "/obligations", "lifecycle", [("Step.Kind", "вихід"), ("Step.On", "вчора")]),
                (everyone, "/obligations", "lifecycle", [("Step.Kind", "termination-notice"), ("Step.On", "2030-01-01"), ("Step.Note", "Нота\u202E")]),
                (everyone, "/obligations", "lifecycle", [("Step.Kind", "nato-membership"), ("Step.On", "2024-02-24")]),
                (everyone, "/consultations/new", "consultation", [("Input.Ground", "вторгнення"), ("Input.Summary", "")]),
                (everyone, "/consultations/new", "consultation", [("Input.Ground", "other"), ("Input.Summary", "")]),
                (everyone, "/consultations/new", "consultation", [("Input.Ground", "other"), ("Input.Summary", "Удари‮")]),
                (everyone, $"/consultations/{seeded.OpenConsultation}", "held", [("Held.Date", "вчора"), ("Held.Time", "25:99"), ("Held.Attendees", ""),
                    ("Held.TaskTitle", "Дія"), ("Held.TaskDue", "завтра")]),
                (everyone, $"/consultations/{seeded.OpenConsultation}", "held", [("Held.Date", "2020-01-01"), ("Held.Time", "10:00"), ("Held.Attendees", "Міністри"),
                    ("Held.TaskTitle", "Дія"), ("Held.TaskOwner", ""), ("Held.TaskDue", "2020-01-01")]),
                (everyone, "/meetings/new", "meeting", [("Input.Kind", "review"), ("Input.Title", "Перегляд\u202E"), ("Input.Date", "2023-01-01"),
                    ("Input.Time", "10:00"), ("Input.Place", "Київ\u0007")]),
                (everyone, "/account/tokens", "create", [("Input.Name", "скрипт"), ("Input.Days", "999")]),
                (everyone, "/account/tokens", "create", [("Input.Name", "")]),
                (everyone, "/account/tokens", "create", [("Input.Name", "скрипт\u2066")]),
                (everyone, "/admin/users/new", "account", [("Input.UserName", ""), ("Input.DisplayName", "")]),
                (everyone, "/admin/users/new", "account", [("Input.UserName", "novyi"), ("Input.DisplayName", "Новий\u0007")]),
                (everyone, "/admin/organisations/new", "organisation", [("Input.Name", ""), ("Input.ShortName", "")]),
                (everyone, "/admin/organisations/new", "organisation", [("Input.Name", "Служба\u200F"), ("Input.ShortName", "СБ")]),
            ];
            foreach (var (client, page, form, changes) in posts)
            {
                var (response, shownPage) = await client.SubmitAsync(page, form, changes);
                Assert.True(shownPage.QuerySelector("[role=alert]") is not null,
                    $"{language} POST {page} ({form}) shows no error: {(int)response.StatusCode}");
                Check("posting", $"POST {page} ({form}) {string.Join(", ", changes.Select(c => c.Item1))}", response, shownPage);
            }

            // The authenticator code page is shown half-way through a sign-in.
            var signingIn = await InLanguageAsync(app.Browser(), language);
            var password = await signingIn.SignInAsync(seeded.Users["approver"].UserName!);
            Assert.Contains("/account/signin/code", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
            var (codeResponse, codePage) = await signingIn.GetPageAsync("/account/signin/code?error=code");
            covered.Add("/account/signin/code");
            Check("signing in", "GET /account/signin/code?error=code", codeResponse, codePage);

            Assert.Equal(pages.Order(StringComparer.Ordinal), covered.Where(pages.Contains).Order(StringComparer.Ordinal));
        }

        Assert.True(shown > 700, $"only {shown} pages checked");
        // One line per problem and language, with how many pages show it and the first of them.
        var report = failures.GroupBy(f => (f.Language, What: f.Problem.Split(" in \"…")[0]))
            .Select(g => $"{g.Key.Language}: {g.First().Problem} — on {g.Select(f => f.Page).Distinct().Count()} page(s): {string.Join(", ", g.Select(f => f.Page).Distinct().Take(4))}").ToList();
        Assert.True(failures.Count == 0, $"{report.Count} English texts on French or Ukrainian pages:\n" + string.Join("\n", report.Take(200)));
    }

    /// <summary>The English a page may not show, each with why it counts as English.</summary>
    private sealed record EnglishWords(List<(string Text, string Source, Regex Pattern)> Phrases);

    /// <summary>The English a page in <paramref name="language"/> may not show.</summary>
    private static EnglishWords EnglishFor(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var translated = new List<string>();
        var candidates = new List<(string Text, string Source)>();
        foreach (var set in ResourceSets)
        {
            var english = Texts(set, CultureInfo.InvariantCulture);
            var translation = Texts(set, culture);
            translated.AddRange(translation.Values);
            foreach (var (key, value) in english.Where(e => !NotWords.IsMatch(e.Key)))
            {
                if (translation.TryGetValue(key, out var t) && t == value)
                {
                    continue;
                }
                foreach (var fragment in Placeholder().Split(value).Select(f => f.Trim(' ', ':', ',', '.', '·', '(', ')', '—', '–', '«', '»', '"', '“', '”')))
                {
                    if (fragment.Count(char.IsLetter) >= 3)
                    {
                        candidates.Add((fragment, $"{set}.{key}"));
                    }
                }
            }
        }
        foreach (var type in ShownEnums)
        {
            candidates.AddRange(Enum.GetNames(type).Where(n => n != "None").Select(n => (n, $"{type.Name}.{n} from code")));
        }
        candidates.AddRange(new[] { "Kyiv", "Ottawa" }.Select(c => (c, "a capital's English name")));
        // A sentence from code (an exception's message shown as it is) is English whatever its words: it has these.
        candidates.AddRange(FunctionWords.SelectMany(w => new[] { w, char.ToUpperInvariant(w[0]) + w[1..] }).Select(w => (w, "an English function word")));
        candidates.AddRange(CultureInfo.GetCultureInfo("en").DateTimeFormat.MonthNames.Where(m => m.Length > 0).Select(m => (m, "an English month")));
        candidates.AddRange(CultureInfo.GetCultureInfo("en").DateTimeFormat.DayNames.Select(d => (d, "an English day")));
        // What the language itself writes with the same letters is not English on its page: "Canada", "Participants", "Organisations" in French.
        var own = string.Join("\n", translated);
        var phrases = candidates.Where(c => !Word(c.Text).IsMatch(own)).DistinctBy(c => c.Text).Select(c => (c.Text, c.Source, Word(c.Text))).ToList();
        Assert.True(ResourceSets.Length >= 4 && phrases.Count > 200, $"only {phrases.Count} English phrases from {string.Join(", ", ResourceSets)} to look for in {language}");
        return new EnglishWords(phrases);
    }

    /// <summary>What on <paramref name="page"/> is English, after the agreement's own words (marked <c>lang="en"</c>) and the seeded data are set aside.</summary>
    private static IEnumerable<string> EnglishOn(IHtmlDocument page, EnglishWords english, string agreementWords, IReadOnlyList<string> data)
    {
        foreach (var marked in page.QuerySelectorAll("[lang]").Where(e => e != page.DocumentElement).ToList())
        {
            var lang = marked.GetAttribute("lang")!;
            var text = Squash(marked.TextContent);
            // Spaces aside: the classifier quotes "Participantswill" in the published text as "Participants will".
            if (lang == "en" && text.Length > 0 && text != "English" && !agreementWords.Contains(WithoutSpaces(text), StringComparison.Ordinal))
            {
                yield return $"marked English but not the agreement's words: \"{Shorten(text)}\"";
            }
            marked.Remove();
        }
        foreach (var hidden in page.QuerySelectorAll("script, style, [translate=no]").ToList())
        {
            hidden.Remove();
        }
        var pieces = new List<string> { page.Title ?? "" };
        pieces.AddRange(page.Body!.Descendants().OfType<IText>().Select(t => t.Data));
        foreach (var element in page.All)
        {
            pieces.AddRange(new[] { "aria-label", "title", "placeholder", "alt" }.Select(element.GetAttribute).OfType<string>());
            if (element is IHtmlInputElement { Type: "submit" or "button" } button)
            {
                pieces.Add(button.Value);
            }
        }
        var shown = Squash(string.Join(" \n ", pieces));
        foreach (var value in data.OrderByDescending(d => d.Length))
        {
            shown = shown.Replace(value, " ", StringComparison.Ordinal);
        }
        foreach (var (text, source, pattern) in english.Phrases)
        {
            var match = pattern.Match(shown);
            if (match.Success)
            {
                yield return $"\"{text}\" ({source}) in \"…{Context(shown, match)}…\"";
            }
        }
        foreach (var (what, pattern) in MachineFormats)
        {
            var match = pattern.Match(shown);
            if (match.Success)
            {
                yield return $"{what} \"{match.Value}\" in \"…{Context(shown, match)}…\"";
            }
        }
    }

    /// <summary>The concrete addresses of a page: each seeded record for a page of one, a missing one too, and the filters it takes.</summary>
    private static IEnumerable<string> Urls(string pattern, Seeded seeded, RegisterSnapshot snapshot) => pattern switch
    {
        "/agreements/{Id}" => ["/agreements/cussp", "/agreements/cussp?actor=Canada&component=defence-security",
            "/agreements/cussp?q=sanctions", "/agreements/cussp?component=framework", "/agreements/cussp?actor=personne&modality=rien&component=aucun",
            "/agreements/inconnu", "/agreements/cussp?asOf=2030-01-01", "/agreements/cussp?asOf=2030-01-01&component=framework", "/agreements/cussp?asOf=1999-01-01",
            "/agreements/cussp?asOf=jamais"],
        "/agreements/{Id}/versions" => ["/agreements/cussp/versions", "/agreements/cussp/versions?from=2&to=1", "/agreements/cussp/versions?from=jamais",
            "/agreements/inconnu/versions"],
        "/agreements/{Id}/components/{Component}" =>
            [.. KeyComponents.Ids.Select(c => $"/agreements/cussp/components/{c}"), "/agreements/cussp/components/aucun", "/agreements/inconnu/components/framework"],
        "/agreements/{Id}/provisions/{Citation}" =>
            [.. snapshot.Provisions.Select(p => $"/agreements/cussp/provisions/{Uri.EscapeDataString(p.Citation)}"), "/agreements/cussp/provisions/IX.99",
                "/agreements/cussp/provisions/VIII.C.2?asOf=2030-01-01"],
        "/documents/{Id:guid}" => [$"/documents/{seeded.Document}", $"/documents/{Guid.NewGuid()}"],
        "/documents/{Id:guid}/edit" => [$"/documents/{seeded.Document}/edit", $"/documents/{Guid.NewGuid()}/edit"],
        "/documents/{Id:guid}/downgrade" => [$"/documents/{seeded.Document}/downgrade", $"/documents/{Guid.NewGuid()}/downgrade"],
        "/decisions/{Id:guid}" => [$"/decisions/{seeded.PendingDecision}", $"/decisions/{seeded.SettledDecision}", $"/decisions/{seeded.CompletionDecision}",
            $"/decisions/{seeded.Amendment}",
            $"/decisions/{Guid.NewGuid()}"],
        "/commitments/{Id:guid}" => [$"/commitments/{seeded.Commitment}", .. seeded.Settled.Select(id => $"/commitments/{id}"), $"/commitments/{Guid.NewGuid()}"],
        "/meetings/{Id:guid}" => [$"/meetings/{seeded.Meeting}", $"/meetings/{seeded.ScheduledMeeting}", $"/meetings/{seeded.CancelledMeeting}",
            $"/meetings/{Guid.NewGuid()}"],
        "/consultations/{Id:guid}" => [$"/consultations/{seeded.OpenConsultation}", $"/consultations/{seeded.HeldConsultation}", $"/consultations/{Guid.NewGuid()}"],
        "/obligations" => ["/obligations", "/obligations?year=2025", "/obligations?year=jamais"],
        "/public/commitments/{Id:guid}" => [$"/public/commitments/{seeded.Commitment}", $"/public/commitments/{Guid.NewGuid()}"],
        "/admin/users/{Id:guid}" => [$"/admin/users/{seeded.Users["contributor"].Id}", $"/admin/users/{Guid.NewGuid()}"],
        "/admin/organisations/{Id:guid}" => [$"/admin/organisations/{seeded.Organisation}", $"/admin/organisations/{Guid.NewGuid()}"],
        _ when pattern.Contains('{', StringComparison.Ordinal) =>
            throw new InvalidOperationException($"{pattern}: seed a record for this page and give its address here, so that it is checked in every language"),
        _ => [pattern],
    };

    /// <summary>The words of a provision the form posts propose: data the page shows back as it was typed.</summary>
    private const string ProposedWords = "The Participants will consult.";

    internal static async Task<Seeded> SeedAsync(CusspApp app)
    {
        var all = KeyComponents.Ids.ToArray();
        var users = new Dictionary<string, UserAccount>();
        // User names that are words of no language, so that a name on a page is never mistaken for English or for its absence.
        foreach (var (name, roles) in new[]
        {
            ("none", Roles.None), ("viewer", Roles.Viewer), ("contributor", Roles.Contributor), ("approver", Roles.Approver),
            ("administrator", Roles.Administrator), ("auditor", Roles.Auditor),
            ("all", Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator | Roles.Auditor),
        })
        {
            users[name] = await app.CreateUserAsync($"k{users.Count + 1}", Participant.Canada, SecurityClassification.Secret, roles, all,
                totpKey: (roles & (Roles.Approver | Roles.Administrator)) != 0 ? TotpCodes.NewKey() : null);
        }
        var ukrainian = await app.CreateUserAsync("u1", Participant.Ukraine, SecurityClassification.Secret, Roles.Approver, all,
            totpKey: TotpCodes.NewKey());
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var document = await services.GetRequiredService<SharedDocuments>().CreateAsync(users["contributor"].ToSubject(),
            new DocumentInput("Графік колони", "Північний перетин.\nДругий рядок.", SecurityClassification.ProtectedB, Releasability.RelCanUkr,
                "defence-security"), Ct);
        var decisions = services.GetRequiredService<JointDecisions>();
        var pending = await decisions.ProposeAsync(users["contributor"].ToSubject(), new DecisionProposal(DecisionKind.ThirdStateInvitation,
            "Запросити Польщу", "Польща має домовленість.", SecurityClassification.Unclassified), Ct);
        await decisions.VoteAsync(ukrainian.ToSubject(), pending.Id, true, null, pending.Version, Ct);
        var settled = await decisions.ProposeAsync(users["contributor"].ToSubject(), new DecisionProposal(DecisionKind.Amendment,
            "Змінити розділ", "", SecurityClassification.ProtectedA), Ct);
        await decisions.VoteAsync(ukrainian.ToSubject(), settled.Id, false, "Зарано", settled.Version, Ct);
        // An approved amendment that changes the text from a day a month ahead: version 2, with its diff, and pages as of its day.
        var amendment = await decisions.ProposeAsync(users["contributor"].ToSubject(), new DecisionProposal(DecisionKind.Amendment,
            "Оприлюднювати редакції", "", SecurityClassification.Unclassified, Changes:
            [
                new AmendmentChange(AmendmentAction.Insert, "VIII.C.2", "The Participants will publish each consolidated version of this Agreement."),
                new AmendmentChange(AmendmentAction.Repeal, "IV.E.1.ii", null),
            ], EffectiveOn: app.Clock.GetCurrentInstant().InZone(Cussp.Time.Zones.Kyiv).Date.PlusDays(30)), Ct);
        var halfway = await decisions.VoteAsync(users["approver"].ToSubject(), amendment.Id, true, null, amendment.Version, Ct);
        await decisions.VoteAsync(ukrainian.ToSubject(), amendment.Id, true, null, halfway.Version, Ct);
        app.Clock.Advance(Duration.FromHours(3));
        var tokens = services.GetRequiredService<AccessTokens>();
        foreach (var user in users.Values)
        {
            var (_, secret) = await tokens.IssueAsync(user.Id, "нічний", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(30), Ct);
            await tokens.FindAsync(secret, Ct);
            var (revoked, _) = await tokens.IssueAsync(user.Id, "старий", TokenScopes.Read, Duration.FromDays(1), Ct);
            await tokens.RevokeAsync(user.Id, revoked.Id, Ct);
        }
        // A commitment with a history: an update that moved its status, in Ukrainian.
        var tracker = services.GetRequiredService<CommitmentTracker>();
        var commitment = (await tracker.ListAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId,
            new CommitmentFilter(Component: "defence-security"), 1, 1, Ct)).Items[0];
        await tracker.RecordUpdateAsync(users["contributor"].ToSubject(), commitment.Id,
            new CommitmentUpdateInput("Навчання першої бригади розпочато.", CommitmentStatus.Started), commitment.Version, Ct);
        var evidence = services.GetRequiredService<CommitmentEvidence>();
        await evidence.AddAsync(users["contributor"].ToSubject(), commitment.Id, new EvidenceInput(EvidenceKind.Link, "Повідомлення міністерства",
            Url: "https://mod.gov.ua/"), 2, Ct);
        await evidence.AddAsync(users["contributor"].ToSubject(), commitment.Id, new EvidenceInput(EvidenceKind.Note, "Візит", Text: "Бачили роботу."), 3, Ct);
        await evidence.AddAsync(users["contributor"].ToSubject(), commitment.Id, new EvidenceInput(EvidenceKind.File, "Звіт",
            FileName: "звіт.txt", Content: "Звіт про навчання."u8.ToArray()), 4, Ct);
        var indicators = services.GetRequiredService<CommitmentIndicators>();
        var indicator = await indicators.AddIndicatorAsync(users["contributor"].ToSubject(), commitment.Id,
            new IndicatorInput("Підготовлені сапери", IndicatorUnit.People, 0m, 1_200m, new LocalDate(2026, 12, 31)), 5, Ct);
        await indicators.AddMeasurementAsync(users["contributor"].ToSubject(), commitment.Id, indicator.Id,
            new MeasurementInput(new LocalDate(2024, 2, 24), 350.5m, Note: "Дані міністерства"), 6, Ct);
        var compliance = services.GetRequiredService<CommitmentCompliance>();
        await compliance.AssessAsync(users["approver"].ToSubject(), commitment.Id, new ComplianceInput(2024, 0, "Частково виконано."), 7, Ct);
        await compliance.AssessAsync(ukrainian.ToSubject(), commitment.Id, new ComplianceInput(2024, 1, "Виконано."), 8, Ct);
        await services.GetRequiredService<CommitmentRelease>().SetAsync(users["approver"].ToSubject(), commitment.Id, true, 9, Ct);
        // Two more: one whose completion both sides approved, one whose completion Ukraine rejected, and a request still pending.
        var completion = services.GetRequiredService<CommitmentCompletion>();
        var others = (await tracker.ListAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId, new CommitmentFilter(Component: "humanitarian-demining"),
            1, 3, Ct)).Items;
        var settledCommitments = new List<Guid>();
        foreach (var (other, approve) in others.Take(2).Select((o, i) => (o, i == 0)))
        {
            await evidence.AddAsync(users["contributor"].ToSubject(), other.Id, new EvidenceInput(EvidenceKind.Note, "Візит", Text: "Бачили."), 1, Ct);
            var asked = await completion.RequestAsync(users["contributor"].ToSubject(), other.Id, "Готово.", 2, Ct);
            var voted = await decisions.VoteAsync(ukrainian.ToSubject(), asked.Id, approve, approve ? null : "Зарано.", asked.Version, Ct);
            if (approve)
            {
                await decisions.VoteAsync(users["approver"].ToSubject(), asked.Id, true, null, voted.Version, Ct);
            }
            settledCommitments.Add(other.Id);
        }
        await evidence.AddAsync(users["contributor"].ToSubject(), others[2].Id, new EvidenceInput(EvidenceKind.Note, "Візит", Text: "Бачили."), 1, Ct);
        var waiting = await completion.RequestAsync(users["contributor"].ToSubject(), others[2].Id, "", 2, Ct);
        settledCommitments.Add(others[2].Id);
        await services.GetRequiredService<AgreementRegister>().SetOverrideAsync(AgreementRegister.CusspId, "II.3", Actor.Canada, Modality.Commitment,
            "defence-security", "Уточнено", "operator", Ct);
        // What people named and typed is shown as they wrote it, in whatever language: the seeded organisations' names, the first
        // administrator's, and the agreement's title (a page title cannot mark part of itself as English).
        var db = services.GetRequiredService<CusspDbContext>();
        // A leaders' meeting held in Ottawa, which meets that year's duty.
        var meeting = await services.GetRequiredService<Cussp.Obligations.Meetings>().RecordAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId,
            new Cussp.Obligations.MeetingInput(Cussp.Obligations.MeetingKind.LeadersMeeting, "Зустріч в Оттаві", Instant.FromUtc(2024, 2, 24, 10, 30), "Оттава",
                SecurityClassification.ProtectedA), Ct);
        // Its record, with every list and one of two actions done, so that the record's page shows each part.
        var minutes = await services.GetRequiredService<Cussp.Obligations.Meetings>().WriteMinutesAsync(users["contributor"].ToSubject(), meeting.Id,
            new Cussp.Obligations.MeetingMinutesInput([new("Підсумки року", "II.1.ii"), new("Різне")],
                [new("Прем’єр-міністр", Participant.Canada), new("Президент", Participant.Ukraine), new("Спостерігач", null)],
                "Учасники підбили підсумки.", ["Наступна зустріч у Києві"],
                [new("Надіслати звіт", "Секретаріат", new LocalDate(2024, 3, 1)), new("Погодити дати", "Протокол", new LocalDate(2099, 1, 1))]), meeting.Version, Ct);
        await services.GetRequiredService<Cussp.Obligations.Meetings>().CompleteActionAsync(users["contributor"].ToSubject(), meeting.Id,
            minutes.Entries.Single(e => e.Text == "Погодити дати").Id, minutes.Version, Ct);
        // A dialogue scheduled for later in the year, and one called off before it began.
        var scheduled = await services.GetRequiredService<Cussp.Obligations.Meetings>().RecordAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId,
            new Cussp.Obligations.MeetingInput(Cussp.Obligations.MeetingKind.DefencePolicyDialogue, "Діалог у Києві", Instant.FromUtc(2024, 9, 12, 7, 0), "Київ",
                SecurityClassification.Unclassified), Ct);
        var cancelled = await services.GetRequiredService<Cussp.Obligations.Meetings>().RecordAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId,
            new Cussp.Obligations.MeetingInput(Cussp.Obligations.MeetingKind.MinisterialMeeting, "Зустріч міністрів", Instant.FromUtc(2024, 5, 2, 7, 0), "Львів",
                SecurityClassification.Unclassified), Ct);
        await services.GetRequiredService<Cussp.Obligations.Meetings>().CancelAsync(users["contributor"].ToSubject(), cancelled.Id, "Перенесено на осінь.",
            cancelled.Version, Ct);
        // Two consultation requests from Canada: one acknowledged, held and recorded with its actions; one still open, past its deadline.
        var consultations = services.GetRequiredService<Cussp.Obligations.Consultations>();
        var held = await consultations.RequestAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId,
            new Cussp.Obligations.ConsultationRequestInput(Cussp.Obligations.ConsultationGround.RenewedAggression, "Масований удар по енергосистемі.",
                SecurityClassification.ProtectedB), Ct);
        held = await consultations.AcknowledgeAsync(ukrainian.ToSubject(), held.Id, held.Version, Ct);
        app.Clock.Advance(Duration.FromHours(2));
        await consultations.RecordAsync(users["contributor"].ToSubject(), held.Id, new Cussp.Obligations.ConsultationHeldInput(
            app.Clock.GetCurrentInstant() - Duration.FromHours(1), "Міністри оборони", Cussp.Obligations.ConsultationMeasures.Assistance
                | Cussp.Obligations.ConsultationMeasures.ReimposeSanctions, "Посилити ППО.",
            [new("Передати перехоплювачі", "Міністерство оборони", new LocalDate(2024, 2, 25)), new("Відновити санкції", "МЗС", new LocalDate(2024, 4, 1))]),
            held.Version, Ct);
        var open = await consultations.RequestAsync(users["contributor"].ToSubject(), AgreementRegister.CusspId,
            new Cussp.Obligations.ConsultationRequestInput(Cussp.Obligations.ConsultationGround.SignificantEscalation, "Наступ на півночі.",
                SecurityClassification.Unclassified), Ct);
        await consultations.InviteAsync(users["contributor"].ToSubject(), open.Id, Guid.Parse("6f1c0001-0000-4000-8000-000000000020"), open.Version, Ct);
        app.Clock.Advance(Duration.FromHours(30));
        await services.GetRequiredService<Cussp.Obligations.ConsultationEscalation>().RunOnceAsync(Ct);
        var lifecycle = services.GetRequiredService<Cussp.Obligations.AgreementLifecycle>();
        await lifecycle.RecordAsync(users["approver"].ToSubject(), AgreementRegister.CusspId, new Cussp.Obligations.LifecycleEventInput(
            Cussp.Obligations.LifecycleEventKind.ReviewOpened, new LocalDate(2024, 2, 24), null, "Огляд розпочато"), Ct);
        await lifecycle.RecordAsync(users["approver"].ToSubject(), AgreementRegister.CusspId, new Cussp.Obligations.LifecycleEventInput(
            Cussp.Obligations.LifecycleEventKind.NatoMembership, new LocalDate(2024, 2, 24), null, ""), Ct);
        await lifecycle.RecordAsync(users["approver"].ToSubject(), AgreementRegister.CusspId, new Cussp.Obligations.LifecycleEventInput(
            Cussp.Obligations.LifecycleEventKind.TerminationNotice, new LocalDate(2024, 2, 24), Participant.Ukraine, "Нота"), Ct);
        var organisations = await db.Organisations.AsNoTracking().Select(o => o.Name).ToListAsync(Ct);
        var accounts = await db.Users.AsNoTracking().Select(u => u.DisplayName).ToListAsync(Ct);
        // The registry's states and the titles of their arrangements are proper names, in English as signed.
        var states = await db.ThirdStates.AsNoTracking().Select(x => new[] { x.Name, x.Arrangement }).ToListAsync(Ct);
        var title = (await services.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, Ct))!.Agreement.Title;
        return new Seeded(users, document.Id, pending.Id, settled.Id, Organisations.JointSecretariatOf(Participant.Canada), commitment.Id,
            indicator.Id, [.. settledCommitments], waiting.Id, meeting.Id, held.Id, open.Id, amendment.Id, scheduled.Id, cancelled.Id,
            [.. organisations, .. accounts, .. states.SelectMany(x => x), title, "operator", ProposedWords]);
    }

    private static async Task<RegisterHistory> HistoryAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().HistoryAsync(AgreementRegister.CusspId, Ct))!;
    }

    private static async Task<RegisterSnapshot> SnapshotAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, Ct))!;
    }

    /// <summary>
    /// A browser holding <paramref name="user"/>'s session cookie in its cookie jar beside the cookies the app sets (language,
    /// antiforgery), as a browser that signed in holds it.
    /// </summary>
    internal static async Task<HttpClient> SignedInAsync(CusspApp app, UserAccount user)
    {
        var session = (await app.SessionAsync(user)).DefaultRequestHeaders.GetValues("Cookie").Single();
        var jar = new CookieContainer();
        var at = new Uri("http://localhost");
        jar.Add(at, new Cookie(session[..session.IndexOf('=', StringComparison.Ordinal)], session[(session.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        return app.CreateDefaultClient(at, new CookieContainerHandler(jar));
    }

    /// <summary>Chooses the language as a reader does, with <c>?lang=</c>, which the app remembers in a cookie.</summary>
    private static async Task<HttpClient> InLanguageAsync(HttpClient client, string language)
    {
        var response = await client.GetAsync(new Uri($"/?lang={language}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>
    /// The English texts the pages show as written, marked English: the agreement, its official summary of key components, and the
    /// component map's quoted words and reasons, all written in English beside the agreement.
    /// </summary>
    private static string AgreementSource() =>
        string.Join("\n", new[] { "cussp-agreement-2024.txt", "cussp-key-components.txt", "component-map.tsv" }.Select(name =>
        {
            using var stream = typeof(AgreementRegister).Assembly.GetManifestResourceStream("Cussp.Agreements.Texts." + name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));

    private static IEnumerable<string> ErrorCodes() =>
        Texts("AccountText", CultureInfo.InvariantCulture).Keys.Where(k => k.StartsWith("Error.", StringComparison.Ordinal)).Select(k => k["Error.".Length..]);

    private static Dictionary<string, string> Texts(string set, CultureInfo culture) =>
        new ResourceManager("Cussp.Resources." + set, typeof(Program).Assembly).GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static Regex Word(string text) =>
        new(@"(?<![\p{L}\p{N}_])" + Regex.Escape(text) + @"(?![\p{L}\p{N}_])", RegexOptions.CultureInvariant);

    private static string Squash(string text) => Whitespace().Replace(text, " ").Trim();

    private static string WithoutSpaces(string text) => Whitespace().Replace(text, "");

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static string Context(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 40);
        var end = Math.Min(text.Length, match.Index + match.Length + 40);
        return text[start..end];
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
