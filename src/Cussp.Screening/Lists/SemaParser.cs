using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Cussp.Screening;

/// <summary>
/// Reads Canada's SEMA list. The 2020 copy tags records <c>LastName</c>, <c>Entity</c>, <c>Country</c> …; the current list
/// writes bilingual tags (<c>LastName-NomDeFamille</c>, <c>EntityOrShip-EntiteOuNavire</c> …). The English half of a tag
/// decides, so both read alike. A record's <c>Country</c> is the country of the sanctions regulations it is listed under, not
/// the subject's nationality: it names the regime. Records are identified by regime, schedule and item, written the same
/// whichever scheme the file uses, so a new file of the list reports changes of the same listings.
/// </summary>
internal static partial class SemaParser
{
    public static SanctionsList Parse(Stream stream, string file)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var entities = XmlListReader.Records(stream, file, reader => reader.Name == "record", (record, line) =>
        {
            var fields = record.Elements().Select(x =>
            {
                var tag = x.Name.LocalName;
                var dash = tag.IndexOf('-', StringComparison.Ordinal);
                return (dash > 0 ? tag[..dash] : tag, x.Value.Trim());
            }).ToList();
            return Record(fields, file, line, ids);
        }, "no <record> elements: not a SEMA list");
        return new SanctionsList("sema", entities);
    }

    private static ListedEntity Record(List<(string Tag, string Value)> fields, string file, int line, Dictionary<string, int> ids)
    {
        string? Get(params string[] tags) => fields.FirstOrDefault(f => tags.Contains(f.Tag, StringComparer.OrdinalIgnoreCase) && f.Value.Length > 0).Value;
        var country = Get("Country");
        var last = Get("LastName");
        var given = Get("GivenName");
        var entity = Get("Entity", "EntityOrShip");
        var imo = Get("ShipIMONumber");
        var schedule = Get("Schedule");
        var item = Get("Item");
        if (last is null && given is null && entity is null)
        {
            throw new ListFormatException(file, line, "a record with neither a person's name nor an entity or ship");
        }
        var kind = entity is null ? EntityKind.Person : imo is not null ? EntityKind.Vessel : EntityKind.Organization;
        var name = entity ?? string.Join(' ', new[] { given, last }.Where(x => x is not null));
        var id = "sema-" + RegimeKey(country ?? "") + "-" + ScheduleKey(schedule) + "-" + Slug(item ?? "");
        if (ids.TryGetValue(id, out var first))
        {
            // Two records under one regime, schedule and item: tell them apart by name, never by their order in the file.
            id += "-" + Slug(name);
            if (ids.ContainsKey(id))
            {
                throw new ListFormatException(file, line, $"the record of {name} repeats {country}, schedule {schedule}, item {item} (first at line {first})");
            }
        }
        ids[id] = line;
        var e = new ListedEntity(id, kind, "sema");
        e.AddName(name, NameKind.Primary);
        if (Get("Aliases") is { } aliases)
        {
            foreach (var alias in SplitAliases(aliases))
            {
                e.AddName(alias, NameKind.Alias);
            }
        }
        foreach (var (tag, value) in fields)
        {
            if (tag is "DateOfBirth" or "DateOfBirthOrShipBuildDate" && value.Length > 0)
            {
                // A record may give alternatives: "1972-08-10 or 1972-08-11".
                foreach (var part in value.Split([" or ", ";", ","], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var text = part.Replace("circa", "", StringComparison.OrdinalIgnoreCase).Trim();
                    if (PartialDate.TryParse(text, out var d))
                    {
                        e.AddBirthDate(d);
                    }
                    else if (DateTime.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                    {
                        e.AddBirthDate(new PartialDate(dt.Year, dt.Month, dt.Day));
                    }
                    else
                    {
                        throw new ListFormatException(file, line, $"date of birth '{value}' is not yyyy, yyyy-MM, yyyy-MM-dd or dd/MM/yyyy");
                    }
                }
            }
        }
        if (imo is not null)
        {
            e.AddIdentifier("imo", imo);
        }
        e.LegalBasis.Add(new LegalBasis("SEMA" + (country is null ? "" : " (" + country + ")"), schedule, item));
        if (Get("DateOfListing") is { } listed)
        {
            if (DateTime.TryParse(listed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            {
                e.ListedOn = new PartialDate(dt.Year, dt.Month, dt.Day);
            }
            else if (PartialDate.TryParse(listed, out var pd))
            {
                e.ListedOn = pd;
            }
        }
        if (Get("Title", "TitleOrShip") is { } title)
        {
            e.Notes = title;
        }
        return e;
    }

    private static readonly string[] LegalTails = ["ltd", "ltd.", "limited", "inc", "inc.", "llc", "co", "co.", "s.a.", "sa", "plc", "pte. ltd.", "jsc"];

    // Aliases are separated by commas and semicolons, but "Co., Ltd." has commas too: a piece that is only a legal form
    // belongs to the alias before it.
    internal static IEnumerable<string> SplitAliases(string aliases)
    {
        var parts = aliases.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new List<string>();
        foreach (var p in parts)
        {
            if (result.Count > 0 && LegalTails.Contains(p, StringComparer.OrdinalIgnoreCase))
            {
                result[^1] += ", " + p;
            }
            else
            {
                result.Add(p);
            }
        }
        return result;
    }

    // The regime's key: the English half of the country or regulation, or the acronym it gives in brackets (JVCFOR), which
    // survives rewordings of the long name.
    private static string RegimeKey(string country)
    {
        var english = country.Split('/')[0].Trim();
        var open = english.LastIndexOf('(');
        var close = english.LastIndexOf(')');
        if (open >= 0 && close > open + 1 && english[(open + 1)..close].All(char.IsAsciiLetterUpper))
        {
            english = english[(open + 1)..close];
        }
        return Slug(english);
    }

    // "1" in the 2020 copy is "1, Part 1" in the current list; "N/A" and no schedule are the same.
    private static string ScheduleKey(string? schedule)
    {
        var s = schedule?.Trim() ?? "";
        if (s.Length == 0 || s.Equals("N/A", StringComparison.OrdinalIgnoreCase))
        {
            return "na";
        }
        var m = ScheduleAndPart().Match(s);
        if (!m.Success)
        {
            return Slug(s);
        }
        var part = m.Groups["part"].Success ? m.Groups["part"].Value.TrimStart('0') : "1";
        return m.Groups["schedule"].Value.TrimStart('0') + (part == "1" ? "" : "." + part);
    }

    [GeneratedRegex(@"^(?:Schedule\s+)?(?<schedule>\d+)(?:\s*,?\s*Part\s+(?<part>\d+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScheduleAndPart();

    private static string Slug(string text)
    {
        var slug = new string([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        return slug.Trim('-');
    }
}
