using Cussp.Agreements;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Agreements;

/// <summary>
/// Reads <c>?asOf=YYYY-MM-DD</c> on every request, page or API call alike, into the request's <see cref="RegisterReading"/>, so that
/// every read of the register answers with the version in force on that day. A day that is not one is refused before anything runs.
/// </summary>
internal static class RegisterAsOf
{
    /// <summary>The query parameter.</summary>
    public const string Parameter = "asOf";

    public static IApplicationBuilder UseRegisterAsOf(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Query.TryGetValue(Parameter, out var values) && values.Count > 0)
        {
            if (values.Count > 1)
            {
                throw new InvalidInputException(Parameter, "Give one day, once.");
            }
            var text = values[0]?.Trim();
            if (!string.IsNullOrEmpty(text))
            {
                var day = LocalDatePattern.Iso.Parse(text);
                if (!day.Success)
                {
                    throw new InvalidInputException(Parameter, $"\"{text}\" is not a day; write it as YYYY-MM-DD, such as 2027-03-01.");
                }
                context.RequestServices.GetRequiredService<RegisterReading>().AsOf = day.Value;
            }
        }
        await next(context);
    });

    /// <summary>The query to add to a link so that it reads the register as of the same day; empty for today.</summary>
    public static string Query(LocalDate? asOf, char separator = '?') =>
        asOf is { } day ? $"{separator}{Parameter}={LocalDatePattern.Iso.Format(day)}" : "";
}
