using System.CommandLine;
using Cussp.Audit;
using Cussp.Data;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Cli;

/// <summary><c>cussp audit verify|export|key</c>.</summary>
internal static class AuditCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("audit", "Check, export and prove the tamper-evident audit log.",
        Verify(output, errors),
        Export(errors),
        Key(output, errors));

    private static Option<FileInfo?> PublicKeyOption() => new("--public-key")
    {
        Description = "Check signatures with this PEM public key (from 'cussp audit key') instead of the server's own key file.",
    };

    private static Command Verify(TextWriter output, TextWriter errors)
    {
        var publicKey = PublicKeyOption();
        var anchor = new Option<FileInfo?>("--anchor")
        {
            Description = "An earlier export (from 'cussp audit export'): the log must still contain its latest checkpoint, so it was not cut back.",
        };
        var cmd = new Command("verify", "Recompute the log's Merkle tree and check every checkpoint; exit 1 naming the first bad entry.") { publicKey, anchor };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            await using var services = Services(pr);
            var key = await KeyAsync(services, pr.GetValue(publicKey), ct);
            var settings = services.GetRequiredService<DatabaseSettings>();
            AuditAnchor? held = null;
            if (pr.GetValue(anchor) is { } file)
            {
                if (!file.Exists)
                {
                    throw new CommandLineInputException($"--anchor {file.FullName}: no such file");
                }
                try
                {
                    await using var stream = file.OpenRead();
                    held = AuditAnchor.FromExport(stream);
                }
                catch (FormatException e)
                {
                    throw new CommandLineInputException($"--anchor {file.FullName}: {e.Message}");
                }
            }
            var result = await AuditVerifier.VerifyAsync(settings, key, held, ct);
            if (result.Fault is { } fault)
            {
                throw new AuditLogDamagedException(fault);
            }
            await output.WriteLineAsync($"Audit log intact: {Count(result.Entries, "entry", "entries")}, {Count(result.Checkpoints, "checkpoint", "checkpoints")}, signed by key {Convert.ToHexStringLower(key.KeyId)}.");
        }));
        return cmd;
    }

    private static Command Export(TextWriter errors)
    {
        var since = new Option<string>("--since") { Description = "First day to export (YYYY-MM-DD, from midnight UTC).", Required = true };
        var outFile = new Option<FileInfo>("--out") { Description = "The JSON file to write (format: docs/audit-export.md).", Required = true };
        var publicKey = PublicKeyOption();
        var cmd = new Command("export", "Write entries, checkpoints and proofs since a date, checkable with the public key alone.") { since, outFile, publicKey };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var from = CusspCli.IsoDate("--since", pr.GetRequiredValue(since))!.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
            var target = pr.GetRequiredValue(outFile);
            OutputFile.CheckFolder(target);
            await using var services = Services(pr);
            var key = await KeyAsync(services, pr.GetValue(publicKey), ct);
            await using var scope = services.CreateAsyncScope();
            AuditExportSummary? summary = null;
            await OutputFile.WriteAsync(target, async stream =>
                summary = await AuditExport.WriteAsync(scope.ServiceProvider.GetRequiredService<CusspDbContext>(), key, from, stream, ct));
            await errors.WriteLineAsync($"Wrote {target.FullName}: {Count(summary!.Entries, "entry", "entries")}, {Count(summary.Checkpoints, "checkpoint", "checkpoints")}, proofs to tree size {summary.TreeSize}.");
        }));
        return cmd;
    }

    private static Command Key(TextWriter output, TextWriter errors)
    {
        var cmd = new Command("key", "Print the public key that checkpoints are signed with (PEM), for auditors and outside verifiers.");
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            await using var services = Services(pr);
            await output.WriteLineAsync(services.GetRequiredService<IAuditSigningKey>().PublicKey.Pem);
        }));
        return cmd;
    }

    // The log is examined as found: no migration and no seeding, which would write to what is being checked.
    private static ServiceProvider Services(ParseResult pr)
    {
        var settings = CusspCli.DatabaseSettingsFor(pr);
        if (settings.Provider == DatabaseProvider.Sqlite && !File.Exists(Path.Combine(settings.DataDirectory, "cussp.db")))
        {
            throw new CommandLineInputException($"--data {settings.DataDirectory}: there is no database here");
        }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCusspCore(_ => settings);
        return services.BuildServiceProvider();
    }

    private static async Task<AuditPublicKey> KeyAsync(ServiceProvider services, FileInfo? file, CancellationToken ct)
    {
        if (file is null)
        {
            return services.GetRequiredService<IAuditSigningKey>().PublicKey;
        }
        if (!file.Exists)
        {
            throw new CommandLineInputException($"--public-key {file.FullName}: no such file");
        }
        try
        {
            return AuditPublicKey.FromPem(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (ArgumentException)
        {
            throw new CommandLineInputException($"--public-key {file.FullName}: not a PEM ECDSA P-256 public key");
        }
    }

    private static string Count(long n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
