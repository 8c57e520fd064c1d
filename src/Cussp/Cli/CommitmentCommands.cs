using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Commitments;
using Cussp.Features.Commitments;
using Cussp.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Cli;

/// <summary>
/// <c>cussp commitments list|show|export|changes</c>. Commitments are marked records: the command reads them as the owner of the personal
/// access token in <c>CUSSP_TOKEN</c> (issued with <c>cussp tokens add</c>), with that account's access and never more, and each read
/// is in the audit log under that account.
/// </summary>
internal static class CommitmentCommands
{
    /// <summary>The setting (an environment variable) that holds the token a command reads as.</summary>
    public const string TokenSetting = "CUSSP_TOKEN";

    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("commitments",
        $"Read the commitments, as the owner of the access token in {TokenSetting}.",
        List(output, errors),
        Show(output, errors),
        Export(output, errors),
        Changes(output, errors));

    private sealed record Filters(Option<string> Agreement, Option<string?> Component, Option<string?> Part, Option<string?> Lead, Option<string?> Status)
    {
        public static Filters Create() => new(
            new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId },
            new Option<string?>("--component") { Description = "A key component id, or framework: commitments on provisions that serve it." },
            new Option<string?>("--part") { Description = "A part or section citation (IV, IV.K): commitments on provisions inside it." },
            new Option<string?>("--lead") { Description = "canada, ukraine or both." },
            new Option<string?>("--status") { Description = "not-started, started, limited, substantial, complete, ongoing, at-risk or broken." });

        public void AddTo(Command command)
        {
            command.Options.Add(Agreement);
            command.Options.Add(Component);
            command.Options.Add(Part);
            command.Options.Add(Lead);
            command.Options.Add(Status);
        }

        public Task<CommitmentFilter> ReadAsync(CommitmentTracker tracker, ParseResult pr, CancellationToken ct) =>
            tracker.ReadFilterAsync(pr.GetRequiredValue(Agreement), pr.GetValue(Component), pr.GetValue(Part), pr.GetValue(Lead), pr.GetValue(Status), ct);
    }

    private static Command List(TextWriter output, TextWriter errors)
    {
        var filters = Filters.Create();
        var page = new Option<int>("--page") { Description = "Which page, from 1.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = $"Commitments per page, 1 to {CommitmentTracker.MaxPageSize}.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the page as JSON, as the API answers it." };
        var cmd = new Command("list", "List the commitments you may read, in the agreement's order, one per line.") { page, pageSize, json };
        filters.AddTo(cmd);
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var (p, size) = (pr.GetValue(page), pr.GetValue(pageSize));
            if (p < 1 || size < 1 || size > CommitmentTracker.MaxPageSize)
            {
                throw new CommandLineInputException($"--page from 1, --page-size from 1 to {CommitmentTracker.MaxPageSize}");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await ReaderAsync(scope.ServiceProvider, pr, ct);
            var tracker = scope.ServiceProvider.GetRequiredService<CommitmentTracker>();
            var filter = await filters.ReadAsync(tracker, pr, ct);
            var (items, total) = await tracker.ListAsync(subject, pr.GetRequiredValue(filters.Agreement), filter, p, size, ct);
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new CommitmentsApi.CommitmentPage(
                    [.. items.Select(c => CommitmentsApi.CommitmentDto.From(c, withUpdates: false))], total, p, size), CommitmentExport.JsonOptions));
                return;
            }
            foreach (var c in items)
            {
                await output.WriteLineAsync(string.Join("  ", c.Citation.PadRight(12), c.Status.Name().PadRight(11), c.Lead().Name().PadRight(7),
                    c.Id, Marking.Of(c), Shorten(c.Title)));
            }
            var first = (p - 1) * size + 1;
            await errors.WriteLineAsync(items.Count == 0
                ? $"No commitments on page {p} ({total} in all that you may read)."
                : $"Commitments {first}–{first + items.Count - 1} of {total} that you may read.");
        }));
        return cmd;
    }

    private static Command Show(TextWriter output, TextWriter errors)
    {
        var id = new Argument<string>("ID") { Description = "The commitment's id." };
        var json = new Option<bool>("--json") { Description = "Print it as JSON, as the API answers it." };
        var cmd = new Command("show", "Show one commitment with its history of progress updates and its indicators.") { id, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var text = pr.GetRequiredValue(id);
            if (!Guid.TryParse(text, out var commitmentId))
            {
                throw new CommandLineInputException($"ID \"{text}\": not a commitment id (ids look like 3f2c…-…, as 'cussp commitments list' prints them)");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await ReaderAsync(scope.ServiceProvider, pr, ct);
            var c = await scope.ServiceProvider.GetRequiredService<CommitmentTracker>().GetAsync(subject, commitmentId, ct)
                ?? throw CommitmentTracker.NotFound(commitmentId);
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(CommitmentsApi.CommitmentDto.From(c, withUpdates: true), CommitmentExport.JsonOptions));
                return;
            }
            var dto = CommitmentsApi.CommitmentDto.From(c, withUpdates: true);
            var lines = new StringBuilder()
                .AppendLine(dto.Marking)
                .AppendLine(CultureInfo.InvariantCulture, $"{dto.Citation}: {dto.Title}")
                .AppendLine(CultureInfo.InvariantCulture, $"Id:      {dto.Id}")
                .AppendLine(CultureInfo.InvariantCulture, $"Lead:    {dto.Lead}")
                .AppendLine(CultureInfo.InvariantCulture, $"Status:  {dto.Status}")
                .AppendLine(CultureInfo.InvariantCulture, $"Created: {dto.CreatedAt} by {dto.CreatedBy}")
                .AppendLine(CultureInfo.InvariantCulture, $"Version: {dto.Version}, last changed {dto.UpdatedAt}");
            lines.AppendLine(dto.Updates!.Length == 0 ? "No progress updates." : "Progress updates:");
            foreach (var u in dto.Updates)
            {
                lines.AppendLine(CultureInfo.InvariantCulture, $"  {u.At} {u.By} ({u.StatusBefore} -> {u.StatusAfter}): {u.Text.ReplaceLineEndings(" ")}");
            }
            lines.AppendLine(dto.Indicators!.Length == 0 ? "No indicators." : "Indicators:");
            foreach (var i in dto.Indicators)
            {
                var by = i.TargetDate is null ? "" : $" by {i.TargetDate}";
                var latest = i.Latest is { } l ? $"latest {l.ToString(CultureInfo.InvariantCulture)} on {i.LatestOn} ({i.PercentOfTarget} % of the way)" : "not measured yet";
                lines.AppendLine(CultureInfo.InvariantCulture,
                    $"  {i.Name} ({i.Unit}): baseline {i.Baseline.ToString(CultureInfo.InvariantCulture)}, target {i.Target.ToString(CultureInfo.InvariantCulture)}{by}; {latest}");
                foreach (var m in i.Measurements)
                {
                    lines.AppendLine(CultureInfo.InvariantCulture, $"    {m.On} {m.Value.ToString(CultureInfo.InvariantCulture)} {m.By}{(m.Note is null ? "" : ": " + m.Note.ReplaceLineEndings(" "))}");
                }
            }
            lines.AppendLine(dto.Marking);
            await output.WriteAsync(lines.ToString());
        }));
        return cmd;
    }

    private static Command Export(TextWriter output, TextWriter errors)
    {
        var filters = Filters.Create();
        var format = new Option<string>("--format") { Description = "csv, xlsx (with --out) or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx", "json");
        var outFile = new Option<FileInfo?>("--out") { Description = "The file to write (written whole or not at all); standard output without it." };
        var cmd = new Command("export", "Write every commitment you may read, each row with its marking.") { format, outFile };
        filters.AddTo(cmd);
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var target = pr.GetValue(outFile);
            var kind = pr.GetRequiredValue(format);
            if (target is not null)
            {
                OutputFile.CheckFolder(target);
            }
            else if (kind == "xlsx")
            {
                throw new CommandLineInputException("--format xlsx writes a workbook, not text: name the file with --out FILE");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await ReaderAsync(scope.ServiceProvider, pr, ct);
            var tracker = scope.ServiceProvider.GetRequiredService<CommitmentTracker>();
            var agreement = pr.GetRequiredValue(filters.Agreement);
            // Read before anything is written, so that a bad agreement or filter writes no file.
            var filter = await filters.ReadAsync(tracker, pr, ct);
            var rows = CommitmentExport.ReadAllAsync(tracker, subject, agreement, filter, ct);
            var count = 0;
            async Task WriteAsync(Stream stream)
            {
                if (kind == "json")
                {
                    count = await CommitmentExport.WriteJsonAsync(rows, stream, ct);
                    return;
                }
                if (kind == "xlsx")
                {
                    count = await CommitmentExport.WriteXlsxAsync(rows, stream, ct);
                    return;
                }
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                count = await CommitmentExport.WriteCsvAsync(rows, writer, ct);
            }
            if (target is null)
            {
                await using var buffer = new MemoryStream();
                await WriteAsync(buffer);
                await output.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()));
                await errors.WriteLineAsync($"{count} commitments.");
                return;
            }
            await OutputFile.WriteAsync(target, WriteAsync);
            await errors.WriteLineAsync($"Wrote {target.FullName}: {count} commitments.");
        }));
        return cmd;
    }

    private static Command Changes(TextWriter output, TextWriter errors)
    {
        var agreement = new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId };
        var since = new Option<string?>("--since") { Description = "YYYY-MM-DD: changes from the start of that day in Kyiv; 30 days ago when left out." };
        var page = new Option<int>("--page") { Description = "Which page, from 1.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = $"Changes per page, 1 to {CommitmentChanges.MaxPageSize}.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the page as JSON, as the API answers it." };
        var cmd = new Command("changes", "What changed in the commitments you may read since a date, newest first, one change per line.")
            { agreement, since, page, pageSize, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var (p, size) = (pr.GetValue(page), pr.GetValue(pageSize));
            if (p < 1 || size < 1 || size > CommitmentChanges.MaxPageSize)
            {
                throw new CommandLineInputException($"--page from 1, --page-size from 1 to {CommitmentChanges.MaxPageSize}");
            }
            if (!CommitmentsApi.TryParseDate(pr.GetValue(since), out var date))
            {
                throw new CommandLineInputException($"--since \"{pr.GetValue(since)}\": write the date as YYYY-MM-DD");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await ReaderAsync(scope.ServiceProvider, pr, ct);
            var changes = scope.ServiceProvider.GetRequiredService<CommitmentChanges>();
            var from = date ?? changes.DefaultSince();
            var (items, total) = await changes.SinceAsync(subject, pr.GetRequiredValue(agreement), from, p, size, ct);
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new CommitmentsApi.ChangePage(NodaTime.Text.LocalDatePattern.Iso.Format(from),
                    [.. items.Select(CommitmentsApi.ChangeDto.From)], total, p, size), CommitmentExport.JsonOptions));
                return;
            }
            foreach (var c in items.Select(CommitmentsApi.ChangeDto.From))
            {
                var detail = c.Kind switch
                {
                    "update" when c.StatusBefore != c.StatusAfter => $"({c.StatusBefore} -> {c.StatusAfter}) {c.Text}",
                    "measurement" => $"{c.Text}: {c.Value?.ToString(CultureInfo.InvariantCulture)} {c.Unit}",
                    "score" => $"{c.Year}: {c.Score:+0;-0;0} {c.Text}",
                    _ => c.Text ?? "",
                };
                await output.WriteLineAsync(string.Join("  ", c.At, c.Kind.PadRight(11), c.Commitment.Citation.PadRight(12), c.Commitment.Id, c.By,
                    Shorten(detail.ReplaceLineEndings(" "))));
            }
            var first = (p - 1) * size + 1;
            await errors.WriteLineAsync(items.Count == 0
                ? $"No changes on page {p} ({total} since {from:uuuu-MM-dd} in what you may read)."
                : $"Changes {first}–{first + items.Count - 1} of {total} since {from:uuuu-MM-dd} in what you may read.");
        }));
        return cmd;
    }

    /// <summary>
    /// The subject a command reads as: the owner of the token in <see cref="TokenSetting"/>, narrowed to its scopes. The audit log
    /// names that account for everything the command reads.
    /// </summary>
    internal static async Task<AccessSubject> ReaderAsync(IServiceProvider services, ParseResult pr, CancellationToken ct)
    {
        var secret = CusspCli.SettingsOf(pr)[TokenSetting];
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new CommandLineInputException(
                $"{TokenSetting} is not set: commitments and meetings are marked records, read as the owner of a personal access token. " +
                $"Issue one with 'cussp tokens add USERNAME --scope read --days 1' and put it in {TokenSetting}.");
        }
        var found = await services.GetRequiredService<AccessTokens>().FindAsync(secret.Trim(), ct)
            ?? throw new CommandLineInputException($"{TokenSetting} is not a live token: it is unknown, expired or revoked, or its owner is disabled.");
        var (token, user) = found;
        var subject = user.ActingAs(token.Scopes) ?? throw new CommandLineInputException(
            $"{user.UserName} acts as no one until a new password is chosen and any second factor the account's roles need is set up (on the web).");
        services.GetRequiredService<AuditTrail>().ActAs(AuditActor.User(user.Id.ToString(), user.UserName ?? user.Id.ToString()));
        return subject;
    }

    private static string Shorten(string title) => title.Length > 80 ? title[..79] + "…" : title;
}
