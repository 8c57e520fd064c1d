using System.Text.Json;

namespace Cussp.Api;

/// <summary>Request bodies a route may also go without, such as the reason of an approval.</summary>
internal static class Bodies
{
    /// <summary>
    /// The JSON body as <typeparamref name="T"/>, or null when the request has none. A body in another format is refused with 415, and
    /// malformed JSON with 400 naming where it broke.
    /// </summary>
    public static async Task<T?> OptionalJsonAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType)))
        {
            return null;
        }
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException($"\"{request.ContentType}\" is not JSON: send the body as application/json, or send none.",
                StatusCodes.Status415UnsupportedMediaType);
        }
        try
        {
            return await request.ReadFromJsonAsync<T>(ct);
        }
        catch (JsonException e)
        {
            // The one error mapping names where the JSON goes wrong, as it does for bodies the framework reads.
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }
    }
}
