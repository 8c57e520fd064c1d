using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cussp.Screening;

/// <summary>
/// Reads the OFAC SDN list as published in CSV (no header; <c>-0-</c> for empty): the twelve columns and, from the remarks,
/// aliases (a.k.a., f.k.a., n.k.a.), dates of birth, identifiers and nationalities.
/// </summary>
internal static partial class OfacParser
{
    private const int Columns = 12;

    public static SanctionsList Parse(Stream stream, string file)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        var entities = new List<ListedEntity>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in Records(text, file))
        {
            if (fields.Count != Columns)
            {
                throw new ListFormatException(file, line, $"{fields.Count} columns where the SDN CSV has {Columns}");
            }
            var e = Record(fields, file, line);
            if (!ids.Add(e.Id))
            {
                throw new ListFormatException(file, line, $"entry number {fields[0]} appears twice");
            }
            entities.Add(e);
        }
        if (entities.Count == 0)
        {
            throw new ListFormatException(file, 1, "no records");
        }
        return new SanctionsList("ofac", entities);
    }

    private static IEnumerable<(int Line, List<string> Fields)> Records(string text, string file)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            // The published file ends with a DOS end-of-file mark.
            if (text[i] == '\u001a' || (text[i] is '\r' or '\n'))
            {
                if (text[i] == '\n')
                {
                    line++;
                }
                i++;
                continue;
            }
            var start = line;
            var fields = new List<string>(Columns);
            var sb = new StringBuilder();
            var quoted = false;
            var inQuotes = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append('"');
                            i++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else if (c is '\r' or '\n')
                    {
                        // The SDN file keeps each record on one line: a quote still open at the line's end was never closed.
                        throw new ListFormatException(file, start, $"the quoted field {fields.Count + 1} is not closed before the end of the line");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }
                else if (c == '"')
                {
                    if (sb.ToString().Trim().Length > 0)
                    {
                        throw new ListFormatException(file, line, $"a quote inside unquoted field {fields.Count + 1}");
                    }
                    sb.Clear();
                    inQuotes = quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(Value(sb, quoted));
                    sb.Clear();
                    quoted = false;
                }
                else if (c is '\r' or '\n')
                {
                    break;
                }
                else
                {
                    sb.Append(c);
                }
            }
            if (inQuotes)
            {
                throw new ListFormatException(file, start, $"the quoted field {fields.Count + 1} is not closed before the end of the file");
            }
            fields.Add(Value(sb, quoted));
            yield return (start, fields);
        }
    }

    private static string Value(StringBuilder sb, bool quoted)
    {
        var v = quoted ? sb.ToString() : sb.ToString().Trim();
        return v == "-0-" ? "" : v.Trim();
    }

    private static ListedEntity Record(List<string> f, string file, int line)
    {
        if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new ListFormatException(file, line, $"entry number '{f[0]}' is not a number");
        }
        if (f[1].Length == 0)
        {
            throw new ListFormatException(file, line, $"entry {number} has no name");
        }
        var kind = f[2].ToUpperInvariant() switch
        {
            "INDIVIDUAL" => EntityKind.Person,
            "VESSEL" => EntityKind.Vessel,
            "AIRCRAFT" => EntityKind.Aircraft,
            "" => EntityKind.Organization,
            _ => throw new ListFormatException(file, line, $"type '{f[2]}' is not individual, vessel, aircraft or empty"),
        };
        var e = new ListedEntity("ofac-" + number.ToString(CultureInfo.InvariantCulture), kind, "ofac");
        e.AddName(kind == EntityKind.Person ? PersonName(f[1]) : f[1], NameKind.Primary);
        foreach (var program in f[3].Split("] [", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            e.LegalBasis.Add(new LegalBasis("OFAC " + program.Trim('[', ']')));
        }
        if (f[4].Length > 0)
        {
            e.Notes = f[4];
        }
        if (f[9].Length > 0)
        {
            e.AddNationality(f[9]);
        }
        var remarks = f[11];
        foreach (Match m in AliasPattern().Matches(remarks))
        {
            var alias = m.Groups["name"].Value.Trim().Trim('\'');
            var aliasKind = m.Groups["kind"].Value.StartsWith('f') ? NameKind.Previous : NameKind.Alias;
            e.AddName(kind == EntityKind.Person ? PersonName(alias) : alias, aliasKind);
        }
        foreach (Match m in DobPattern().Matches(remarks))
        {
            foreach (var d in Dates(m.Groups["date"].Value))
            {
                e.AddBirthDate(d);
            }
        }
        foreach (var part in remarks.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Identifier(part) is { } id)
            {
                e.AddIdentifier(id.Type, id.Value, id.Country);
            }
        }
        foreach (Match m in NationalityPattern().Matches(remarks))
        {
            e.AddNationality(m.Groups["country"].Value);
        }
        return e;
    }

    // The labels the SDN remarks give identifiers, longest first where one begins another, with the type each is (a few are
    // Russia's own for a Russian subject: RussianType).
    private static readonly (string Label, string Type)[] IdentifierLabels =
    [
        ("Vessel Registration Identification IMO", IdentifierTypes.Imo),
        ("Identification Number IMO", IdentifierTypes.Imo),
        ("Company Number IMO", IdentifierTypes.Imo),
        ("IMO", IdentifierTypes.Imo),
        ("MMSI", IdentifierTypes.Mmsi),
        ("Aircraft Manufacturer's Serial Number (MSN)", IdentifierTypes.AircraftSerial),
        ("Aircraft Construction Number (also called L/N or S/N or F/N)", IdentifierTypes.AircraftSerial),
        ("Previous Aircraft Tail Number", IdentifierTypes.AircraftTail),
        ("Aircraft Tail Number", IdentifierTypes.AircraftTail),
        ("Legal Entity Number", IdentifierTypes.Lei),
        ("SWIFT/BIC", IdentifierTypes.Swift),
        ("V.A.T. Number", IdentifierTypes.Vat),
        ("D-U-N-S Number", IdentifierTypes.Duns),
        ("Diplomatic Passport", IdentifierTypes.Passport),
        ("Passport", IdentifierTypes.Passport),
        ("National ID No.", IdentifierTypes.NationalId),
        ("Personal ID Card", IdentifierTypes.NationalId),
        ("Identification Number", IdentifierTypes.NationalId),
        ("Cedula No.", IdentifierTypes.NationalId),
        ("C.U.R.P.", IdentifierTypes.NationalId),
        ("D.N.I.", IdentifierTypes.NationalId),
        ("SSN", IdentifierTypes.NationalId),
        ("Tax ID No.", IdentifierTypes.TaxId),
        ("R.F.C.", IdentifierTypes.TaxId),
        ("RFC", IdentifierTypes.TaxId),
        ("NIT #", IdentifierTypes.TaxId),
        ("RUC #", IdentifierTypes.TaxId),
        ("RIF #", IdentifierTypes.TaxId),
        ("US FEIN", IdentifierTypes.TaxId),
        ("Italian Fiscal Code", IdentifierTypes.TaxId),
        ("Government Gazette Number", IdentifierTypes.Registration),
        ("Business Registration Number", IdentifierTypes.Registration),
        ("Registration Number", IdentifierTypes.Registration),
        ("Registration ID", IdentifierTypes.Registration),
        ("Business Registration Document #", IdentifierTypes.Registration),
        ("UK Company Number", IdentifierTypes.Registration),
        ("Company Number", IdentifierTypes.Registration),
        ("Commercial Registry Number", IdentifierTypes.Registration),
        ("Chamber of Commerce Number", IdentifierTypes.Registration),
        ("Certificate of Incorporation Number", IdentifierTypes.Registration),
        ("Enterprise Number", IdentifierTypes.Registration),
        ("Trade License No.", IdentifierTypes.Registration),
        ("Unified Social Credit Code (USCC)", IdentifierTypes.Registration),
        ("Central Registration System Number", IdentifierTypes.Registration),
        ("Economic Register Number (CBLS)", IdentifierTypes.Registration),
        ("Folio Mercantil No.", IdentifierTypes.Registration),
        ("Matricula Mercantil No", IdentifierTypes.Registration),
        ("C.R. No.", IdentifierTypes.Registration),
    ];

    private static bool IsRussia(string? country) => string.Equals(country, "Russia", StringComparison.OrdinalIgnoreCase);

    // For a Russian subject three kinds of number are Russia's own: the tax number is the INN, the Government Gazette Number the
    // OKPO, and a registration number the OGRN (13 digits, legal entities) or OGRNIP (15 digits, sole proprietors); the list's
    // own check digits are not enforced, since a few entries carry a typo in them.
    private static string RussianType(string label, string type, string value) => label switch
    {
        "Tax ID No." => IdentifierTypes.Inn,
        "Government Gazette Number" => IdentifierTypes.Okpo,
        "Business Registration Number" or "Registration Number" or "Registration ID" when value.All(char.IsAsciiDigit) =>
            value.Length switch
            {
                13 => IdentifierTypes.Ogrn,
                15 => IdentifierTypes.Ogrnip,
                _ => type,
            },
        _ => type,
    };

    /// <summary>Reads one remark (<c>Passport 645720381 (Russia) expires 20 Jan 2021</c>) as an identifier, or null when it is none.</summary>
    internal static Identifier? Identifier(string remark)
    {
        var text = remark.Trim();
        if (text.StartsWith("alt. ", StringComparison.Ordinal))
        {
            text = text[5..];
        }
        foreach (var (label, type) in IdentifierLabels)
        {
            if (!text.StartsWith(label + " ", StringComparison.Ordinal))
            {
                continue;
            }
            var m = IdentifierValuePattern().Match(text[(label.Length + 1)..].TrimEnd('.', ' '));
            if (!m.Success)
            {
                return null;
            }
            var value = m.Groups["value"].Value.Trim();
            var country = m.Groups["country"].Success ? m.Groups["country"].Value.Trim() : null;
            if (!value.Any(char.IsAsciiDigit) && label != "SWIFT/BIC" && !label.Contains("Tail", StringComparison.Ordinal))
            {
                return null;
            }
            return new Identifier(IsRussia(country) ? RussianType(label, type, value) : type, value, country);
        }
        return null;
    }

    // The list writes people "SURNAME, Given Names"; screening and display want the order people write.
    private static string PersonName(string name)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? name : (name[(comma + 1)..].Trim() + " " + name[..comma].Trim()).Trim();
    }

    private static IEnumerable<PartialDate> Dates(string text)
    {
        var parts = text.Split(" to ", StringSplitOptions.TrimEntries);
        var dates = parts.Select(One).Where(d => d is not null).Select(d => d!.Value).ToList();
        if (dates.Count == 2 && dates[1].Year - dates[0].Year is > 0 and < 20)
        {
            for (var y = dates[0].Year; y <= dates[1].Year; y++)
            {
                yield return new PartialDate(y);
            }
            yield break;
        }
        foreach (var d in dates)
        {
            yield return d;
        }
    }

    private static PartialDate? One(string text)
    {
        var t = text.Replace("circa", "", StringComparison.OrdinalIgnoreCase).Trim();
        string[] formats = ["dd MMM yyyy", "MMM yyyy", "yyyy"];
        if (DateTime.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            return t.Length == 4 ? new PartialDate(dt.Year) : t.Length <= 8 ? new PartialDate(dt.Year, dt.Month) : new PartialDate(dt.Year, dt.Month, dt.Day);
        }
        return null;
    }

    [GeneratedRegex(@"(?<kind>[afn])\.k\.a\.\s+'(?<name>.+?)'(?=\s*(?:;|\.?\s*$|\.\s|,|\)))", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"\bDOB (?<date>(?:circa )?(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4}(?: to (?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4})?)", RegexOptions.CultureInvariant)]
    private static partial Regex DobPattern();

    // A value, then perhaps the issuing country in brackets and dates of issue or expiry.
    [GeneratedRegex(@"^(?<value>[^()]+?)(?:\s*\((?<country>[^()]+)\))?(?:,?\s+(?:issued|expires|Issue Date|Expiration Date)\b.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierValuePattern();

    [GeneratedRegex(@"\b(?:nationality|citizen) (?<country>[A-Z][A-Za-z ,.'-]*?)(?=;|\.$|\.\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex NationalityPattern();
}
