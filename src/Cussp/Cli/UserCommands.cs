using System.CommandLine;
using Cussp.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Cli;

/// <summary><c>cussp users add|set|list|disable|enable|reset-2fa|reset-password</c>: account administration from the host's shell.</summary>
internal static class UserCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("users", "Manage accounts.",
        Add(output, errors),
        Set(output, errors),
        List(output, errors),
        Simple("disable", "Disable an account: it cannot sign in, its sessions end and its tokens stop.", output, errors,
            async (a, name) => { await a.SetDisabledAsync(AccountAdministrator.HostOperator, name, true); return $"{name} disabled."; }),
        Simple("enable", "Enable a disabled account again.", output, errors,
            async (a, name) => { await a.SetDisabledAsync(AccountAdministrator.HostOperator, name, false); return $"{name} enabled."; }),
        Simple("reset-2fa", "Remove an account's authenticator and recovery codes; it enrols again at its next sign-in.",
            output, errors, async (a, name) => { await a.ResetTwoFactorAsync(AccountAdministrator.HostOperator, name); return $"Two-factor sign-in of {name} reset."; }),
        Simple("reset-password", "Give an account a new one-time password (printed once).", output, errors,
            async (a, name) => $"One-time password of {name}: {await a.ResetPasswordAsync(AccountAdministrator.HostOperator, name)}  (it must be changed at sign-in)"));

    private static Command Add(TextWriter output, TextWriter errors)
    {
        var userName = new Argument<string>("USERNAME") { Description = "Sign-in name (letters, digits, - . _ @)." };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var participant = new Option<string>("--participant") { Description = "Canada or Ukraine.", Required = true };
        var organisation = new Option<string>("--organisation")
        {
            Description = "Short name of one of the participant's organisations (GAC, RCMP, SBU …); default: its joint secretariat (JS-CAN, JS-UKR).",
        };
        var clearance = new Option<string>("--clearance")
        {
            Description = "UNCLASSIFIED, \"PROTECTED A\", \"PROTECTED B\", CONFIDENTIAL or SECRET.",
            DefaultValueFactory = _ => "UNCLASSIFIED",
        };
        var roles = new Option<string>("--roles")
        {
            Description = "Comma-separated: viewer, contributor, approver, administrator, auditor.",
            DefaultValueFactory = _ => "viewer",
        };
        var areas = new Option<string>("--areas") { Description = "Comma-separated areas of need: key component ids, or framework.", DefaultValueFactory = _ => "" };
        var cmd = new Command("add", "Create an account; prints its one-time password once.")
            { userName, name, participant, organisation, clearance, roles, areas };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            if (!MarkingLabels.TryParseParticipant(pr.GetValue(participant), out var p))
            {
                throw new CommandLineInputException($"--participant \"{pr.GetValue(participant)}\": use Canada or Ukraine");
            }
            var c = Clearance(pr.GetValue(clearance));
            var r = RoleList(pr.GetValue(roles));
            var areaList = AreaList(pr.GetValue(areas));
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var organisationName = pr.GetValue(organisation)
                ?? Organisations.Seed.First(o => o.Id == Organisations.JointSecretariatOf(p)).ShortName;
            var (user, password) = await scope.ServiceProvider.GetRequiredService<Accounts>().CreateAsync(AccountAdministrator.HostOperator,
                new AccountInput(pr.GetRequiredValue(userName), pr.GetRequiredValue(name), p, organisationName, c, r, areaList), ct);
            await output.WriteLineAsync($"Created {user.UserName} ({user.Participant}, {user.Clearance.Label()}, {user.Roles}).");
            await output.WriteLineAsync($"One-time password: {password}  (it must be changed at first sign-in; it is not shown again)");
            if (user.RequiresTwoFactor)
            {
                await output.WriteLineAsync("This account's roles require an authenticator app: it is set up at first sign-in.");
            }
        }));
        return cmd;
    }

    private static Command Set(TextWriter output, TextWriter errors)
    {
        var userName = new Argument<string>("USERNAME") { Description = "The account's sign-in name." };
        var clearance = new Option<string?>("--clearance") { Description = "UNCLASSIFIED, \"PROTECTED A\", \"PROTECTED B\", CONFIDENTIAL or SECRET." };
        var roles = new Option<string?>("--roles") { Description = "Comma-separated, replacing the account's: viewer, contributor, approver, administrator, auditor." };
        var areas = new Option<string?>("--areas") { Description = "Comma-separated areas (key component ids, or framework), replacing the account's areas (\"\" for none)." };
        var cmd = new Command("set", "Change an account's clearance, roles or areas; what is not given stays as it is.") { userName, clearance, roles, areas };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var (newClearance, newRoles, newAreas) = (pr.GetValue(clearance), pr.GetValue(roles), pr.GetValue(areas));
            if (newClearance is null && newRoles is null && newAreas is null)
            {
                throw new CommandLineInputException("users set: give at least one of --clearance, --roles, --areas");
            }
            var c = newClearance is null ? (SecurityClassification?)null : Clearance(newClearance);
            var r = newRoles is null ? (Roles?)null : RoleList(newRoles);
            IReadOnlyList<string>? a = newAreas is null ? null : AreaList(newAreas);
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
            var user = await accounts.GetByNameAsync(AccountAdministrator.HostOperator, pr.GetRequiredValue(userName), ct);
            // The account keeps its organisation; one it never had (set up outside the use cases) becomes its joint secretariat.
            var organisation = user.Organisation?.ShortName
                ?? Organisations.Seed.First(o => o.Id == Organisations.JointSecretariatOf(user.Participant)).ShortName;
            var updated = await accounts.UpdateAsync(AccountAdministrator.HostOperator, user.Id, new AccountInput(user.UserName!, user.DisplayName,
                user.Participant, organisation, c ?? user.Clearance, r ?? user.Roles, a ?? user.Areas), ct);
            await output.WriteLineAsync(
                $"{updated.UserName}: {updated.Clearance.Label()}, {updated.Roles} / {(updated.Areas.Count == 0 ? "no areas" : string.Join(",", updated.Areas))}.");
            if (updated.RequiresTwoFactor && !updated.TwoFactorEnabled)
            {
                await output.WriteLineAsync("This account's roles require an authenticator app: it is set up at its next sign-in.");
            }
        }));
        return cmd;
    }

    private static SecurityClassification Clearance(string? text) =>
        MarkingLabels.TryParseClassification(text, out var c)
            ? c
            : throw new CommandLineInputException($"--clearance \"{text}\": use UNCLASSIFIED, \"PROTECTED A\", \"PROTECTED B\", CONFIDENTIAL or SECRET");

    private static Roles RoleList(string? text) =>
        MarkingLabels.TryParseRoles(text, out var r)
            ? r
            : throw new CommandLineInputException($"--roles \"{text}\": use a comma-separated list of viewer, contributor, approver, administrator, auditor");

    private static string[] AreaList(string? text)
    {
        var list = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return MarkingLabels.AreAreas(list) ? list : throw new CommandLineInputException($"--areas \"{text}\": each must be a key component id or framework");
    }

    private static Command List(TextWriter output, TextWriter errors)
    {
        var cmd = new Command("list", "List the accounts.");
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var all = await scope.ServiceProvider.GetRequiredService<Accounts>().ListAsync(AccountAdministrator.HostOperator, ct);
            if (all.Count == 0)
            {
                await output.WriteLineAsync("No accounts yet: the first start of the server creates the administrator.");
                return;
            }
            // Accounts are never locked; a name whose failed sign-ins make the next attempt wait says so, with how long.
            var waiting = await scope.ServiceProvider.GetRequiredService<SignInThrottle>()
                .WaitingNamesAsync(all.Select(u => u.NormalizedUserName ?? ""), ct);
            await output.WriteLineAsync($"{"USER",-20} {"PARTICIPANT",-11} {"CLEARANCE",-13} {"2FA",-4} {"STATE",-9} ROLES / AREAS");
            foreach (var u in all)
            {
                var state = u.Disabled ? "disabled" : waiting.ContainsKey(u.NormalizedUserName ?? "") ? "throttled" : "active";
                await output.WriteLineAsync(
                    $"{u.UserName,-20} {u.Participant,-11} {u.Clearance.Label(),-13} {(u.TwoFactorEnabled ? "yes" : "no"),-4} {state,-9} {u.Roles} / {string.Join(",", u.Areas)}");
            }
            foreach (var u in all.Where(u => !u.Disabled && waiting.ContainsKey(u.NormalizedUserName ?? "")))
            {
                await output.WriteLineAsync(
                    $"Throttled after failed sign-ins: {u.UserName} may try again in {(long)Math.Ceiling(waiting[u.NormalizedUserName!].TotalSeconds)} s.");
            }
        }));
        return cmd;
    }

    private static Command Simple(string verb, string description, TextWriter output, TextWriter errors, Func<Accounts, string, Task<string>> work)
    {
        var userName = new Argument<string>("USERNAME") { Description = "The account's sign-in name." };
        var cmd = new Command(verb, description) { userName };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            await output.WriteLineAsync(await work(scope.ServiceProvider.GetRequiredService<Accounts>(), pr.GetRequiredValue(userName)));
        }));
        return cmd;
    }
}
