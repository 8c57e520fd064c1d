using System.CommandLine;
using Cussp.Identity;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Cli;

/// <summary><c>cussp tokens add</c>: personal access tokens for scripts and operators, issued from the host's shell.</summary>
internal static class TokenCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("tokens", "Personal access tokens for the API.",
        Add(output, errors));

    private static Command Add(TextWriter output, TextWriter errors)
    {
        var userName = new Argument<string>("USERNAME") { Description = "The account the token acts for, with that account's access and never more." };
        var scope = new Option<string>("--scope") { Description = "read, or read-write.", Required = true };
        var days = new Option<int>("--days") { Description = $"Days until it stops working: 1 to {AccessTokens.MaxLifetime.Days}.", Required = true };
        var name = new Option<string>("--name") { Description = "The token's name in the owner's list.", DefaultValueFactory = _ => "command line" };
        var cmd = new Command("add", "Issue a token; prints it once, alone on standard output, so TOKEN=$(cussp tokens add …) keeps it.")
            { userName, scope, days, name };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var scopeText = pr.GetValue(scope);
            if (TokenScopeNames.Parse(scopeText) is not { } scopes)
            {
                throw new CommandLineInputException($"--scope \"{scopeText}\": use {TokenScopeNames.Read} or {TokenScopeNames.ReadWrite}");
            }
            var lifetime = pr.GetValue(days);
            if (lifetime < 1 || lifetime > AccessTokens.MaxLifetime.Days)
            {
                throw new CommandLineInputException($"--days {lifetime}: between 1 and {AccessTokens.MaxLifetime.Days}");
            }
            var tokenName = pr.GetValue(name) ?? "";
            if (string.IsNullOrWhiteSpace(tokenName) || tokenName.Length > AccessTokenConfiguration.MaxName)
            {
                throw new CommandLineInputException($"--name \"{tokenName}\": 1 to {AccessTokenConfiguration.MaxName} characters");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var serviceScope = services.CreateAsyncScope();
            var user = await serviceScope.ServiceProvider.GetRequiredService<Accounts>().GetByNameAsync(AccountAdministrator.HostOperator,
                pr.GetRequiredValue(userName), ct);
            if (user.Disabled)
            {
                throw new CommandLineInputException($"{user.UserName} is disabled: its tokens would not work. Enable it first (cussp users enable).");
            }
            var (record, secret) = await serviceScope.ServiceProvider.GetRequiredService<AccessTokens>()
                .IssueAsync(user.Id, tokenName, scopes, Duration.FromDays(lifetime), ct);
            // The token alone on standard output, for a script to keep; what it is, on the error stream, for the person.
            await output.WriteLineAsync(secret);
            await errors.WriteLineAsync($"Issued a {TokenScopeNames.Name(record.Scopes)} token for {user.UserName}, valid until " +
                $"{InstantPattern.General.Format(record.ExpiresAt)}. It is not shown again.");
        }));
        return cmd;
    }
}
