using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// Indicators and measurements over the API: added with If-Match by writers, read back against their target, and every bad value
/// (an unknown unit, a measurement in another unit, a date outside the agreement's term or still to come) a 400 naming its field,
/// with nothing written.
/// </summary>
public class IndicatorsApiTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> ClientAsync(CusspApp app, string name, Participant participant, Roles roles) =>
        app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync(name, participant, SecurityClassification.Secret, roles, [Demining],
            password: null), TokenScopes.Read | TokenScopes.Write));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, int? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative))
        {
            Content = body as HttpContent ?? JsonContent.Create(body),
        };
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        }
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];
    }

    [Theory, Databases]
    public async Task Indicators_AndMeasurements_AreAddedWithTheVersion_AndBadValuesAreNamedByField(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 9, 30, 12, 0));
        var writer = await ClientAsync(app, "ua-writer", Participant.Ukraine, Roles.Viewer | Roles.Contributor);
        var viewer = await ClientAsync(app, "can-viewer", Participant.Canada, Roles.Viewer);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Where(c => c.Area == Demining)
                .OrderBy(c => c.ProvisionOrdinal).Select(c => c.Id).FirstAsync(Ct);
        }
        var url = $"/api/v1/commitments/{id}/indicators";

        var added = await PostAsync(writer, url, new { name = "Land released", unit = "hectares", baseline = 0, target = 20000, targetDate = "2026-12-31" }, 1);
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"2\"", added.Headers.ETag!.Tag);
        var indicator = (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("indicators")[0];
        Assert.Equal("hectares", indicator.GetProperty("unit").GetString());
        var measurements = $"{url}/{indicator.GetProperty("id").GetGuid()}/measurements";

        var measured = await PostAsync(writer, measurements, new { on = "2025-09-30", value = 5000.25m, unit = "HECTARES", note = "Kharkiv survey" }, 2);
        Assert.True(measured.StatusCode == HttpStatusCode.Created, await measured.Content.ReadAsStringAsync(Ct));
        var shown = (await measured.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("indicators")[0];
        Assert.Equal(5000.25m, shown.GetProperty("latest").GetDecimal());
        Assert.Equal("2025-09-30", shown.GetProperty("latestOn").GetString());
        Assert.Equal(25, shown.GetProperty("percentOfTarget").GetInt32());
        Assert.Equal("Kharkiv survey", shown.GetProperty("measurements")[0].GetProperty("note").GetString());

        Assert.Equal(["unit"], await FieldsAsync(await PostAsync(writer, measurements, new { on = "2025-09-01", value = 3, unit = "km" }, 3)));
        Assert.Equal(["on"], await FieldsAsync(await PostAsync(writer, measurements, new { on = "2024-02-23", value = 3 }, 3)));
        Assert.Equal(["on"], await FieldsAsync(await PostAsync(writer, measurements, new { on = "2025-10-02", value = 3 }, 3)));
        Assert.Equal(["on", "unit"], await FieldsAsync(await PostAsync(writer, measurements, new { on = "30/09/2025", value = 3, unit = "acres" }, 3)));
        Assert.Equal(["on", "value"], await FieldsAsync(await PostAsync(writer, measurements, new { on = "2034-02-25", value = -1 }, 3)));
        Assert.Equal(["targetDate", "unit"], await FieldsAsync(await PostAsync(writer, url, new { name = "x", unit = "furlongs", baseline = 0, target = 1, targetDate = "soon" }, 3)));
        Assert.Equal(["name", "target"], await FieldsAsync(await PostAsync(writer, url, new { name = "", unit = "percent", baseline = 0, target = 101 }, 3)));
        var notNumber = await PostAsync(writer, measurements, new StringContent("""{"on":"2025-09-01","value":"many"}""", Encoding.UTF8, "application/json"), 3);
        Assert.Equal(HttpStatusCode.BadRequest, notNumber.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostAsync(writer, measurements, new { on = "2025-09-01", value = 3 }, 2)).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await PostAsync(writer, measurements, new { on = "2025-09-01", value = 3 }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, measurements, new { on = "2025-09-01", value = 3 }, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(writer, $"{url}/{Guid.NewGuid()}/measurements", new { on = "2025-09-01", value = 3 }, 3)).StatusCode);

        var read = await viewer.GetAsync(new Uri($"/api/v1/commitments/{id}", UriKind.Relative), Ct);
        Assert.Equal("\"3\"", read.Headers.ETag!.Tag);
        var after = (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("indicators");
        Assert.Equal(1, after.GetArrayLength());
        Assert.Equal(1, after[0].GetProperty("measurements").GetArrayLength());
    }
}
