using System.Globalization;
using System.Xml.Linq;

namespace Cussp.Screening;

/// <summary>
/// Reads the UN Security Council consolidated list (XML): individuals and entities, their names in Latin and in the original
/// script, aliases by quality (good and a.k.a. strong, low weak, f.k.a. former), dates of birth, documents, nationalities,
/// the regime and reference number, and the listing date.
/// </summary>
internal static class UnParser
{
    public static SanctionsList Parse(Stream stream, string file)
    {
        var entities = XmlListReader.Records(stream, file, reader => reader.Name is "INDIVIDUAL" or "ENTITY", (element, line) => Record(element, file, line),
            "no <INDIVIDUAL> or <ENTITY> records: an empty list would remove every listed subject",
            (reader, info) =>
            {
                if (reader.Name != "CONSOLIDATED_LIST")
                {
                    throw new ListFormatException(file, info.LineNumber, $"root element <{reader.Name}> is not <CONSOLIDATED_LIST>: not a UN list");
                }
            });
        return new SanctionsList("un", entities);
    }

    private static readonly string[] NameParts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"];

    private static string? Text(XElement? e) => e is null || string.IsNullOrWhiteSpace(e.Value) ? null : e.Value.Trim();

    private static ListedEntity Record(XElement x, string file, int line)
    {
        var person = x.Name == "INDIVIDUAL";
        var dataId = Text(x.Element("DATAID")) ?? throw new ListFormatException(file, line, $"<{x.Name}> without <DATAID>");
        var e = new ListedEntity("un-" + dataId, person ? EntityKind.Person : EntityKind.Organization, "un");
        var name = string.Join(' ', NameParts.Select(n => Text(x.Element(n))).Where(n => n is not null));
        if (name.Length == 0)
        {
            throw new ListFormatException(file, line, $"<{x.Name}> {dataId} has no name");
        }
        e.AddName(name, NameKind.Primary);
        e.AddName(Text(x.Element("NAME_ORIGINAL_SCRIPT")), NameKind.Alias);
        foreach (var alias in x.Elements(person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS"))
        {
            var quality = Text(alias.Element("QUALITY"))?.ToUpperInvariant();
            var kind = quality switch
            {
                "LOW" => NameKind.WeakAlias,
                "F.K.A." => NameKind.Previous,
                _ => NameKind.Alias,
            };
            e.AddName(Text(alias.Element("ALIAS_NAME")), kind);
        }
        foreach (var dob in x.Elements("INDIVIDUAL_DATE_OF_BIRTH"))
        {
            if (Text(dob.Element("DATE")) is { } date)
            {
                // Some dates carry a time-zone suffix (1964-07-17-05:00); the calendar date is what counts.
                var d = date.Length > 10 ? date[..10] : date;
                if (!PartialDate.TryParse(d, out var pd))
                {
                    throw new ListFormatException(file, line, $"date of birth '{date}' of {dataId} is not a date");
                }
                e.AddBirthDate(pd);
            }
            else if (Text(dob.Element("YEAR")) is { } year)
            {
                e.AddBirthDate(Year(year, file, line));
            }
            else if (Text(dob.Element("FROM_YEAR")) is { } from && Text(dob.Element("TO_YEAR")) is { } to)
            {
                var a = Year(from, file, line).Year;
                var b = Year(to, file, line).Year;
                for (var y = a; y <= b && y - a < 20; y++)
                {
                    e.AddBirthDate(new PartialDate(y));
                }
            }
        }
        foreach (var nationality in x.Elements("NATIONALITY").Elements("VALUE"))
        {
            e.AddNationality(Text(nationality));
        }
        foreach (var doc in x.Elements("INDIVIDUAL_DOCUMENT"))
        {
            var type = Text(doc.Element("TYPE_OF_DOCUMENT"))?.ToUpperInvariant() switch
            {
                null => "id",
                var t when t.Contains("PASS", StringComparison.Ordinal) || t.Contains("PASAPORTE", StringComparison.Ordinal) => "passport",
                _ => "national-id",
            };
            e.AddIdentifier(type, Text(doc.Element("NUMBER")), Text(doc.Element("ISSUING_COUNTRY")) ?? Text(doc.Element("COUNTRY_OF_ISSUE")));
        }
        e.LegalBasis.Add(new LegalBasis("UN " + (Text(x.Element("UN_LIST_TYPE")) ?? "Security Council"), null, Text(x.Element("REFERENCE_NUMBER"))));
        if (Text(x.Element("LISTED_ON")) is { } listed)
        {
            e.ListedOn = PartialDate.TryParse(listed.Length > 10 ? listed[..10] : listed, out var d)
                ? d
                : throw new ListFormatException(file, line, $"listing date '{listed}' of {dataId} is not a date");
        }
        e.Notes = Text(x.Element("COMMENTS1"));
        return e;
    }

    private static PartialDate Year(string text, string file, int line) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is > 1000 and < 3000
            ? new PartialDate(y)
            : throw new ListFormatException(file, line, $"'{text}' is not a year");
}
