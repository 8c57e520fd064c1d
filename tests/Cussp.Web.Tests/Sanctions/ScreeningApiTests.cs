using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Sanctions;

public class ScreeningApiTests
{
    private static async Task<HttpClient> ViewerAsync(CusspApp app)
    {
        var user = await app.CreateUserAsync("screener", password: null);
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "t", TokenScopes.Read, Duration.FromDays(1), TestContext.Current.CancellationToken);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task Screening_BadInput_MeetsClearLimits()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await ViewerAsync(app);

        var ok = await client.PostAsJsonAsync("/api/v1/screening/", new { name = "Volodymyr Zelenskyy" }, ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var tooMany = await client.PostAsJsonAsync("/api/v1/screening/", new { names = Enumerable.Range(0, 1001).Select(i => new { name = $"Name {i}" }) }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("1,000", await tooMany.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var control = await client.PostAsJsonAsync("/api/v1/screening/", new { name = "Ivan\u0000Petrov" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        var huge = await client.PostAsJsonAsync("/api/v1/screening/", new { name = new string('a', 5000) }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);

        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/screening/", new { name = "Ivan Petrov" }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
