using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cussp.Screening;

/// <summary>Writes the list model: as FollowTheMoney JSON lines, as CSV (one row a name), and as one JSON document a subject.</summary>
public static class ListWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new PartialDateConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One subject as a JSON document with every field of the model (what the database stores).</summary>
    public static string ToJson(ListedEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return JsonSerializer.Serialize(new EntityDocument(entity.Id, entity.Kind, entity.Source, entity.Names, entity.BirthDates,
            entity.Nationalities, entity.Identifiers, entity.LegalBasis, entity.ListedOn, entity.LiftedOn, entity.Notes), Options);
    }

    /// <summary>Reads a subject written by <see cref="ToJson"/>.</summary>
    public static ListedEntity FromJson(string json)
    {
        var d = JsonSerializer.Deserialize<EntityDocument>(json, Options) ?? throw new JsonException("null subject");
        var e = new ListedEntity(d.Id, d.Kind, d.Source) { ListedOn = d.ListedOn, LiftedOn = d.LiftedOn, Notes = d.Notes };
        e.Names.AddRange(d.Names ?? []);
        e.BirthDates.AddRange(d.BirthDates ?? []);
        e.Nationalities.AddRange(d.Nationalities ?? []);
        e.Identifiers.AddRange(d.Identifiers ?? []);
        e.LegalBasis.AddRange(d.LegalBasis ?? []);
        return e;
    }

    private sealed record EntityDocument(
        string Id, EntityKind Kind, string Source, List<ListedName>? Names, List<PartialDate>? BirthDates, List<string>? Nationalities,
        List<Identifier>? Identifiers, List<LegalBasis>? LegalBasis, PartialDate? ListedOn, PartialDate? LiftedOn, string? Notes);

    /// <summary>Writes FollowTheMoney entities, one a line: each subject, and a Sanction entity for each legal basis.</summary>
    public static void WriteFtm(IEnumerable<ListedEntity> entities, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var e in entities)
        {
            var props = new JsonObject();
            void Add(string name, IEnumerable<string> values)
            {
                var array = new JsonArray([.. values.Distinct().Select(v => (JsonNode?)JsonValue.Create(v))]);
                if (array.Count > 0)
                {
                    props[name] = array;
                }
            }
            Add("name", e.Names.Where(n => n.Kind == NameKind.Primary).Select(n => n.Value));
            Add("alias", e.Names.Where(n => n.Kind == NameKind.Alias).Select(n => n.Value));
            Add("weakAlias", e.Names.Where(n => n.Kind == NameKind.WeakAlias).Select(n => n.Value));
            Add("previousName", e.Names.Where(n => n.Kind == NameKind.Previous).Select(n => n.Value));
            Add(e.Kind == EntityKind.Person ? "birthDate" : e.Kind == EntityKind.Vessel ? "buildDate" : "incorporationDate", e.BirthDates.Select(d => d.ToString()));
            Add(e.Kind == EntityKind.Person ? "nationality" : "country", e.Nationalities);
            foreach (var group in e.Identifiers.GroupBy(i => FtmProperty(i.Type)))
            {
                Add(group.Key, group.Select(i => i.Value));
            }
            if (e.Notes is not null)
            {
                Add("notes", [e.Notes]);
            }
            Add("topics", ["sanction"]);
            var entity = new JsonObject
            {
                ["id"] = e.Id,
                ["schema"] = Schema(e.Kind),
                ["caption"] = e.Caption,
                ["datasets"] = new JsonArray(JsonValue.Create(e.Source)),
                ["properties"] = props,
            };
            writer.WriteLine(entity.ToJsonString(Options));
            var n = 0;
            foreach (var basis in e.LegalBasis)
            {
                var sanction = new JsonObject
                {
                    ["entity"] = new JsonArray(JsonValue.Create(e.Id)),
                    ["program"] = new JsonArray(JsonValue.Create(basis.ToString())),
                    ["programId"] = new JsonArray(JsonValue.Create(basis.Regime)),
                };
                if (basis.Item is not null)
                {
                    sanction["unscId"] = new JsonArray(JsonValue.Create(basis.Item));
                }
                if (e.ListedOn is { } listed)
                {
                    sanction["listingDate"] = new JsonArray(JsonValue.Create(listed.ToString()));
                }
                if (e.LiftedOn is { } lifted)
                {
                    sanction["endDate"] = new JsonArray(JsonValue.Create(lifted.ToString()));
                }
                var line = new JsonObject
                {
                    ["id"] = e.Id + "-sanction-" + (++n).ToString(CultureInfo.InvariantCulture),
                    ["schema"] = "Sanction",
                    ["properties"] = sanction,
                };
                writer.WriteLine(line.ToJsonString(Options));
            }
        }
    }

    /// <summary>Writes CSV with a header, one row a name (the name, its kind, and the subject's other fields).</summary>
    public static void WriteCsv(IEnumerable<ListedEntity> entities, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("id,source,kind,name,name_kind,birth_dates,nationalities,identifiers,legal_basis,listed_on,lifted_on");
        foreach (var e in entities)
        {
            foreach (var n in e.Names)
            {
                string[] row =
                [
                    e.Id, e.Source, e.Kind.ToString(), n.Value, n.Kind.ToString(),
                    string.Join("; ", e.BirthDates), string.Join("; ", e.Nationalities),
                    string.Join("; ", e.Identifiers.Select(i => i.Type + ":" + i.Value)),
                    string.Join("; ", e.LegalBasis), e.ListedOn?.ToString() ?? "", e.LiftedOn?.ToString() ?? "",
                ];
                writer.WriteLine(string.Join(',', row.Select(Csv)));
            }
        }
    }

    /// <summary>Quotes a CSV field when it needs it.</summary>
    public static string Csv(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Schema(EntityKind kind) => kind switch
    {
        EntityKind.Person => "Person",
        EntityKind.Company => "Company",
        EntityKind.Vessel => "Vessel",
        EntityKind.Aircraft => "Airplane",
        _ => "Organization",
    };

    private static string FtmProperty(string type) => type switch
    {
        "inn" => "innCode",
        "ogrn" => "ogrnCode",
        "kpp" => "kppCode",
        "passport" => "passportNumber",
        "imo" => "imoNumber",
        "swift" => "swiftBic",
        "lei" => "leiCode",
        "tax-id" => "taxNumber",
        "registration" => "registrationNumber",
        _ => "idNumber",
    };

    private sealed class PartialDateConverter : JsonConverter<PartialDate>
    {
        public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PartialDate.TryParse(reader.GetString(), out var d) ? d : throw new JsonException($"'{reader.GetString()}' is not a date");

        public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
