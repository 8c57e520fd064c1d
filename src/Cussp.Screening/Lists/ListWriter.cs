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

    /// <summary>
    /// One subject as a JSON document with every field of the model (what the database stores). The form is canonical: names
    /// by kind and identifiers by type, each kept in the list's order, so that the same subject read from any format writes the
    /// same document.
    /// </summary>
    public static string ToJson(ListedEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var names = entity.Names.OrderBy(n => n.Kind).ToList();
        var identifiers = entity.Identifiers.OrderBy(i => IdentifierTypes.Order(i.Type)).ToList();
        return JsonSerializer.Serialize(new EntityDocument(entity.Id, entity.Kind, entity.Source, names, entity.BirthDates,
            entity.Nationalities, identifiers, entity.LegalBasis, entity.ListedOn, entity.LiftedOn, entity.Notes), Options);
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

    /// <summary>
    /// Writes FollowTheMoney entities, one a line: each subject with its dataset (the list's source); a Sanction entity for each
    /// legal basis with its programme, schedule (in provisions), item, listing and end dates; and an Identification entity for
    /// each identifier whose country or type its property alone does not keep. What this writes, <see cref="ListReader"/> reads
    /// back to the same subjects.
    /// </summary>
    public static void WriteFtm(IEnumerable<ListedEntity> entities, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var e in entities)
        {
            var props = new JsonObject();
            Add(props, "name", e.Names.Where(n => n.Kind == NameKind.Primary).Select(n => n.Value));
            Add(props, "alias", e.Names.Where(n => n.Kind == NameKind.Alias).Select(n => n.Value));
            Add(props, "weakAlias", e.Names.Where(n => n.Kind == NameKind.WeakAlias).Select(n => n.Value));
            Add(props, "previousName", e.Names.Where(n => n.Kind == NameKind.Previous).Select(n => n.Value));
            Add(props, e.Kind == EntityKind.Person ? "birthDate" : e.Kind is EntityKind.Vessel or EntityKind.Aircraft ? "buildDate" : "incorporationDate",
                e.BirthDates.Select(d => d.ToString()));
            Add(props, e.Kind == EntityKind.Person ? "nationality" : "country", e.Nationalities);
            foreach (var group in e.Identifiers.GroupBy(i => FtmParser.PropertyOf(i.Type, e.Kind)))
            {
                Add(props, group.Key, group.Select(i => i.Value));
            }
            if (e.Notes is not null)
            {
                Add(props, "notes", [e.Notes]);
            }
            Add(props, "topics", ["sanction"]);
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
                WriteSanction(writer, e, ++n, basis);
            }
            if (e.LegalBasis.Count == 0 && (e.ListedOn is not null || e.LiftedOn is not null))
            {
                // The dates of a listing without a stated basis still need a Sanction to travel in.
                WriteSanction(writer, e, ++n, null);
            }
            var k = 0;
            foreach (var id in e.Identifiers)
            {
                var property = FtmParser.PropertyOf(id.Type, e.Kind);
                if (id.Country is null && FtmParser.TypeOf(property, id.Value, e.Kind) == id.Type)
                {
                    continue;
                }
                var identification = new JsonObject { ["holder"] = Array(e.Id), ["number"] = Array(id.Value), ["type"] = Array(id.Type) };
                if (id.Country is not null)
                {
                    identification["country"] = Array(id.Country);
                }
                var line = new JsonObject
                {
                    ["id"] = e.Id + "-id-" + (++k).ToString(CultureInfo.InvariantCulture),
                    ["schema"] = id.Type == IdentifierTypes.Passport ? "Passport" : "Identification",
                    ["datasets"] = new JsonArray(JsonValue.Create(e.Source)),
                    ["properties"] = identification,
                };
                writer.WriteLine(line.ToJsonString(Options));
            }
        }
    }

    private static JsonArray Array(string value) => new(JsonValue.Create(value));

    private static void Add(JsonObject props, string name, IEnumerable<string> values)
    {
        var array = new JsonArray([.. values.Distinct().Select(v => (JsonNode?)JsonValue.Create(v))]);
        if (array.Count > 0)
        {
            props[name] = array;
        }
    }

    private static void WriteSanction(TextWriter writer, ListedEntity e, int n, LegalBasis? basis)
    {
        var sanction = new JsonObject { ["entity"] = Array(e.Id) };
        if (basis is not null)
        {
            sanction["program"] = Array(basis.ToString());
            sanction["programId"] = Array(basis.Regime);
            if (basis.Schedule is not null)
            {
                sanction["provisions"] = Array(FtmParser.SchedulePrefix + basis.Schedule);
            }
            if (basis.Item is not null)
            {
                sanction[basis.Regime.StartsWith("UN ", StringComparison.Ordinal) ? "unscId" : "authorityId"] = Array(basis.Item);
            }
        }
        if (e.ListedOn is { } listed)
        {
            sanction["listingDate"] = Array(listed.ToString());
        }
        if ((basis is null ? e.LiftedOn : basis.EndsOn) is { } end)
        {
            sanction["endDate"] = Array(end.ToString());
        }
        var line = new JsonObject
        {
            ["id"] = e.Id + "-sanction-" + n.ToString(CultureInfo.InvariantCulture),
            ["schema"] = "Sanction",
            ["datasets"] = new JsonArray(JsonValue.Create(e.Source)),
            ["properties"] = sanction,
        };
        writer.WriteLine(line.ToJsonString(Options));
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

    private sealed class PartialDateConverter : JsonConverter<PartialDate>
    {
        public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PartialDate.TryParse(reader.GetString(), out var d) ? d : throw new JsonException($"'{reader.GetString()}' is not a date");

        public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
