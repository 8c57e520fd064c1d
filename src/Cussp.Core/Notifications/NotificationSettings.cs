using Cussp.Identity;

namespace Cussp.Notifications;

/// <summary>Where a participant's notices go outside the app.</summary>
/// <param name="Email">The duty mailboxes, comma-separated; none: no e-mail.</param>
/// <param name="WebhookUrl">The participant's webhook (http or https); none: no webhook.</param>
/// <param name="WebhookSecret">The key the webhook's HMAC-SHA256 signature is made with; kept out of files in the repository.</param>
public sealed record ParticipantContacts(string? Email = null, string? WebhookUrl = null, string? WebhookSecret = null)
{
    /// <summary>The duty mailboxes.</summary>
    public IReadOnlyList<string> Mailboxes => string.IsNullOrWhiteSpace(Email)
        ? []
        : [.. Email.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>The SMTP server e-mail leaves through (<c>Notifications:Smtp</c>).</summary>
/// <param name="Host">Its host; none: no e-mail is sent.</param>
/// <param name="Port">Its port.</param>
/// <param name="From">The sender's address.</param>
/// <param name="UserName">The account, when the server asks for one.</param>
/// <param name="Password">Its password.</param>
/// <param name="Security"><c>none</c>, <c>starttls</c> or <c>tls</c>.</param>
public sealed record SmtpSettings(string? Host = null, int Port = 25, string From = "cussp-desk@localhost", string? UserName = null,
    string? Password = null, string Security = "starttls");

/// <summary>
/// How notices leave the app (<c>Notifications:…</c>): the SMTP server, each participant's duty mailboxes and webhook, the address
/// links point to, and how often delivery is tried.
/// </summary>
public sealed record NotificationSettings
{
    /// <summary>The SMTP server; without a host no e-mail is sent.</summary>
    public SmtpSettings Smtp { get; init; } = new();

    /// <summary>Canada's duty mailboxes and webhook.</summary>
    public ParticipantContacts Canada { get; init; } = new();

    /// <summary>Ukraine's duty mailboxes and webhook.</summary>
    public ParticipantContacts Ukraine { get; init; } = new();

    /// <summary>The address of this CUSSP Desk, for links in notices.</summary>
    public string PublicUrl { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Retries of one webhook call before the delivery waits for its next try.</summary>
    public int WebhookRetries { get; init; } = 3;

    /// <summary>The first pause between retries of a webhook call, doubled at each.</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tries of a delivery before it is given up.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>How often the background job looks for escalations and deliveries.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>True when e-mail can be sent.</summary>
    public bool SendsEmail => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>The contacts of <paramref name="participant"/>.</summary>
    public ParticipantContacts Of(Participant participant) => participant == Participant.Canada ? Canada : Ukraine;

    /// <summary>Checks the settings; the message names the one that is wrong.</summary>
    /// <exception cref="ConfigurationException">A setting is wrong.</exception>
    public void Validate()
    {
        foreach (var (name, contacts) in new[] { ("Canada", Canada), ("Ukraine", Ukraine) })
        {
            if (contacts.WebhookUrl is { Length: > 0 } url)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    throw new ConfigurationException($"Notifications:{name}:WebhookUrl \"{url}\" is not an http or https address.");
                }
                if (string.IsNullOrEmpty(contacts.WebhookSecret) || contacts.WebhookSecret.Length < 16)
                {
                    throw new ConfigurationException($"Notifications:{name}:WebhookSecret must be set, at least 16 characters, to sign the webhook's calls.");
                }
            }
            foreach (var mailbox in contacts.Mailboxes)
            {
                if (!IsAddress(mailbox))
                {
                    throw new ConfigurationException($"Notifications:{name}:Email \"{mailbox}\" is not an e-mail address.");
                }
            }
        }
        if (SendsEmail && !IsAddress(Smtp.From))
        {
            throw new ConfigurationException($"Notifications:Smtp:From \"{Smtp.From}\" is not an e-mail address.");
        }
        if (Smtp.Security is not ("none" or "starttls" or "tls"))
        {
            throw new ConfigurationException($"Notifications:Smtp:Security \"{Smtp.Security}\": use none, starttls or tls.");
        }
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out _))
        {
            throw new ConfigurationException($"Notifications:PublicUrl \"{PublicUrl}\" is not an address.");
        }
        if (WebhookRetries is < 1 or > 10 || MaxAttempts is < 1 or > 100 || Interval <= TimeSpan.Zero || WebhookRetryDelay <= TimeSpan.Zero)
        {
            throw new ConfigurationException("Notifications: WebhookRetries 1–10, MaxAttempts 1–100, a positive Interval and a positive WebhookRetryDelay.");
        }
    }

    // An address with a local part and a domain: MimeKit alone accepts a bare word as a local address.
    private static bool IsAddress(string text) => MimeKit.MailboxAddress.TryParse(text, out var m) && !string.IsNullOrEmpty(m.LocalPart) && !string.IsNullOrEmpty(m.Domain);
}
