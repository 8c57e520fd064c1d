using System.CommandLine;
using System.CommandLine.Parsing;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Cli;

/// <summary>
/// The command line of <c>cussp</c>. With no sub-command, or <c>serve</c>, it serves the web app and API. Exit codes: 0 success,
/// 1 the work failed, 2 bad input or usage (with a message naming what and where).
/// </summary>
internal static class CusspCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    private static readonly Option<string?> Data = new("--data")
    {
        Description = "The data folder (SQLite database and keys); default ./cussp-data, or CUSSP_DATA.",
        Recursive = true,
    };

    private static readonly Option<string?> Urls = new("--urls")
    {
        Description = "Where to serve, e.g. http://127.0.0.1:5080 (or ASPNETCORE_URLS).",
    };

    // Settings that stand in for environment variables, for a caller in the same process (the tests) that must not change the
    // process's environment under other commands running at the same time.
    private static readonly AsyncLocal<IReadOnlyCollection<KeyValuePair<string, string?>>?> Settings = new();

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null,
        IReadOnlyCollection<KeyValuePair<string, string?>>? settings = null)
    {
        Settings.Value = settings;
        var output = stdout ?? Console.Out;
        var errors = stderr ?? Console.Error;
        var root = new RootCommand("CUSSP Desk: the working system of the Canada–Ukraine Strategic Security Partnership.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(Data);
        root.Options.Add(Urls);
        root.SetAction((pr, ct) => Run(errors, () => ServeAsync(pr, ct)));

        var serve = new Command("serve", "Serve the web application and the API (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.Options.Add(Urls);
        serve.SetAction((pr, ct) => Run(errors, () => ServeAsync(pr, ct)));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(AgreementCommands.Build(output, errors));
        root.Subcommands.Add(UserCommands.Build(output, errors));
        root.Subcommands.Add(TokenCommands.Build(output, errors));
        SanctionsCommands.Build(output, errors).ToList().ForEach(root.Subcommands.Add);
        root.Subcommands.Add(AuditCommands.Build(output, errors));
        root.Subcommands.Add(CommitmentCommands.Build(output, errors));
        root.Subcommands.Add(ObligationCommands.Build(output, errors));
        root.Subcommands.Add(MeetingCommands.Build(output, errors));
        root.Subcommands.Add(ConsultationCommands.Build(output, errors));
        root.Subcommands.Add(CalendarCommands.Build(output, errors));
        root.Subcommands.Add(DemoCommands.Build(output, errors));
        root.Subcommands.Add(ReportCommands.Build(output, errors));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await errors.WriteLineAsync($"cussp: {e.Message}");
            }
            await errors.WriteLineAsync("Try 'cussp --help'.");
            return BadInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
    }

    private static async Task ServeAsync(ParseResult pr, CancellationToken ct)
    {
        // Host arguments (--environment=…, --contentRoot=…) pass through; a stray word is a mistyped command.
        var tokens = pr.UnmatchedTokens;
        var stray = tokens.Where((t, i) => !t.StartsWith('-') && (i == 0 || !tokens[i - 1].StartsWith('-') || tokens[i - 1].Contains('=', StringComparison.Ordinal)))
            .FirstOrDefault();
        if (stray is not null)
        {
            throw new CommandLineInputException($"'{stray}' is not a command. Try 'cussp --help'.");
        }
        var app = WebApp.Build([.. pr.UnmatchedTokens], pr.GetValue(Urls), pr.GetValue(Data));
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
    }

    /// <summary>The configuration of command-line work on <paramref name="dataDirectory"/> (null: the configured or default one).</summary>
    internal static IConfiguration ConfigurationFor(string? dataDirectory) => Configuration.ForCommandLine(dataDirectory, Settings.Value);

    /// <summary>The configuration of the command <paramref name="pr"/> names.</summary>
    internal static IConfiguration SettingsOf(ParseResult pr) => ConfigurationFor(pr.GetValue(Data));

    /// <summary>Builds the services a command-line job needs, on the configured database, brought up to date.</summary>
    internal static async Task<ServiceProvider> ServicesAsync(ParseResult pr, CancellationToken ct)
    {
        var settings = DatabaseSettingsFor(pr);
        var services = new ServiceCollection();
        services.AddSingleton(Configuration.Notifications(ConfigurationFor(pr.GetValue(Data))));
        services.AddLogging();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddCusspCore(_ => settings);
        services.AddCusspAccounts();
        var provider = services.BuildServiceProvider();
        await DatabaseSetup.InitialiseAsync(provider, ct);
        return provider;
    }

    /// <summary>The database settings of the data folder the command names (or the configured or default one).</summary>
    internal static DatabaseSettings DatabaseSettingsFor(ParseResult pr) => Configuration.Database(ConfigurationFor(pr.GetValue(Data)));

    /// <summary>
    /// Runs a command's work, the one place where errors become exit codes: bad input (the command line's, a use case's or a host
    /// setting's) exits 2, a failed read or write 1, each with one line on standard error. Anything else is a fault of the program.
    /// </summary>
    internal static async Task<int> Run(TextWriter errors, Func<Task> work)
    {
        try
        {
            await work();
            return Ok;
        }
        catch (Exception e) when (ExitCode(e) is { } code)
        {
            await errors.WriteLineAsync($"cussp: {e.Message}");
            return code;
        }
    }

    private static int? ExitCode(Exception e) => e switch
    {
        CommandLineInputException or InvalidInputException or RefusedException or NotFoundException or ConflictException or ConfigurationException
            or AgreementFormatException or Screening.ListFormatException => BadInput,
        IOException or UnauthorizedAccessException or InvalidDataException or Microsoft.EntityFrameworkCore.DbUpdateException
            or System.Data.Common.DbException or Audit.AuditLogDamagedException => Failed,
        _ => null,
    };

    /// <summary>A command that only groups <paramref name="subcommands"/>.</summary>
    internal static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        subcommands.ToList().ForEach(group.Subcommands.Add);
        return group;
    }

    /// <summary>Reads an ISO date option, or explains what is wrong with it.</summary>
    internal static LocalDate? IsoDate(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success ? parsed.Value : throw new CommandLineInputException($"{option} \"{text}\": not a calendar date in the form YYYY-MM-DD");
    }
}

/// <summary>Bad input on the command line: reported with exit code 2.</summary>
internal sealed class CommandLineInputException(string message) : Exception(message);
