using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Cussp.Web.Tests.Obligations;

/// <summary>An SMTP server on a loopback port, in the test's process, keeping every message it receives.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public TestSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false)).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>Its port.</summary>
    public int Port { get; }

    /// <summary>The messages received, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _store.Messages];

    /// <summary>The settings that send the app's e-mail here, to <paramref name="ukraine"/> and <paramref name="canada"/>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string ukraine, string canada) =>
    [
        new("Notifications:Smtp:Host", "127.0.0.1"), new("Notifications:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Notifications:Smtp:Security", "none"), new("Notifications:Smtp:From", "cussp-desk@example.org"),
        new("Notifications:Ukraine:Email", ukraine), new("Notifications:Canada:Email", canada),
    ];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>A webhook receiver on a loopback port: it answers the first <c>failFirst</c> calls 503, then 204, and keeps every call.</summary>
public sealed class TestWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    public sealed record Received(string Body, string? Signature, string? Timestamp, string? Event, string? Delivery, int Status);

    private TestWebhook(WebApplication app) => _app = app;

    /// <summary>Every call, in order, with the status it was answered.</summary>
    public ConcurrentQueue<Received> Calls { get; } = new();

    /// <summary>Its address.</summary>
    public string Url { get; private set; } = "";

    public static async Task<TestWebhook> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var hook = new TestWebhook(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Increment(ref hook._calls) <= failFirst ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent;
            hook.Calls.Enqueue(new Received(body, request.Headers["X-Cussp-Signature"], request.Headers["X-Cussp-Timestamp"], request.Headers["X-Cussp-Event"],
                request.Headers["X-Cussp-Delivery"], status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        hook.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return hook;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
