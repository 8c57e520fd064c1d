using System.Globalization;

namespace Cussp.Screening;

/// <summary>What a listed subject is, after the FollowTheMoney schemata.</summary>
public enum EntityKind
{
    /// <summary>A natural person.</summary>
    Person,
    /// <summary>An organisation that is not (known to be) a registered company: a ministry, an armed group.</summary>
    Organization,
    /// <summary>A registered company.</summary>
    Company,
    /// <summary>A ship.</summary>
    Vessel,
    /// <summary>An aircraft.</summary>
    Aircraft,
}

/// <summary>How a name belongs to its subject.</summary>
public enum NameKind
{
    /// <summary>The name the list gives first.</summary>
    Primary,
    /// <summary>A strong alias (a.k.a., good quality).</summary>
    Alias,
    /// <summary>A weak or low-quality alias: shown, never enough on its own for an alert.</summary>
    WeakAlias,
    /// <summary>A former name (f.k.a.).</summary>
    Previous,
}

/// <summary>One name of a listed subject, in whatever script the list wrote it.</summary>
public sealed record ListedName(string Value, NameKind Kind);

/// <summary>
/// The identifier types the lists carry, and how screening weighs them. Two identifiers are the same only when both the type and
/// the value agree (a passport number never matches an INN). A match decides for the subject, except for types that are not
/// unique to one subject (KPP). A different value of the same type (and country) decides against the subject when the type is
/// permanent, given once for life (INN, OGRN, OGRNIP, OKPO, IMO, LEI, D-U-N-S, an aircraft's serial number); documents that are
/// renewed or re-issued (passports, identity cards, MMSI and tail numbers after a change of flag or register, generic tax and
/// registration numbers) only lower the score, since a subject may hold several over time.
/// </summary>
public static class IdentifierTypes
{
    /// <summary>Passport number.</summary>
    public const string Passport = "passport";
    /// <summary>National identity number or card.</summary>
    public const string NationalId = "national-id";
    /// <summary>A tax number of a country without its own type here.</summary>
    public const string TaxId = "tax-id";
    /// <summary>Russian taxpayer number (ИНН): 10 digits for organisations, 12 for persons.</summary>
    public const string Inn = "inn";
    /// <summary>Russian primary state registration number of a legal entity (ОГРН): 13 digits.</summary>
    public const string Ogrn = "ogrn";
    /// <summary>Russian primary state registration number of a sole proprietor (ОГРНИП): 15 digits.</summary>
    public const string Ogrnip = "ogrnip";
    /// <summary>Russian statistical classifier code (ОКПО), which OFAC calls the Government Gazette Number.</summary>
    public const string Okpo = "okpo";
    /// <summary>Russian tax registration reason code (КПП): shared by many organisations, never decisive.</summary>
    public const string Kpp = "kpp";
    /// <summary>A company or business registration number of a country without its own type here.</summary>
    public const string Registration = "registration";
    /// <summary>IMO ship identification number.</summary>
    public const string Imo = "imo";
    /// <summary>Maritime Mobile Service Identity of a ship's radio.</summary>
    public const string Mmsi = "mmsi";
    /// <summary>Legal Entity Identifier (ISO 17442).</summary>
    public const string Lei = "lei";
    /// <summary>SWIFT/BIC code of a bank.</summary>
    public const string Swift = "swift";
    /// <summary>VAT number.</summary>
    public const string Vat = "vat";
    /// <summary>Dun &amp; Bradstreet D-U-N-S number.</summary>
    public const string Duns = "duns";
    /// <summary>An aircraft's manufacturer serial number (MSN, construction number).</summary>
    public const string AircraftSerial = "aircraft-serial";
    /// <summary>An aircraft's registration mark (tail number).</summary>
    public const string AircraftTail = "aircraft-tail";
    /// <summary>An identity document whose kind the list does not say.</summary>
    public const string Other = "id";

    /// <summary>Every type, in the order explanations list them.</summary>
    public static IReadOnlyList<string> All => AllTypes;

    private static readonly string[] AllTypes =
        [Passport, NationalId, TaxId, Inn, Ogrn, Ogrnip, Okpo, Kpp, Registration, Imo, Mmsi, Lei, Swift, Vat, Duns, AircraftSerial, AircraftTail, Other];

    /// <summary>Where a type stands in <see cref="All"/>; unknown types after every known one.</summary>
    internal static int Order(string type)
    {
        var i = Array.IndexOf(AllTypes, type);
        return i < 0 ? AllTypes.Length : i;
    }

    private static readonly HashSet<string> Permanent = new(StringComparer.Ordinal) { Inn, Ogrn, Ogrnip, Okpo, Imo, Lei, Duns, AircraftSerial };

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["passportnumber"] = Passport,
        ["nationalid"] = NationalId,
        ["idnumber"] = NationalId,
        ["taxnumber"] = TaxId,
        ["taxid"] = TaxId,
        ["inncode"] = Inn,
        ["ogrncode"] = Ogrn,
        ["okpocode"] = Okpo,
        ["kppcode"] = Kpp,
        ["registrationnumber"] = Registration,
        ["imonumber"] = Imo,
        ["leicode"] = Lei,
        ["swiftbic"] = Swift,
        ["bic"] = Swift,
        ["vatcode"] = Vat,
        ["dunscode"] = Duns,
        ["serialnumber"] = AircraftSerial,
        ["msn"] = AircraftSerial,
        ["tailnumber"] = AircraftTail,
    };

    /// <summary>The type in its canonical spelling (<c>INN</c> → <c>inn</c>, <c>passportNumber</c> → <c>passport</c>), or null when unknown.</summary>
    public static string? Canonical(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }
        var t = type.Trim().ToLowerInvariant();
        if (AllTypes.Contains(t))
        {
            return t;
        }
        return Synonyms.TryGetValue(t.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), out var c)
            ? c : null;
    }

    /// <summary>True when a match of this type identifies the subject (every type but KPP).</summary>
    public static bool Decides(string type) => type != Kpp;

    /// <summary>True when a subject has one value of this type for good, so that another value means another subject.</summary>
    public static bool IsPermanent(string type) => Permanent.Contains(type);
}

/// <summary>An identifier of a listed subject: passport, national id, INN, OGRN, IMO number, registration number.</summary>
public sealed record Identifier(string Type, string Value, string? Country = null)
{
    /// <summary>The value reduced to letters and digits, upper case: the form identifiers are compared in.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => Canonical(Value);

    /// <summary>Reduces an identifier to upper-case letters and digits.</summary>
    public static string Canonical(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Create(value.Count(char.IsLetterOrDigit), value, static (span, v) =>
        {
            var i = 0;
            foreach (var c in v)
            {
                if (char.IsLetterOrDigit(c))
                {
                    span[i++] = char.ToUpperInvariant(c);
                }
            }
        });
    }
}

/// <summary>
/// The legal basis of a listing: regime or programme, and where the list has them, schedule and item, and the date the listing
/// ends or ended (a term sanction that expires, a listing lifted).
/// </summary>
public sealed record LegalBasis(string Regime, string? Schedule = null, string? Item = null, PartialDate? EndsOn = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        Regime + (Schedule is null ? "" : ", schedule " + Schedule) + (Item is null ? "" : ", item " + Item)
        + (EndsOn is { } end ? ", until " + end : "");
}

/// <summary>A date known to the year, the month or the day, as lists give dates of birth.</summary>
public readonly record struct PartialDate(int Year, int? Month = null, int? Day = null) : IComparable<PartialDate>
{
    /// <summary>Reads <c>yyyy</c>, <c>yyyy-MM</c> or <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var parts = text.Trim().Split('-');
        if (parts.Length > 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1000 || y > 2999)
        {
            return false;
        }
        int? m = null, d = null;
        if (parts.Length > 1)
        {
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mm) || mm is < 1 or > 12)
            {
                return false;
            }
            m = mm;
        }
        if (parts.Length > 2)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var dd) || dd < 1 || dd > DateTime.DaysInMonth(y, m!.Value))
            {
                return false;
            }
            d = dd;
        }
        date = new PartialDate(y, m, d);
        return true;
    }

    /// <summary>Reads a date that must be well formed.</summary>
    public static PartialDate Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not a date (yyyy, yyyy-MM or yyyy-MM-dd)");

    /// <inheritdoc />
    public int CompareTo(PartialDate other) => (Year, Month ?? 0, Day ?? 0).CompareTo((other.Year, other.Month ?? 0, other.Day ?? 0));

    /// <summary>Orders dates by year, then month, then day.</summary>
    public static bool operator <(PartialDate left, PartialDate right) => left.CompareTo(right) < 0;

    /// <summary>Orders dates by year, then month, then day.</summary>
    public static bool operator >(PartialDate left, PartialDate right) => left.CompareTo(right) > 0;

    /// <summary>Orders dates by year, then month, then day.</summary>
    public static bool operator <=(PartialDate left, PartialDate right) => left.CompareTo(right) <= 0;

    /// <summary>Orders dates by year, then month, then day.</summary>
    public static bool operator >=(PartialDate left, PartialDate right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() =>
        Day is { } d ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{d:D2}")
        : Month is { } m ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{m:D2}")
        : Year.ToString("D4", CultureInfo.InvariantCulture);
}

/// <summary>A subject of a sanctions list: a person, organisation, company, vessel or aircraft, with what identifies it.</summary>
public sealed class ListedEntity
{
    /// <summary>Creates a subject with its list-scoped identifier.</summary>
    public ListedEntity(string id, EntityKind kind, string source)
    {
        Id = id;
        Kind = kind;
        Source = source;
    }

    /// <summary>Identifier, unique within the source (e.g. <c>un-6908555</c>, <c>ofac-36</c>).</summary>
    public string Id { get; }

    /// <summary>What the subject is.</summary>
    public EntityKind Kind { get; set; }

    /// <summary>Which list it comes from (<c>sema</c>, <c>un</c>, <c>ofac</c>, <c>ftm</c>).</summary>
    public string Source { get; }

    /// <summary>Names, the primary first.</summary>
    public List<ListedName> Names { get; } = [];

    /// <summary>Dates of birth (persons), incorporation (companies) or build (vessels).</summary>
    public List<PartialDate> BirthDates { get; } = [];

    /// <summary>Nationalities or countries, as the list writes them.</summary>
    public List<string> Nationalities { get; } = [];

    /// <summary>Passports, national ids, tax and registration numbers, IMO numbers.</summary>
    public List<Identifier> Identifiers { get; } = [];

    /// <summary>Regimes, schedules and items under which the subject is listed.</summary>
    public List<LegalBasis> LegalBasis { get; } = [];

    /// <summary>When the subject was listed, if the list says.</summary>
    public PartialDate? ListedOn { get; set; }

    /// <summary>
    /// When the listing was lifted, or ends, if every legal basis of it has ended: the latest end date of its legal bases, or the
    /// date of the import that no longer found it.
    /// </summary>
    public PartialDate? LiftedOn { get; set; }

    /// <summary>Records that the subject is no longer listed from <paramref name="date"/>: every legal basis without an end ends then.</summary>
    public void Lift(PartialDate date)
    {
        for (var i = 0; i < LegalBasis.Count; i++)
        {
            if (LegalBasis[i].EndsOn is null)
            {
                LegalBasis[i] = LegalBasis[i] with { EndsOn = date };
            }
        }
        LiftedOn = LegalBasis.Count == 0 ? date : LegalBasis.Max(b => b.EndsOn!.Value);
    }

    /// <summary>Free text the list adds (remarks, titles, positions).</summary>
    public string? Notes { get; set; }

    /// <summary>A copy of the subject as listed by another source.</summary>
    public ListedEntity WithSource(string source)
    {
        var copy = new ListedEntity(Id, Kind, source) { ListedOn = ListedOn, LiftedOn = LiftedOn, Notes = Notes };
        copy.Names.AddRange(Names);
        copy.BirthDates.AddRange(BirthDates);
        copy.Nationalities.AddRange(Nationalities);
        copy.Identifiers.AddRange(Identifiers);
        copy.LegalBasis.AddRange(LegalBasis);
        return copy;
    }

    /// <summary>The primary name, or the first name of any kind.</summary>
    public string Caption => Names.FirstOrDefault(n => n.Kind == NameKind.Primary)?.Value ?? Names.FirstOrDefault()?.Value ?? Id;

    /// <summary>Adds a name unless the same text is already there; a stronger kind wins over a weaker one.</summary>
    public void AddName(string? value, NameKind kind)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return;
        }
        v = string.Join(' ', v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var i = Names.FindIndex(n => string.Equals(n.Value, v, StringComparison.OrdinalIgnoreCase));
        if (i < 0)
        {
            Names.Add(new ListedName(v, kind));
        }
        else if (kind < Names[i].Kind)
        {
            Names[i] = Names[i] with { Kind = kind };
        }
    }

    /// <summary>Adds an identifier unless the same type and value are already there.</summary>
    public void AddIdentifier(string type, string? value, string? country = null)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v) || Identifier.Canonical(v).Length == 0)
        {
            return;
        }
        var id = new Identifier(type, v, string.IsNullOrWhiteSpace(country) ? null : country.Trim());
        if (!Identifiers.Exists(x => x.Type == type && x.Key == id.Key))
        {
            Identifiers.Add(id);
        }
    }

    /// <summary>Adds a nationality or country unless already there.</summary>
    public void AddNationality(string? value)
    {
        var v = value?.Trim();
        if (!string.IsNullOrEmpty(v) && !Nationalities.Contains(v, StringComparer.OrdinalIgnoreCase))
        {
            Nationalities.Add(v);
        }
    }

    /// <summary>Adds a date unless already there.</summary>
    public void AddBirthDate(PartialDate date)
    {
        if (!BirthDates.Contains(date))
        {
            BirthDates.Add(date);
        }
    }
}

/// <summary>A sanctions list as read from one file: its subjects and where it came from.</summary>
public sealed record SanctionsList(string Source, IReadOnlyList<ListedEntity> Entities);
