using System.Text;
using System.Text.Json;

namespace Cussp.Screening;

/// <summary>
/// Reads FollowTheMoney entities, one JSON object a line (as OpenSanctions publishes them). Persons, organisations,
/// companies, legal entities, vessels and airplanes become listed subjects; Sanction entities give them their legal basis,
/// listing and end dates; Identification and Passport entities the country and type of their identifiers; other schemata
/// (addresses, ownerships) are skipped. The list is named after the dataset every subject belongs to, or as the caller says.
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

    // The FollowTheMoney property of each identifier type, in the order identifiers are read.
    internal static readonly (string Type, string Property)[] IdentifierProperties =
    [
        (IdentifierTypes.Passport, "passportNumber"), (IdentifierTypes.NationalId, "idNumber"), (IdentifierTypes.TaxId, "taxNumber"),
        (IdentifierTypes.Inn, "innCode"), (IdentifierTypes.Ogrn, "ogrnCode"), (IdentifierTypes.Okpo, "okpoCode"), (IdentifierTypes.Kpp, "kppCode"),
        (IdentifierTypes.Registration, "registrationNumber"), (IdentifierTypes.Imo, "imoNumber"), (IdentifierTypes.Mmsi, "mmsi"),
        (IdentifierTypes.Lei, "leiCode"), (IdentifierTypes.Swift, "swiftBic"), (IdentifierTypes.Vat, "vatCode"), (IdentifierTypes.Duns, "dunsCode"),
        (IdentifierTypes.AircraftSerial, "serialNumber"),
    ];

    /// <summary>The type an identifier in <paramref name="property"/> of a subject of <paramref name="kind"/> has.</summary>
    internal static string TypeOf(string property, string value, EntityKind kind) => property switch
    {
        // OGRN and OGRNIP share the property; OGRNIP has 15 digits.
        "ogrnCode" when value.Length == 15 && value.All(char.IsAsciiDigit) => IdentifierTypes.Ogrnip,
        // An airplane's registration number is its registration mark.
        "registrationNumber" when kind == EntityKind.Aircraft => IdentifierTypes.AircraftTail,
        _ => IdentifierProperties.First(p => p.Property == property).Type,
    };

    /// <summary>The property an identifier of <paramref name="type"/> of a subject of <paramref name="kind"/> is written in.</summary>
    internal static string PropertyOf(string type, EntityKind kind) => type switch
    {
        IdentifierTypes.Ogrnip => "ogrnCode",
        IdentifierTypes.AircraftTail => "registrationNumber",
        IdentifierTypes.Registration when kind == EntityKind.Aircraft => "idNumber",
        _ => IdentifierProperties.FirstOrDefault(p => p.Type == type).Property ?? "idNumber",
    };

    private sealed record Sanction(string? Regime, string? Schedule, string? Item, PartialDate? Start, PartialDate? End);

    private sealed record Identification(string Holder, string Type, string Number, string? Country);

    public static SanctionsList Parse(Stream stream, string file, string? source)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var entities = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        var datasets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var sanctions = new Dictionary<string, List<Sanction>>(StringComparer.Ordinal);
        var identifications = new List<Identification>();
        var line = 0;
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
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("id", out var idProp) || idProp.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("schema", out var schemaProp) || schemaProp.ValueKind != JsonValueKind.String)
                {
                    throw new ListFormatException(file, line, "not a FollowTheMoney entity: an object with \"id\" and \"schema\" strings");
                }
                var props = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                var schema = schemaProp.GetString()!;
                var id = idProp.GetString()!;
                switch (schema)
                {
                    case "Sanction":
                        ReadSanction(props, sanctions);
                        continue;
                    case "Identification" or "Passport":
                        ReadIdentification(props, schema, identifications);
                        continue;
                    default:
                        break;
                }
                if (!Kinds.TryGetValue(schema, out var kind))
                {
                    continue;
                }
                var e = ReadSubject(id, kind, schema, props, file, line);
                if (!entities.TryAdd(id, e))
                {
                    throw new ListFormatException(file, line, $"entity id {id} appears twice");
                }
                datasets[id] = root.TryGetProperty("datasets", out var ds) && ds.ValueKind == JsonValueKind.Array
                    ? [.. ds.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                    : [];
            }
        }
        if (entities.Count == 0)
        {
            throw new ListFormatException(file, 0, "no subjects (Person, Organization, Company, LegalEntity, PublicBody, Vessel or Airplane entities): not a sanctions list");
        }
        foreach (var (id, e) in entities)
        {
            if (sanctions.TryGetValue(id, out var list))
            {
                ApplySanctions(e, list);
            }
        }
        foreach (var i in identifications)
        {
            if (entities.TryGetValue(i.Holder, out var e))
            {
                ApplyIdentification(e, i);
            }
        }
        var name = source ?? Source(datasets, file);
        return new SanctionsList(name, [.. entities.Values.Select(e => e.WithSource(name))]);
    }

    // The dataset every subject belongs to names the list, so that two datasets imported one after the other stay two lists.
    private static string Source(Dictionary<string, string[]> datasets, string file)
    {
        var common = datasets.Values.Select(d => (IEnumerable<string>)d).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal)).ToList();
        if (common.Count == 1)
        {
            return ListReader.SourceProblem(common[0]) is { } problem
                ? throw new ListFormatException(file, 0, $"the entities' dataset \u201c{common[0]}\u201d cannot name a list ({problem}): name it with --source NAME")
                : common[0];
        }
        var all = datasets.Values.SelectMany(d => d).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var reason = all.Count == 0
            ? "the entities name no dataset"
            : common.Count == 0
                ? $"the subjects come from {all.Count} datasets and none is common to all ({string.Join(", ", all.Take(5))}{(all.Count > 5 ? ", …" : "")})"
                : $"every subject is in {common.Count} datasets ({string.Join(", ", common)})";
        throw new ListFormatException(file, 0, reason + ": name the list with --source NAME");
    }

    private static ListedEntity ReadSubject(string id, EntityKind kind, string schema, JsonElement props, string file, int line)
    {
        var e = new ListedEntity(id, kind, "ftm");
        foreach (var n in Values(props, "name"))
        {
            e.AddName(n, NameKind.Primary);
        }
        foreach (var n in Values(props, "alias"))
        {
            e.AddName(n, NameKind.Alias);
        }
        foreach (var n in Values(props, "weakAlias"))
        {
            e.AddName(n, NameKind.WeakAlias);
        }
        foreach (var n in Values(props, "previousName"))
        {
            e.AddName(n, NameKind.Previous);
        }
        if (e.Names.Count == 0)
        {
            throw new ListFormatException(file, line, $"{schema} {id} has no name");
        }
        foreach (var d in Values(props, "birthDate").Concat(Values(props, "incorporationDate")).Concat(Values(props, "buildDate")))
        {
            if (Date(d) is { } pd)
            {
                e.AddBirthDate(pd);
            }
        }
        foreach (var c in Values(props, "nationality").Concat(Values(props, "citizenship")).Concat(Values(props, "jurisdiction")).Concat(Values(props, "country")))
        {
            e.AddNationality(c);
        }
        foreach (var (_, property) in IdentifierProperties)
        {
            foreach (var v in Values(props, property))
            {
                e.AddIdentifier(TypeOf(property, v, kind), v);
            }
        }
        var notes = Values(props, "notes").ToList();
        e.Notes = notes.Count == 0 ? null : string.Join(" ", notes);
        return e;
    }

    private static void ReadSanction(JsonElement props, Dictionary<string, List<Sanction>> sanctions)
    {
        var regime = Values(props, "programId").FirstOrDefault() ?? Values(props, "program").FirstOrDefault() ?? Values(props, "authority").FirstOrDefault();
        var schedule = Values(props, "provisions").FirstOrDefault(v => v.StartsWith(SchedulePrefix, StringComparison.Ordinal))?[SchedulePrefix.Length..];
        var item = Values(props, "unscId").FirstOrDefault() ?? Values(props, "authorityId").FirstOrDefault();
        var start = Values(props, "listingDate").Concat(Values(props, "startDate")).Select(Date).Where(d => d is not null).Min();
        var end = Values(props, "endDate").Select(Date).Where(d => d is not null).Max();
        foreach (var target in Values(props, "entity"))
        {
            if (!sanctions.TryGetValue(target, out var list))
            {
                sanctions[target] = list = [];
            }
            list.Add(new Sanction(regime, schedule, item, start, end));
        }
    }

    /// <summary>How a schedule is written in a Sanction's provisions, so that it reads back.</summary>
    internal const string SchedulePrefix = "Schedule ";

    private static void ApplySanctions(ListedEntity e, List<Sanction> sanctions)
    {
        foreach (var s in sanctions)
        {
            // A Sanction without a programme or authority still dates the listing.
            if (s.Regime is not null)
            {
                e.LegalBasis.Add(new LegalBasis(s.Regime, s.Schedule, s.Item, s.End));
            }
            if (s.Start is { } start && (e.ListedOn is null || start < e.ListedOn))
            {
                e.ListedOn = start;
            }
        }
        // The subject is lifted when every sanction on it has ended (or ends): on the latest of their end dates.
        if (sanctions.All(s => s.End is not null))
        {
            e.LiftedOn = sanctions.Max(s => s.End);
        }
    }

    private static void ReadIdentification(JsonElement props, string schema, List<Identification> identifications)
    {
        var holder = Values(props, "holder").FirstOrDefault();
        var number = Values(props, "number").Concat(Values(props, "passportNumber")).FirstOrDefault();
        if (holder is null || number is null)
        {
            return;
        }
        var type = Values(props, "type").Select(IdentifierTypes.Canonical).FirstOrDefault(t => t is not null)
            ?? (schema == "Passport" ? IdentifierTypes.Passport : IdentifierTypes.Other);
        identifications.Add(new Identification(holder, type, number, Values(props, "country").FirstOrDefault()));
    }

    // An Identification says what the property alone cannot: the country, and the type where one property serves several.
    private static void ApplyIdentification(ListedEntity e, Identification i)
    {
        var key = Identifier.Canonical(i.Number);
        var property = PropertyOf(i.Type, e.Kind);
        var at = e.Identifiers.FindIndex(x => x.Key == key && PropertyOf(x.Type, e.Kind) == property);
        var identifier = new Identifier(i.Type, i.Number, i.Country);
        if (at >= 0)
        {
            e.Identifiers[at] = identifier;
        }
        else if (!e.Identifiers.Exists(x => x.Type == i.Type && x.Key == key))
        {
            e.Identifiers.Add(identifier);
        }
    }

    private static PartialDate? Date(string d) => PartialDate.TryParse(d.Length > 10 ? d[..10] : d, out var pd) ? pd : null;

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
