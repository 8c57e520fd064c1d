using System.Net;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Decisions;

/// <summary>The decision pages, used through their forms by signed-in officials of each side.</summary>
public class DecisionPagesTests
{
    private static readonly KeyValuePair<string, string?>[] Settings = [new("RateLimits:SignInsPerMinute", "1000")];
    private static readonly string[] Areas = ["defence-security", "sovereignty-democracy", "framework"];

    private static async Task<JointDecisionRecord> StoredAsync(CusspApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().JointDecisions.AsNoTracking().Include(d => d.Votes)
            .SingleAsync(d => d.Id == id, TestContext.Current.CancellationToken);
    }

    private static Uri Absolute(Uri location) => new(new Uri("http://localhost"), location);

    [Theory, Databases]
    public async Task Pages_ProposeThenApproveAndReject_WorkThroughTheFormsOfEachSide(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (proposer, _) = await app.SignedInWithCodeAsync("can-proposer", Participant.Canada, Roles.Approver | Roles.Contributor, areas: Areas);
        var (canada, _) = await app.SignedInWithCodeAsync("can-approver", Participant.Canada, Roles.Approver, areas: Areas);
        var (ukraine, _) = await app.SignedInWithCodeAsync("ua-approver", Participant.Ukraine, Roles.Approver, areas: Areas);

        var (proposed, _) = await proposer.SubmitAsync("/decisions/new", "proposal", ("Input.Kind", "ThirdStateInvitation"),
            ("Input.Title", "Invite Poland to the consultation"), ("Input.Details", "Poland has an arrangement under the G7 Joint Declaration."),
            ("Input.Classification", "ProtectedA"));
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var page = Absolute(proposed.Headers.Location!).PathAndQuery;
        var id = Guid.Parse(page["/decisions/".Length..]);
        var (shownResponse, shown) = await canada.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, shownResponse.StatusCode);
        Assert.Equal("PROTECTED A // REL CAN UKR // defence-security", shown.QuerySelector(".marking.banner")!.TextContent.Trim());
        Assert.Equal("Invite Poland to the consultation", shown.QuerySelector("h1")!.TextContent);
        // The proposer's own side approves through another approver: the proposer is offered only the rejection that withdraws it.
        var (_, own) = await proposer.GetPageAsync(page);
        Assert.Null(own.QuerySelector("input[name=_handler][value=approve]"));
        Assert.NotNull(own.QuerySelector("input[name=_handler][value=reject]"));
        Assert.Contains("You proposed this decision", own.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(shown.QuerySelector("input[name=_handler][value=approve]"));

        var (approved, _) = await canada.SubmitAsync(page, "approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var (_, afterApproval) = await canada.GetPageAsync(Absolute(approved.Headers.Location!).PathAndQuery);
        Assert.Equal("Your approval is recorded.", afterApproval.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Null(afterApproval.QuerySelector("form button[type=submit]"));
        Assert.Contains("Canada has voted on this decision", afterApproval.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var (withoutReason, withoutReasonPage) = await ukraine.SubmitAsync(page, "reject");
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal("true", withoutReasonPage.QuerySelector("#v-reason")!.GetAttribute("aria-invalid"));
        Assert.Contains("Say why the decision is rejected", withoutReasonPage.QuerySelector("#v-reason-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(DecisionState.Pending, (await StoredAsync(app, id)).State);

        var (rejected, _) = await ukraine.SubmitAsync(page, "reject", ("Rejection.Reason", "Not before the leaders meet"));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var stored = await StoredAsync(app, id);
        Assert.Equal(DecisionState.Rejected, stored.State);
        Assert.Equal("Not before the leaders meet", stored.Votes.Single(v => v.Participant == Participant.Ukraine).Reason);

        var (_, list) = await canada.GetPageAsync("/decisions");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Invite Poland", StringComparison.Ordinal));
        Assert.Equal(["rejected", "approved by can-approver", "rejected by ua-approver"],
            row.QuerySelectorAll("td").Skip(3).Take(3).Select(td => td.TextContent.Trim()));
    }

    [Theory, Databases]
    public async Task NewDecision_WithoutATitle_ShowsTheFieldMessageAndStoresNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, _) = await app.SignedInWithCodeAsync("can-approver", Participant.Canada, Roles.Approver, areas: Areas);

        var (response, page) = await client.SubmitAsync("/decisions/new", "proposal", ("Input.Title", "  "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("true", page.QuerySelector("#p-title")!.GetAttribute("aria-invalid"));
        Assert.Equal("p-title-error", page.QuerySelector("#p-title")!.GetAttribute("aria-describedby"));
        Assert.Contains("Say what is to be decided", page.QuerySelector("#p-title-error")!.TextContent, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CusspDbContext>().JointDecisions.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Theory, Databases]
    public async Task Pages_ADecisionAboveTheReadersClearance_IsNotFoundAndNotListed(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (canada, _) = await app.SignedInWithCodeAsync("can-approver", Participant.Canada, Roles.Approver | Roles.Contributor, areas: Areas);
        var (reader, _) = await app.SignedInWithCodeAsync("ua-viewer", Participant.Ukraine, Roles.Viewer, SecurityClassification.ProtectedA, Areas);
        var (secret, _) = await canada.SubmitAsync("/decisions/new", "proposal", ("Input.Kind", "Amendment"), ("Input.Title", "Secret amendment"),
            ("Input.Classification", "Secret"));
        var (open, _) = await canada.SubmitAsync("/decisions/new", "proposal", ("Input.Kind", "Amendment"), ("Input.Title", "Open amendment"),
            ("Input.Classification", "Unclassified"));

        var (hidden, hiddenPage) = await reader.GetPageAsync(Absolute(secret.Headers.Location!).PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain("Secret amendment", hiddenPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetPageAsync(Absolute(open.Headers.Location!).PathAndQuery)).Response.StatusCode);
        var (_, list) = await reader.GetPageAsync("/decisions");
        Assert.Equal(["Open amendment"], list.QuerySelectorAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()));
        Assert.Equal("Decisions: 1", list.QuerySelector(".count")!.TextContent);
        Assert.Null(list.QuerySelector("a[href='/decisions/new']"));
    }

    [Theory, Databases]
    public async Task Pages_AnApprovalOnAnOlderVersionOrByTheProposer_IsRefusedAndChangesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (proposer, _) = await app.SignedInWithCodeAsync("can-proposer", Participant.Canada, Roles.Approver | Roles.Contributor, areas: Areas);
        var (canada, _) = await app.SignedInWithCodeAsync("can-approver", Participant.Canada, Roles.Approver, areas: Areas);
        var (ukraine, _) = await app.SignedInWithCodeAsync("ua-approver", Participant.Ukraine, Roles.Approver, areas: Areas);
        var (proposed, _) = await proposer.SubmitAsync("/decisions/new", "proposal", ("Input.Kind", "Amendment"), ("Input.Title", "Amend IV.K"),
            ("Input.Classification", "ProtectedA"));
        var page = Absolute(proposed.Headers.Location!).PathAndQuery;
        var id = Guid.Parse(page["/decisions/".Length..]);

        // Canada's approver opens the page; Ukraine approves before Canada's form is sent.
        var (_, opened) = await canada.GetPageAsync(page);
        var approveForm = opened.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=_handler][value=approve]") is not null);
        Assert.Equal("0", approveForm.QuerySelector("input[name='Approval.Version']")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await ukraine.SubmitAsync(page, "approve")).Response.StatusCode);

        var (stale, stalePage) = await canada.PostPageAsync(page, Forms.Fields(approveForm));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you opened it", stalePage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain((await StoredAsync(app, id)).Votes, v => v.Participant == Participant.Canada);

        // The proposer's page offers no approval; a hand-made one is refused all the same.
        var (_, own) = await proposer.GetPageAsync(page);
        var rejectForm = own.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=_handler][value=reject]") is not null);
        var forged = Forms.Fields(rejectForm).Where(f => f.Key is "__RequestVerificationToken")
            .Append(new("_handler", "approve")).Append(new("Approval.Version", "1"));
        var (refused, refusedPage) = await proposer.PostPageAsync(page, forged);
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.False(refused.IsSuccessStatusCode && refusedPage.QuerySelector("[role=status]") is not null);
        var stored = await StoredAsync(app, id);
        Assert.Equal((DecisionState.Pending, 1), (stored.State, stored.Votes.Count));

        var (approved, _) = await canada.SubmitAsync(page, "approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(DecisionState.Approved, (await StoredAsync(app, id)).State);
    }

    [Theory, Databases]
    public async Task Pages_AnAmendmentWithChangesToTheText_ShowsEachRowsError_ThenMakesTheNextVersionOnceBothSidesApprove(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        app.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 7, 9, 0));
        var (proposer, _) = await app.SignedInWithCodeAsync("can-proposer", Participant.Canada, Roles.Contributor, areas: Areas);
        var (canada, _) = await app.SignedInWithCodeAsync("can-approver", Participant.Canada, Roles.Approver, areas: Areas);
        var (ukraine, _) = await app.SignedInWithCodeAsync("ua-approver", Participant.Ukraine, Roles.Approver, areas: Areas);

        // "Add a row" saves nothing and gives the form a third row.
        var (more, morePage) = await proposer.SubmitAsync("/decisions/new", "proposal", ("Input.Title", "Publish versions"), ("Input.More", "true"));
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        Assert.NotNull(morePage.QuerySelector("#p-c2-action"));
        Assert.Equal("Publish versions", morePage.QuerySelector("#p-title")!.GetAttribute("value"));

        (string, string?)[] fields =
        [
            ("Input.Kind", "Amendment"), ("Input.Title", "Publish consolidated versions"), ("Input.Classification", "Unclassified"),
            ("Input.Changes[0].Action", "Insert"), ("Input.Changes[0].Citation", "VIII.C.3"),
            ("Input.Changes[0].Text", "The Participants will publish each consolidated version of this Agreement."),
            ("Input.Changes[1].Action", "Repeal"), ("Input.Changes[1].Citation", "IV.E.1.ii"),
        ];
        var (refused, refusedPage) = await proposer.SubmitAsync("/decisions/new", "proposal", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("true", refusedPage.QuerySelector("#p-c0-citation")!.GetAttribute("aria-invalid"));
        Assert.Contains("Change 1 does not apply: insert VIII.C.3: a new provision follows the last one of VIII.C; the next is VIII.C.2.",
            refusedPage.QuerySelector("#p-c0-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(refusedPage.QuerySelector("#p-c1-error"));
        Assert.Equal("IV.E.1.ii", refusedPage.QuerySelector("#p-c1-citation")!.GetAttribute("value"));

        var (proposed, _) = await proposer.SubmitAsync("/decisions/new", "proposal",
            [.. fields.Select(f => f.Item1 == "Input.Changes[0].Citation" ? (f.Item1, "VIII.C.2") : f)]);
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var page = Absolute(proposed.Headers.Location!).PathAndQuery;
        var (_, shown) = await canada.GetPageAsync(page);
        Assert.Equal(["Insert VIII.C.2", "Repeal IV.E.1.ii"], shown.QuerySelectorAll("ol.changes strong").Select(e => e.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.Redirect, (await canada.SubmitAsync(page, "approve")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ukraine.SubmitAsync(page, "approve")).Response.StatusCode);

        var (_, approved) = await canada.GetPageAsync(page);
        var link = approved.QuerySelector("a[href^='/agreements/cussp/versions']")!;
        Assert.Contains("made version 2 of the text, in force from 7 December 2026", link.TextContent, StringComparison.Ordinal);
        var (_, reader) = await app.Browser().GetPageAsync("/agreements/cussp/provisions/VIII.C.2");
        Assert.Contains("Consolidated version 2, as amended, in force from 7 December 2026.", reader.QuerySelector(".version-note")!.TextContent, StringComparison.Ordinal);
    }
}
