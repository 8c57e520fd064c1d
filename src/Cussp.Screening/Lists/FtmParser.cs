using System.Text;
using System.Text.Json;

namespace Cussp.Screening;

/// <summary>
/// Reads FollowTheMoney entities, one JSON object a line (as OpenSanctions publishes them). Persons, organisations,
/// companies, legal entities, vessels and airplanes become listed subjects; Sanction entities give them their legal basis and
/// listing dates; other schemata (addresses, ownerships) are skipped.
/// </summary>
internal static class FtmParser
{
    private static readonly Dictionary<string, EntityKind> Kinds = new(StringComparer.Ordinal)
    {
        ["Person"] = EntityKind.Person,
        ["Organization"] = EntityKind.Organization,
        ["LegalEntity"] = EntityKind.Organization,
        ["PublicBody"] = EntityKind.Organization,
        ["Company"] = EntityKind.Company,
        ["Vessel"] = EntityKind.Vessel,
        ["Airplane"] = EntityKind.Aircraft,
    };

    private static readonly (string Property, string Type)[] IdentifierProperties =
    [
        ("innCode", "inn"), ("ogrnCode", "ogrn"), ("kppCode", "kpp"), ("passportNumber", "passport"), ("idNumber", "national-id"),
        ("taxNumber", "tax-id"), ("registrationNumber", "registration"), ("imoNumber", "imo"), ("mmsi", "mmsi"), ("leiCode", "lei"),
        ("swiftBic", "swift"), ("vatCode", "vat"), ("okpoCode", "okpo"), ("serialNumber", "serial"), ("registrationNumber", "registration"),
    ];

    public static SanctionsList Parse(Stream stream, string file)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var entities = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        var sanctions = new List<(int Line, JsonElement Properties)>();
        var documents = new List<JsonDocument>();
        var line = 0;
        try
        {
            while (reader.ReadLine() is { } text)
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(text);
                }
                catch (JsonException ex)
                {
                    throw new ListFormatException(file, line, "malformed JSON: " + ex.Message, ex);
                }
                documents.Add(doc);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("id", out var idProp) || idProp.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("schema", out var schemaProp) || schemaProp.ValueKind != JsonValueKind.String)
                {
                    throw new ListFormatException(file, line, "not a FollowTheMoney entity: an object with \"id\" and \"schema\" strings");
                }
                var props = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                var schema = schemaProp.GetString()!;
                if (schema == "Sanction")
                {
                    sanctions.Add((line, props));
                    continue;
                }
                if (!Kinds.TryGetValue(schema, out var kind))
                {
                    continue;
                }
                var id = idProp.GetString()!;
                var e = new ListedEntity(id, kind, "ftm");
                foreach (var n in Values(props, "name"))
                {
                    e.AddName(n, NameKind.Primary);
                }
                foreach (var n in Values(props, "alias"))
                {
                    e.AddName(n, NameKind.Alias);
                }
                foreach (var n in Values(props, "previousName"))
                {
                    e.AddName(n, NameKind.Previous);
                }
                foreach (var n in Values(props, "weakAlias"))
                {
                    e.AddName(n, NameKind.WeakAlias);
                }
                if (e.Names.Count == 0)
                {
                    throw new ListFormatException(file, line, $"{schema} {id} has no name");
                }
                foreach (var d in Values(props, "birthDate").Concat(Values(props, "incorporationDate")).Concat(Values(props, "buildDate")))
                {
                    if (PartialDate.TryParse(d.Length > 10 ? d[..10] : d, out var pd))
                    {
                        e.AddBirthDate(pd);
                    }
                }
                foreach (var c in Values(props, "nationality").Concat(Values(props, "citizenship")).Concat(Values(props, "jurisdiction")).Concat(Values(props, "country")))
                {
                    e.AddNationality(c);
                }
                foreach (var (property, type) in IdentifierProperties)
                {
                    foreach (var v in Values(props, property))
                    {
                        e.AddIdentifier(type, v);
                    }
                }
                var notes = Values(props, "notes").ToList();
                e.Notes = notes.Count == 0 ? null : string.Join(" ", notes);
                if (!entities.TryAdd(id, e))
                {
                    throw new ListFormatException(file, line, $"entity id {id} appears twice");
                }
            }
            foreach (var (_, props) in sanctions)
            {
                foreach (var target in Values(props, "entity"))
                {
                    if (!entities.TryGetValue(target, out var e))
                    {
                        continue;
                    }
                    var regime = Values(props, "programId").FirstOrDefault() ?? Values(props, "program").FirstOrDefault() ?? Values(props, "authority").FirstOrDefault() ?? "sanction";
                    e.LegalBasis.Add(new LegalBasis(regime, null, Values(props, "unscId").FirstOrDefault()));
                    var start = Values(props, "listingDate").Concat(Values(props, "startDate"))
                        .Select(d => PartialDate.TryParse(d.Length > 10 ? d[..10] : d, out var pd) ? pd : (PartialDate?)null)
                        .Where(d => d is not null).Min();
                    if (start is not null && (e.ListedOn is null || start < e.ListedOn))
                    {
                        e.ListedOn = start;
                    }
                }
            }
        }
        finally
        {
            foreach (var d in documents)
            {
                d.Dispose();
            }
        }
        return new SanctionsList("ftm", [.. entities.Values]);
    }

    private static IEnumerable<string> Values(JsonElement props, string name)
    {
        if (props.ValueKind != JsonValueKind.Object || !props.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        foreach (var x in v.EnumerateArray())
        {
            if (x.ValueKind == JsonValueKind.String && x.GetString() is { Length: > 0 } s)
            {
                yield return s.Trim();
            }
        }
    }
}
