using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Benchmarks.Commitments;

/// <summary>
/// Server time of the commitment pages on a database of 10,000 commitments and 500,000 progress updates (target: p95 under 150 ms
/// on SQLite and on PostgreSQL). The database is seeded here with synthetic commitments of every marking on the agreement's
/// provisions; the built server (<c>cussp.dll</c>) is then started on it, a reader signs in through the sign-in form, and each
/// page is asked for one request at a time, after a warm-up, beside the trivial <c>GET /api/v1</c> as the same run's baseline.
/// </summary>
internal static partial class CommitmentPagesRun
{
    public static int Run(string[] args)
    {
        var options = Options.Parse(args);
        var settings = new DatabaseSettings(options.Provider, options.DataDirectory, options.ConnectionString);
        var password = "bench " + Guid.NewGuid().ToString("N");
        var (sample, hidden) = SeedAsync(settings, options, password).GetAwaiter().GetResult();
        using var server = StartServer(options, settings);
        try
        {
            return MeasureAsync(options, password, sample, hidden).GetAwaiter().GetResult();
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private sealed record Options(DatabaseProvider Provider, string DataDirectory, string? ConnectionString, string Server, int Commitments, int Updates,
        int Requests)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            var provider = Value("--provider") is "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
            return new Options(provider, Value("--data") ?? throw new ArgumentException("--data DIR is required"), Value("--connection"),
                Value("--server") ?? throw new ArgumentException("--server PATH/cussp.dll is required"), Number("--commitments", 10_000),
                Number("--updates", 500_000), Number("--requests", 200));
        }
    }

    // Synthetic commitments on the agreement's provisions, every marking among them; updates spread over them, 2024 to 2026.
    private static async Task<(Guid Sample, Guid Hidden)> SeedAsync(DatabaseSettings settings, Options options, string password)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCusspCore(_ => settings);
        services.AddCusspAccounts();
        await using var provider = services.BuildServiceProvider();
        await DatabaseSetup.InitialiseAsync(provider);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var snapshot = (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId))!;
        var random = new Random(20240224);
        var start = Instant.FromUtc(2024, 3, 1, 0, 0);
        var span = Instant.FromUtc(2026, 11, 30, 0, 0) - start;
        var statuses = Enum.GetValues<CommitmentStatus>();
        var existing = await db.Commitments.CountAsync();
        var ids = new List<Guid>(options.Commitments);
        var sw = Stopwatch.StartNew();
        for (var i = existing; i < options.Commitments; i++)
        {
            var ordinal = random.Next(snapshot.Provisions.Count);
            var p = snapshot.Provisions[ordinal];
            var id = Guid.NewGuid();
            ids.Add(id);
            var classification = (SecurityClassification)random.Next(5);
            var releasability = random.Next(10) < 8 ? Releasability.RelCanUkr : (Releasability)random.Next(3);
            db.Commitments.Add(new CommitmentRecord
            {
                Id = id,
                AgreementId = AgreementRegister.CusspId,
                Citation = p.Citation,
                ProvisionOrdinal = ordinal,
                Title = $"Synthetic benchmark commitment {i} on {p.Citation}",
                LeadParticipant = random.Next(3) switch { 0 => Participant.Canada, 1 => Participant.Ukraine, _ => null },
                Status = statuses[random.Next(statuses.Length)],
                CreatedBy = "bench",
                CreatedAt = start,
                UpdatedAt = start,
                Originator = random.Next(2) == 0 ? Participant.Canada : Participant.Ukraine,
                Classification = classification,
                Releasability = releasability,
                // Half of those that may be are released to the public.
                ReleasedAt = classification == SecurityClassification.Unclassified && releasability == Releasability.RelCanUkr && random.Next(2) == 0
                    ? start : null,
                Area = KeyComponents.Ids[random.Next(KeyComponents.Ids.Count)],
                Version = 1,
            });
            if (ids.Count % 2_000 == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var all = await db.Commitments.Select(c => c.Id).ToListAsync();
        var hot = all[0];
        var existingUpdates = await db.CommitmentUpdates.CountAsync();
        for (var i = existingUpdates; i < options.Updates; i++)
        {
            // One commitment in a hundred gets a long history; the one shown on its page has 200 updates.
            var target = i < existingUpdates + 200 ? hot : all[random.Next(all.Count)];
            db.CommitmentUpdates.Add(new CommitmentUpdateRecord
            {
                Id = Guid.NewGuid(),
                CommitmentId = target,
                At = start + Duration.FromTicks((long)(random.NextDouble() * span.BclCompatibleTicks)),
                By = "bench",
                Text = $"Synthetic progress update {i}: training, deliveries and reporting as planned.",
                StatusBefore = statuses[random.Next(statuses.Length)],
                StatusAfter = statuses[random.Next(statuses.Length)],
            });
            if ((i + 1) % 10_000 == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        // Compliance scores for 2024 and 2025 on half of the new commitments, some scored twice in a year.
        var scored = 0;
        foreach (var id in ids.Where((_, i) => i % 2 == 0))
        {
            foreach (var year in new[] { 2024, 2025 })
            {
                for (var n = 0; n < 1 + random.Next(2); n++)
                {
                    db.ComplianceScores.Add(new ComplianceScoreRecord
                    {
                        Id = Guid.NewGuid(),
                        CommitmentId = id,
                        Year = year,
                        Score = random.Next(3) - 1,
                        Reason = "Synthetic benchmark score.",
                        By = "bench",
                        At = start,
                        CommitmentVersion = 2 + scored % 3,
                    });
                    if (++scored % 10_000 == 0)
                    {
                        await db.SaveChangesAsync();
                        db.ChangeTracker.Clear();
                    }
                }
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        // An indicator with quarterly measurements on one new commitment in ten.
        var indicators = 0;
        foreach (var id in ids.Where((_, i) => i % 10 == 0))
        {
            var indicator = new IndicatorRecord
            {
                Id = Guid.NewGuid(),
                CommitmentId = id,
                Name = "Synthetic benchmark indicator",
                Unit = IndicatorUnit.People,
                Baseline = 0,
                Target = 1_000,
                TargetDate = new LocalDate(2025, 12, 31),
                AddedBy = "bench",
                AddedAt = start,
            };
            for (var q = 0; q < 8; q++)
            {
                indicator.Measurements.Add(new MeasurementRecord
                {
                    Id = Guid.NewGuid(),
                    On = new LocalDate(2024, 6, 30).PlusMonths(3 * q),
                    Value = 100 * q + random.Next(100),
                    By = "bench",
                    At = start,
                });
            }
            db.Indicators.Add(indicator);
            if (++indicators % 1_000 == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        // Fresh statistics, as a database that grew to this size over time has.
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        var commitmentCount = await db.Commitments.CountAsync();
        var updateCount = await db.CommitmentUpdates.CountAsync();
        Console.WriteLine($"// seeded {commitmentCount:N0} commitments, {updateCount:N0} updates, {scored:N0} compliance scores and {indicators:N0} indicators with 8 measurements each on {settings.Provider} in {sw.Elapsed.TotalSeconds:N0} s");

        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        if (await users.FindByNameAsync("bench-reader") is null)
        {
            var reader = new UserAccount
            {
                Id = Guid.NewGuid(),
                UserName = "bench-reader",
                DisplayName = "Benchmark reader",
                Participant = Participant.Canada,
                OrganisationId = Organisations.JointSecretariatOf(Participant.Canada),
                Clearance = SecurityClassification.Secret,
                Roles = Roles.Viewer,
                Areas = [.. KeyComponents.Ids],
            };
            var created = await users.CreateAsync(reader, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
        else
        {
            var reader = (await users.FindByNameAsync("bench-reader"))!;
            await users.RemovePasswordAsync(reader);
            await users.AddPasswordAsync(reader, password);
        }
        var readable = AccessPolicy.Readable<CommitmentRecord>(new AccessSubject(Guid.Empty, "bench-reader", Participant.Canada, SecurityClassification.Secret,
            Roles.Viewer, [.. KeyComponents.Ids]));
        var visible = await db.Commitments.CountAsync(readable);
        Console.WriteLine($"// the reader (Canada, SECRET, every area) may read {visible:N0} of them");
        var readableHot = await db.Commitments.Where(readable).AnyAsync(c => c.Id == hot);
        var sample = readableHot ? hot : await db.Commitments.Where(readable).Select(c => c.Id).FirstAsync();
        return (sample, hot);
    }

    private static Process StartServer(Options options, DatabaseSettings settings)
    {
        var info = new ProcessStartInfo("dotnet", [options.Server, "--urls", "http://127.0.0.1:" + Port(options)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["CUSSP_DATA"] = settings.DataDirectory;
        info.Environment["Database__Provider"] = settings.Provider.ToString();
        if (settings.ConnectionString is { } cs)
        {
            info.Environment["ConnectionStrings__Cussp"] = cs;
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["RateLimits__RequestsPerSecond"] = "100000000";
        info.Environment["RateLimits__SignInsPerMinute"] = "100000";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("// server: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int Port(Options options) => 5180 + (options.Provider == DatabaseProvider.Postgres ? 1 : 0);

    private static async Task<int> MeasureAsync(Options options, string password, Guid sample, Guid hot)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{Port(options)}") };
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (i < 600)
            {
            }
            await Task.Delay(100);
        }
        var form = await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative));
        var token = Token().Match(form).Groups[1].Value;
        var signIn = await client.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "bench-reader",
            ["password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        if ((int)signIn.StatusCode is not (302 or 303) || signIn.Headers.Location?.OriginalString.Contains("signin", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)signIn.StatusCode} {signIn.Headers.Location}");
        }
        string[] pages =
        [
            "/api/v1",
            "/",
            "/agreements/cussp/components/defence-security",
            "/commitments",
            "/commitments?component=defence-security&status=substantial",
            "/commitments?page=40",
            $"/commitments/{sample}",
            "/api/v1/commitments/?pageSize=50",
            "/agreements/cussp/provisions/IV.A.2",
            "/commitments/compliance?year=2025",
            "/api/v1/commitments/compliance?year=2025",
            "/commitments/changes?since=2026-11-01",
            "/api/v1/commitments/changes?since=2026-11-01",
            "/public/commitments",
            "/api/v1/public/commitments/",
        ];
        Console.WriteLine($"// {options.Provider}: {options.Requests} requests per page, one at a time, after 20 to warm up; commitment page {sample} ({(sample == hot ? "200-update history" : "short history")})");
        Console.WriteLine("| page | p50 (ms) | p95 (ms) | max (ms) | bytes |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var page in pages)
        {
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i < options.Requests + 20; i++)
            {
                var sw = Stopwatch.StartNew();
                using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
                var body = await response.Content.ReadAsByteArrayAsync();
                sw.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{page}: {(int)response.StatusCode}");
                }
                bytes = body.Length;
                if (i >= 20)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            times.Sort();
            double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{page}` | {At(0.5):F1} | {At(0.95):F1} | {times[^1]:F1} | {bytes:N0} |"));
        }

        // The reports: whole files over every commitment the reader may read (target: the stock-take under 5 s).
        string[] reports =
        [
            "/api/v1/commitments/stocktake?year=2025&format=docx",
            "/api/v1/commitments/stocktake?year=2025&format=html",
            "/api/v1/commitments/stocktake?year=2025&format=md",
            "/commitments/stocktake?year=2025",
            "/api/v1/commitments/review?format=docx",
            "/api/v1/commitments/review?format=html",
            "/api/v1/commitments/export.xlsx",
            "/api/v1/commitments/export.csv",
        ];
        const int reportRuns = 5;
        Console.WriteLine();
        Console.WriteLine($"// {options.Provider}: reports, {reportRuns} requests each after one to warm up");
        Console.WriteLine("| report | median (s) | max (s) | bytes |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var report in reports)
        {
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i <= reportRuns; i++)
            {
                var sw = Stopwatch.StartNew();
                using var response = await client.GetAsync(new Uri(report, UriKind.Relative));
                var body = await response.Content.ReadAsByteArrayAsync();
                sw.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{report}: {(int)response.StatusCode}");
                }
                bytes = body.Length;
                if (i > 0)
                {
                    times.Add(sw.Elapsed.TotalSeconds);
                }
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{report}` | {times[times.Count / 2]:F2} | {times[^1]:F2} | {bytes:N0} |"));
        }
        return 0;
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*value=""([^""]+)""")]
    private static partial Regex Token();
}
