using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Cussp.Api;

/// <summary>
/// Optimistic concurrency on the API: a record's version goes out as a strong <c>ETag</c> (<c>"7"</c>) on every read and write, and
/// every change to an existing record must send it back in <c>If-Match</c>; a write based on an older version changes nothing.
/// </summary>
internal static class Versions
{
    /// <summary>The entity tag of a version.</summary>
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sends <paramref name="version"/> as the response's <c>ETag</c>.</summary>
    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETag(version);

    /// <summary>The version the caller's <c>If-Match</c> names.</summary>
    /// <exception cref="VersionRequiredException">No <c>If-Match</c>, or <c>*</c>, which would write over whatever is there.</exception>
    /// <exception cref="InvalidInputException">An <c>If-Match</c> that is not one of this API's entity tags.</exception>
    public static int IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            throw new VersionRequiredException(
                "Send the ETag of the version you read in If-Match, so that a change made meanwhile by someone else is not overwritten.");
        }
        if (!EntityTagHeaderValue.TryParseList([header], out var tags) || tags.Count != 1 || tags[0].IsWeak
            || !int.TryParse(tags[0].Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidInputException("If-Match", $"\"{header}\" is not an ETag this API gave out: send one strong ETag, such as \"3\".");
        }
        return version;
    }
}
