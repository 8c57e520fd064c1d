using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cussp.Features.Agreements;

/// <summary>
/// A JSON body computed once per register snapshot, kept plain, gzip- and Brotli-compressed, with a strong ETag: a hot read
/// then costs a header check and a copy, and a client that already has it gets 304.
/// </summary>
internal sealed class PreparedJson
{
    private readonly byte[] _plain;
    private readonly byte[] _gzip;
    private readonly byte[] _brotli;
    private readonly string _etag;

    public PreparedJson(byte[] plain)
    {
        _plain = plain;
        _gzip = Compress(plain, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        _brotli = Compress(plain, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        _etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(plain).AsSpan(0, 16)) + "\"";
    }

    public IResult ToResult() => new Writer(this);

    private static byte[] Compress(byte[] data, Func<Stream, Stream> wrap)
    {
        using var buffer = new MemoryStream();
        using (var z = wrap(buffer))
        {
            z.Write(data);
        }
        return buffer.ToArray();
    }

    private sealed class Writer(PreparedJson body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var request = httpContext.Request;
            var response = httpContext.Response;
            response.Headers.ETag = body._etag;
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (request.Headers.IfNoneMatch.Contains(body._etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
            var bytes = body._plain;
            var encoding = Choose(request.Headers.AcceptEncoding);
            if (encoding == "br")
            {
                bytes = body._brotli;
                response.Headers.ContentEncoding = "br";
            }
            else if (encoding == "gzip")
            {
                bytes = body._gzip;
                response.Headers.ContentEncoding = "gzip";
            }
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = bytes.Length;
            return request.Method == HttpMethods.Head ? Task.CompletedTask : response.Body.WriteAsync(bytes).AsTask();
        }

        /// <summary>Brotli, then gzip, when the client accepts them with a quality above zero; otherwise identity.</summary>
        private static string? Choose(StringValues acceptEncoding)
        {
            if (StringValues.IsNullOrEmpty(acceptEncoding) ||
                !StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var values))
            {
                return null;
            }
            bool Accepts(string name) => values.Any(v =>
                (v.Value.Equals(name, StringComparison.OrdinalIgnoreCase) || v.Value.Equals("*", StringComparison.Ordinal)) &&
                v.Quality is not 0);
            return Accepts("br") ? "br" : Accepts("gzip") ? "gzip" : null;
        }
    }
}
