using Cussp.Cli;

namespace Cussp.Web.Tests.Cli;

/// <summary>The administration rules as the host operator meets them at <c>cussp users …</c>, on a throwaway SQLite data folder.</summary>
public sealed class UserAdministrationCommandsTests : CliTest
{
    [Fact]
    public async Task UsersAdd_OrganisationByShortName_OnlyOneOfTheParticipantsOwn()
    {
        var ok = await RunAsync("users", "add", "sbu-officer", "--name", "SBU officer", "--participant", "Ukraine", "--organisation", "sbu");
        Assert.Equal(0, ok.Exit);

        var (exit, output, error) = await RunAsync("users", "add", "mixed-up", "--name", "Mixed", "--participant", "Canada", "--organisation", "SBU");

        Assert.Equal(2, exit);
        Assert.Contains("organisation: Canada has no organisation \"SBU\"; use ", error, StringComparison.Ordinal);
        Assert.Contains("GAC", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.DoesNotContain("mixed-up", (await RunAsync("users", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersDisable_LastActiveAdministratorOfAParticipant_ExitsTwoAndTheAccountStaysEnabled()
    {
        Assert.Equal(0, (await RunAsync("users", "add", "ua-admin", "--name", "UA admin", "--participant", "Ukraine", "--roles", "administrator")).Exit);

        var (exit, _, error) = await RunAsync("users", "disable", "ua-admin");

        Assert.Equal(2, exit);
        Assert.Contains("ua-admin is the last active administrator of Ukraine", error, StringComparison.Ordinal);
        Assert.Matches(@"ua-admin\s+Ukraine\s+\S+\s+no\s+active", (await RunAsync("users", "list")).Out);
        Assert.Equal(0, (await RunAsync("users", "add", "ua-admin-2", "--name", "UA admin 2", "--participant", "Ukraine", "--roles", "administrator")).Exit);
        Assert.Equal(0, (await RunAsync("users", "disable", "ua-admin")).Exit);
    }
}
