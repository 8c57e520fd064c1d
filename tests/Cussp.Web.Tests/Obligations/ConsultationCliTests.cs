using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Cli;
using Cussp.Web.Tests.Identity;

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// <c>cussp consultations request</c> and <c>cussp consultations list</c>: a request filed as the owner of a write token starts its
/// clock, the list shows it with its deadline in Kyiv, Ottawa and UTC; a read-only token, an unknown ground and a missing token exit 2.
/// </summary>
public sealed class ConsultationCliTests : CliTest
{
    private static readonly string[] Areas = ["framework", "defence-security"];

    [Theory, Databases]
    public async Task Cli_RequestThenList_ShowsTheRequestWithItsDeadline_AndBadInputIsExitCode2(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("mykola", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer | Roles.Contributor, Areas, password: null);
        var write = await RunOnAsync(app, "tokens", "add", "mykola", "--scope", "read-write", "--days", "1");
        Assert.True(write.Exit == 0, write.Err);
        var read = await RunOnAsync(app, "tokens", "add", "mykola", "--scope", "read", "--days", "1");
        Assert.True(read.Exit == 0, read.Err);
        KeyValuePair<string, string?>[] writer = [new("CUSSP_TOKEN", write.Out.Trim())];
        KeyValuePair<string, string?>[] reader = [new("CUSSP_TOKEN", read.Out.Trim())];

        var filed = await RunOnAsync(app, writer, "consultations", "request", "--ground", "significant-escalation", "--summary", "Offensive in the north.",
            "--classification", "PROTECTED A");
        Assert.True(filed.Exit == 0, filed.Err);
        var id = Guid.Parse(filed.Out.Trim());
        Assert.Contains("Filed under II.5: the participants consult by", filed.Err, StringComparison.Ordinal);

        var json = await RunOnAsync(app, reader, "consultations", "list", "--json");
        Assert.True(json.Exit == 0, json.Err);
        var item = Assert.Single(JsonDocument.Parse(json.Out).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal((id, "requested", "Ukraine"), (item.GetProperty("id").GetGuid(), item.GetProperty("state").GetString(), item.GetProperty("requester").GetString()));
        Assert.Equal("PROTECTED A // REL CAN UKR // defence-security", item.GetProperty("marking").GetString());
        var text = await RunOnAsync(app, reader, "consultations", "list", "--state", "requested");
        Assert.True(text.Exit == 0, text.Err);
        Assert.Matches(@"II\.5\s+significant-escalation\s+requested\s+due \d{4}-\d\d-\d\d \d\d:\d\d Kyiv / .* Ottawa / .* UTC\s+2[34] h \d\d min left", text.Out);

        var refused = await RunOnAsync(app, reader, "consultations", "request", "--ground", "other", "--summary", "x");
        Assert.Equal(2, refused.Exit);
        var badGround = await RunOnAsync(app, writer, "consultations", "request", "--ground", "invasion", "--summary", "x");
        Assert.Equal(2, badGround.Exit);
        Assert.Contains("renewed-aggression", badGround.Err, StringComparison.Ordinal);
        var badState = await RunOnAsync(app, reader, "consultations", "list", "--state", "late");
        Assert.Equal(2, badState.Exit);
        var noToken = await RunOnAsync(app, "consultations", "list");
        Assert.Equal(2, noToken.Exit);
        Assert.Contains("CUSSP_TOKEN", noToken.Err, StringComparison.Ordinal);
        var json2 = await RunOnAsync(app, reader, "consultations", "list", "--json");
        Assert.Single(JsonDocument.Parse(json2.Out).RootElement.GetProperty("items").EnumerateArray());
    }
}
