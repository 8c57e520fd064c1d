using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cussp.Identity;
using Cussp.Time;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NodaTime.Text;
using Polly;
using Polly.Retry;

namespace Cussp.Notifications;

/// <summary>Sends one delivery on its channel; throws when it was not delivered.</summary>
public interface INoticeSender
{
    /// <summary>The channel it sends on.</summary>
    DeliveryChannel Channel { get; }

    /// <summary>Sends <paramref name="notice"/> as delivery <paramref name="deliveryId"/> to <paramref name="recipient"/>.</summary>
    Task SendAsync(Guid deliveryId, Notice notice, Participant recipient, CancellationToken ct);
}

/// <summary>
/// E-mail through the configured SMTP server (MailKit): to the participant's duty mailboxes, in English and in the participant's
/// other language, with the dates in Kyiv, Ottawa and UTC and a link; the record's words are not in it.
/// </summary>
public sealed class EmailSender(NotificationSettings settings) : INoticeSender
{
    /// <inheritdoc />
    public DeliveryChannel Channel => DeliveryChannel.Email;

    /// <inheritdoc />
    public async Task SendAsync(Guid deliveryId, Notice notice, Participant recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var smtp = settings.Smtp;
        var mailboxes = settings.Of(recipient).Mailboxes;
        if (smtp.Host is not { Length: > 0 } host || mailboxes.Count == 0)
        {
            throw new InvalidOperationException($"No SMTP server or no duty mailbox of {recipient} is configured any more.");
        }
        using var message = Compose(notice, recipient, MailboxAddress.Parse(smtp.From), mailboxes.Select(MailboxAddress.Parse));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(new Uri(settings.PublicUrl).Host);
        message.Headers.Add("X-Cussp-Delivery", deliveryId.ToString());
        using var client = new SmtpClient();
        var security = smtp.Security switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>The e-mail of <paramref name="notice"/> to <paramref name="to"/>'s mailboxes.</summary>
    public static MimeMessage Compose(Notice notice, Participant to, MailboxAddress from, IEnumerable<MailboxAddress> mailboxes)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.AddRange(mailboxes);
        var second = to == Participant.Ukraine ? NoticeWords.Ukrainian : NoticeWords.French;
        message.Subject = $"{NoticeWords.English.Subject(notice)} / {second.Subject(notice)}";
        var body = new StringBuilder();
        foreach (var words in new[] { NoticeWords.English, second })
        {
            body.AppendLine(words.Body(notice)).AppendLine();
        }
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}

/// <summary>The words of a notice's e-mail in one language.</summary>
internal sealed record NoticeWords(string Requested, string Escalated, string Acknowledged, string Held, string Ground, string RequestedAt,
    string DueAt, string Marking, string Open, string NotSent, IReadOnlyDictionary<string, string> Grounds)
{
    private static readonly InstantPattern Utc = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm 'UTC'");
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");

    public static NoticeWords English { get; } = new("{0} asks to consult under {1}: the participants consult by {2} (Kyiv)",
        "ESCALATION {3}: the consultation request under {1} has not been acknowledged; the participants consult by {2} (Kyiv)",
        "The consultation request under {1} was acknowledged", "The consultation requested under {1} was held and recorded",
        "Ground", "Requested", "Consult by", "Marking", "Open it in CUSSP Desk", "The request's own words are not sent by e-mail.",
        new Dictionary<string, string>
        {
            ["renewed-aggression"] = "renewed aggression (II.3)",
            ["significant-escalation"] = "significant escalation (II.5)",
            ["other"] = "other (II.5)",
        });

    public static NoticeWords French { get; } = new("{0} demande une consultation au titre de {1} : les participants se consultent d’ici le {2} (Kyiv)",
        "ESCALADE {3} : la demande de consultation au titre de {1} n’a pas été accusée ; les participants se consultent d’ici le {2} (Kyiv)",
        "La demande de consultation au titre de {1} a été accusée", "La consultation demandée au titre de {1} a eu lieu et est consignée",
        "Motif", "Demandée le", "Consulter d’ici le", "Marquage", "L’ouvrir dans CUSSP Desk", "Le texte de la demande n’est pas envoyé par courriel.",
        new Dictionary<string, string>
        {
            ["renewed-aggression"] = "agression renouvelée (II.3)",
            ["significant-escalation"] = "escalade importante (II.5)",
            ["other"] = "autre (II.5)",
        });

    public static NoticeWords Ukrainian { get; } = new("{0} просить провести консультації згідно з {1}: учасники консультуються до {2} (Київ)",
        "ЕСКАЛАЦІЯ {3}: отримання запиту на консультації згідно з {1} не підтверджено; учасники консультуються до {2} (Київ)",
        "Отримання запиту на консультації згідно з {1} підтверджено", "Консультації, запитані згідно з {1}, відбулися й записані",
        "Підстава", "Запит подано", "Консультуватися до", "Гриф", "Відкрити в CUSSP Desk", "Текст запиту електронною поштою не надсилається.",
        new Dictionary<string, string>
        {
            ["renewed-aggression"] = "поновлення агресії (II.3)",
            ["significant-escalation"] = "значна ескалація (II.5)",
            ["other"] = "інше (II.5)",
        });

    public string Subject(Notice n)
    {
        var format = n.Event switch
        {
            NoticeEvents.Escalated => Escalated,
            NoticeEvents.Acknowledged => Acknowledged,
            NoticeEvents.Held => Held,
            _ => Requested,
        };
        return string.Format(CultureInfo.InvariantCulture, format, n.From, n.Citation, Kyiv(n.DueAt), n.Level);
    }

    public string Body(Notice n)
    {
        var lines = new StringBuilder();
        lines.AppendLine(Subject(n)).AppendLine();
        lines.AppendLine(CultureInfo.InvariantCulture, $"{Ground}: {Grounds.GetValueOrDefault(n.Ground, n.Ground)}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"{RequestedAt}: {Times(n.RequestedAt)}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"{DueAt}: {Times(n.DueAt)}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"{Marking}: {n.Classification}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"{Open}: {n.Url}");
        lines.Append(NotSent);
        return lines.ToString();
    }

    private static string Kyiv(string instant) => Local.Format(InstantPattern.General.Parse(instant).Value.InZone(Zones.Kyiv).LocalDateTime);

    private static string Times(string instant)
    {
        var at = InstantPattern.General.Parse(instant).Value;
        return $"{Local.Format(at.InZone(Zones.Kyiv).LocalDateTime)} Kyiv · {Local.Format(at.InZone(Zones.Ottawa).LocalDateTime)} Ottawa · {Utc.Format(at)}";
    }
}

/// <summary>The events notices tell of.</summary>
public static class NoticeEvents
{
    /// <summary>A consultation was requested.</summary>
    public const string Requested = "consultation.requested";
    /// <summary>A request stayed unacknowledged 12 or 20 hours.</summary>
    public const string Escalated = "consultation.escalated";
    /// <summary>The other side acknowledged a request.</summary>
    public const string Acknowledged = "consultation.acknowledged";
    /// <summary>The consultation was held and recorded.</summary>
    public const string Held = "consultation.held";
}

/// <summary>
/// A webhook call: the notice as JSON, POSTed to the participant's webhook with its delivery id, event and time, signed with
/// HMAC-SHA256 over <c>{timestamp}.{body}</c> with the participant's secret (<c>X-Cussp-Signature: sha256=…</c>); a failed call
/// (no answer, a timeout, 408, 429 or 5xx) is retried with exponential back-off and jitter (Polly).
/// </summary>
public sealed class WebhookSender : INoticeSender
{
    /// <summary>The header with the signature.</summary>
    public const string SignatureHeader = "X-Cussp-Signature";

    /// <summary>The header with the time signed, in Unix seconds.</summary>
    public const string TimestampHeader = "X-Cussp-Timestamp";

    private readonly HttpClient _http;
    private readonly NotificationSettings _settings;
    private readonly IClock _clock;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Sends through <paramref name="http"/>.</summary>
    public WebhookSender(HttpClient http, NotificationSettings settings, IClock clock)
    {
        _http = http;
        _settings = settings;
        _clock = clock;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.WebhookRetries,
                Delay = settings.WebhookRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <inheritdoc />
    public DeliveryChannel Channel => DeliveryChannel.Webhook;

    /// <summary>The signature of <paramref name="body"/> sent at <paramref name="timestamp"/>: what a receiver computes to check a call.</summary>
    public static string Sign(string secret, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <inheritdoc />
    public async Task SendAsync(Guid deliveryId, Notice notice, Participant recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var contacts = _settings.Of(recipient);
        if (string.IsNullOrWhiteSpace(contacts.WebhookUrl) || string.IsNullOrEmpty(contacts.WebhookSecret))
        {
            throw new InvalidOperationException($"No webhook of {recipient} is configured any more.");
        }
        var body = notice.ToJson();
        var retries = _settings.WebhookRetries;
        using var response = await _pipeline.ExecuteAsync(async token =>
        {
            var timestamp = _clock.GetCurrentInstant().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, contacts.WebhookUrl)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Cussp-Delivery", deliveryId.ToString());
            request.Headers.Add("X-Cussp-Event", notice.Event);
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, Sign(contacts.WebhookSecret, timestamp, body));
            return await _http.SendAsync(request, token);
        }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture,
                $"The webhook of {recipient} answered {(int)response.StatusCode} {response.ReasonPhrase} after {retries} retries."));
        }
    }
}
