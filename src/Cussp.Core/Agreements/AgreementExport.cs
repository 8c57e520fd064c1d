using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using NodaTime.Text;

namespace Cussp.Agreements;

/// <summary>Export formats of the register.</summary>
public enum ExportFormat
{
    /// <summary>Akoma Ntoso 3.0 XML, <c>&lt;doc name="agreement"&gt;</c>.</summary>
    Akn,
    /// <summary>The API's JSON document.</summary>
    Json,
    /// <summary>Markdown for reading and diffing.</summary>
    Md,
}

/// <summary>Writes an agreement snapshot in an export format.</summary>
public static class AgreementExport
{
    /// <summary>The Akoma Ntoso 3.0 namespace.</summary>
    public const string AknNamespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    /// <summary>The namespace of the register's own metadata inside <c>&lt;proprietary&gt;</c>.</summary>
    public const string RegisterNamespace = "urn:cussp-desk:register:1";

    /// <summary>Media type and file extension of a format.</summary>
    public static (string MediaType, string Extension) Describe(ExportFormat format) => format switch
    {
        ExportFormat.Akn => ("application/akn+xml", "xml"),
        ExportFormat.Json => ("application/json", "json"),
        ExportFormat.Md => ("text/markdown; charset=utf-8", "md"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Writes <paramref name="snapshot"/> to <paramref name="output"/> in <paramref name="format"/>.</summary>
    public static void Write(RegisterSnapshot snapshot, ExportFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case ExportFormat.Akn:
                WriteAkn(snapshot, output);
                break;
            case ExportFormat.Json:
                using (var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
                {
                    JsonSerializer.Serialize(w, AgreementDocumentDto.From(snapshot), AgreementJson.Options);
                }
                break;
            case ExportFormat.Md:
                using (var sw = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
                {
                    sw.Write(Markdown(snapshot));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The eId of a provision or division in the Akoma Ntoso naming convention (<c>part_IV__sec_K__para_1__list_1__item_ii</c>).</summary>
    public static string EId(string citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var parts = citation.Split('.');
        if (parts[0] == "PRE")
        {
            return $"preamble__recital_{parts[1]}";
        }
        var sb = new StringBuilder("part_").Append(parts[0]);
        var i = 1;
        if (i < parts.Length && parts[i].Length == 1 && char.IsAsciiLetterUpper(parts[i][0]))
        {
            sb.Append("__sec_").Append(parts[i]);
            i++;
        }
        if (i < parts.Length)
        {
            sb.Append("__para_").Append(parts[i]);
            i++;
        }
        for (; i < parts.Length; i++)
        {
            sb.Append("__list_1__item_").Append(parts[i]);
        }
        return sb.ToString();
    }

    private static void WriteAkn(RegisterSnapshot s, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var x = XmlWriter.Create(output, settings);
        var a = s.Agreement;
        var date = a.SignedOn is { } d ? LocalDatePattern.Iso.Format(d) : "1970-01-01";
        var work = $"/akn/ca-ua/doc/agreement/{date}/{a.Id}";
        x.WriteStartDocument();
        x.WriteStartElement("akomaNtoso", AknNamespace);
        x.WriteAttributeString("xmlns", "cussp", null, RegisterNamespace);
        x.WriteStartElement("doc", AknNamespace);
        x.WriteAttributeString("name", "agreement");

        x.WriteStartElement("meta", AknNamespace);
        x.WriteStartElement("identification", AknNamespace);
        x.WriteAttributeString("source", "#cussp-desk");
        Frbr(x, "FRBRWork", work, work + "/!main", date, "signature", [("FRBRcountry", "value", "ca")]);
        // Each consolidated version is an expression of the work, dated from the day it is in force.
        var (version, versionEvent) = s.Version.Number == 1 ? (date, "signature") : (LocalDatePattern.Iso.Format(s.Version.EffectiveOn), "consolidation");
        Frbr(x, "FRBRExpression", work + "/eng@" + version, work + "/eng@" + version + "/!main", version, versionEvent, [("FRBRlanguage", "language", "eng")]);
        Frbr(x, "FRBRManifestation", work + "/eng@" + version, work + "/eng@" + version + "/!main.xml", version, "export", []);
        x.WriteEndElement();
        x.WriteStartElement("references", AknNamespace);
        x.WriteAttributeString("source", "#cussp-desk");
        Tlc(x, "cussp-desk", "/ontology/organization/cussp-desk", "CUSSP Desk");
        Tlc(x, "canada", "/ontology/organization/ca.government", "Canada");
        Tlc(x, "ukraine", "/ontology/organization/ua.government", "Ukraine");
        x.WriteEndElement();
        x.WriteStartElement("proprietary", AknNamespace);
        x.WriteAttributeString("source", "#cussp-desk");
        foreach (var p in s.Provisions)
        {
            x.WriteStartElement("cussp", "provision", RegisterNamespace);
            x.WriteAttributeString("href", "#" + EId(p.Citation));
            x.WriteAttributeString("citation", p.Citation);
            x.WriteAttributeString("actor", p.Actor.Name());
            x.WriteAttributeString("modality", p.Modality.Name());
            x.WriteAttributeString("component", p.Component);
            if (p.SecondaryComponents.Count > 0)
            {
                x.WriteAttributeString("secondaryComponents", string.Join(' ', p.SecondaryComponents));
            }
            if (p.SummaryLines.Count > 0)
            {
                x.WriteAttributeString("summaryLines", string.Join(' ', p.SummaryLines));
            }
            x.WriteAttributeString("overridden", p.Override is null ? "false" : "true");
            foreach (var r in p.TimeRules)
            {
                x.WriteStartElement("cussp", "timeRule", RegisterNamespace);
                x.WriteAttributeString("kind", r.KindName);
                x.WriteAttributeString("anchor", r.AnchorName);
                x.WriteAttributeString("period", PeriodPattern.Roundtrip.Format(r.Period));
                x.WriteString(r.Phrase);
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        foreach (var l in s.SummaryLines)
        {
            x.WriteStartElement("cussp", "summaryLine", RegisterNamespace);
            x.WriteAttributeString("number", l.Number);
            x.WriteAttributeString("component", l.Component);
            x.WriteString(l.Text);
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement(); // meta

        x.WriteStartElement("preface", AknNamespace);
        x.WriteStartElement("p", AknNamespace);
        x.WriteStartElement("docTitle", AknNamespace);
        x.WriteString(a.Title);
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();

        var recitals = s.Provisions.Where(p => p.Kind == ProvisionKind.Recital).ToList();
        if (recitals.Count > 0 || s.PartiesClause is not null)
        {
            x.WriteStartElement("preamble", AknNamespace);
            if (s.PartiesClause is not null)
            {
                x.WriteElementString("p", AknNamespace, s.PartiesClause);
            }
            if (recitals.Count > 0)
            {
                x.WriteStartElement("recitals", AknNamespace);
                x.WriteAttributeString("eId", "preamble__recitals");
                foreach (var r in recitals)
                {
                    x.WriteStartElement("recital", AknNamespace);
                    x.WriteAttributeString("eId", EId(r.Citation));
                    x.WriteElementString("num", AknNamespace, r.Number);
                    x.WriteElementString("p", AknNamespace, r.Text);
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }

        x.WriteStartElement("mainBody", AknNamespace);
        var children = s.Provisions.Where(p => p.ParentCitation is not null).ToLookup(p => p.ParentCitation!, StringComparer.Ordinal);
        var paragraphsByDivision = s.Provisions.Where(p => p.Kind == ProvisionKind.Paragraph).ToLookup(p => p.DivisionCitation, StringComparer.Ordinal);
        foreach (var part in s.Divisions.Where(dv => dv.IsPart))
        {
            x.WriteStartElement("part", AknNamespace);
            x.WriteAttributeString("eId", "part_" + part.Citation);
            x.WriteElementString("num", AknNamespace, $"Part {part.Number}.");
            x.WriteElementString("heading", AknNamespace, part.Heading);
            foreach (var para in paragraphsByDivision[part.Citation])
            {
                WriteParagraph(x, para, children);
            }
            foreach (var section in s.Divisions.Where(dv => !dv.IsPart && dv.Citation.StartsWith(part.Citation + ".", StringComparison.Ordinal)))
            {
                x.WriteStartElement("section", AknNamespace);
                x.WriteAttributeString("eId", EId(section.Citation));
                x.WriteElementString("num", AknNamespace, section.Number + ".");
                x.WriteElementString("heading", AknNamespace, section.Heading);
                foreach (var para in paragraphsByDivision[section.Citation])
                {
                    WriteParagraph(x, para, children);
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        x.WriteEndElement(); // mainBody

        if (s.SignatureClause is not null)
        {
            x.WriteStartElement("conclusions", AknNamespace);
            x.WriteElementString("p", AknNamespace, s.SignatureClause);
            x.WriteEndElement();
        }
        x.WriteEndElement(); // doc
        x.WriteEndElement(); // akomaNtoso
        x.WriteEndDocument();
    }

    private static void WriteParagraph(XmlWriter x, ProvisionView para, ILookup<string, ProvisionView> children)
    {
        x.WriteStartElement("paragraph", AknNamespace);
        x.WriteAttributeString("eId", EId(para.Citation));
        x.WriteElementString("num", AknNamespace, para.Number + ".");
        x.WriteStartElement("content", AknNamespace);
        x.WriteElementString("p", AknNamespace, para.Text);
        WriteList(x, para, children);
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void WriteList(XmlWriter x, ProvisionView parent, ILookup<string, ProvisionView> children)
    {
        var items = children[parent.Citation].ToList();
        if (items.Count == 0)
        {
            return;
        }
        x.WriteStartElement("blockList", AknNamespace);
        x.WriteAttributeString("eId", EId(parent.Citation) + "__list_1");
        foreach (var item in items)
        {
            x.WriteStartElement("item", AknNamespace);
            x.WriteAttributeString("eId", EId(item.Citation));
            x.WriteElementString("num", AknNamespace, $"({item.Number})");
            x.WriteElementString("p", AknNamespace, item.Text);
            WriteList(x, item, children);
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void Frbr(XmlWriter x, string element, string uri, string @this, string date, string dateName, (string Element, string Attribute, string Value)[] extra)
    {
        x.WriteStartElement(element, AknNamespace);
        Empty(x, "FRBRthis", "value", @this);
        Empty(x, "FRBRuri", "value", uri);
        x.WriteStartElement("FRBRdate", AknNamespace);
        x.WriteAttributeString("date", date);
        x.WriteAttributeString("name", dateName);
        x.WriteEndElement();
        Empty(x, "FRBRauthor", "href", "#cussp-desk");
        foreach (var (e, attr, value) in extra)
        {
            Empty(x, e, attr, value);
        }
        x.WriteEndElement();
    }

    private static void Empty(XmlWriter x, string element, string attribute, string value)
    {
        x.WriteStartElement(element, AknNamespace);
        x.WriteAttributeString(attribute, value);
        x.WriteEndElement();
    }

    private static void Tlc(XmlWriter x, string eId, string href, string showAs)
    {
        x.WriteStartElement("TLCOrganization", AknNamespace);
        x.WriteAttributeString("eId", eId);
        x.WriteAttributeString("href", href);
        x.WriteAttributeString("showAs", showAs);
        x.WriteEndElement();
    }

    private static string Markdown(RegisterSnapshot s)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"# {s.Agreement.Title}\n\n");
        if (s.Agreement.SignedOn is { } d)
        {
            sb.Append(inv, $"Signed at {s.Agreement.SignedAt} on {LocalDatePattern.Iso.Format(d)}.\n\n");
        }
        var recitals = s.Provisions.Where(p => p.Kind == ProvisionKind.Recital).ToList();
        if (recitals.Count > 0)
        {
            sb.Append("## Preamble\n\n");
            if (s.PartiesClause is not null)
            {
                sb.Append(s.PartiesClause).Append('\n').Append('\n');
            }
            foreach (var r in recitals)
            {
                Line(sb, r, "");
            }
        }
        var byDivision = s.Provisions.Where(p => p.Kind != ProvisionKind.Recital).ToLookup(p => p.DivisionCitation, StringComparer.Ordinal);
        foreach (var div in s.Divisions)
        {
            if (div.IsPart)
            {
                sb.Append(inv, $"## Part {div.Number}. {div.Heading}\n\n");
            }
            else
            {
                sb.Append(inv, $"### {div.Number}. {div.Heading}\n\n");
            }
            foreach (var p in byDivision[div.Citation])
            {
                Line(sb, p, new string(' ', p.Depth * 2));
            }
        }
        if (s.SignatureClause is not null)
        {
            sb.Append(s.SignatureClause).Append('\n');
        }
        if (s.SummaryLines.Count > 0)
        {
            sb.Append("\n## Key components and the provisions that carry them out\n");
            foreach (var group in s.SummaryLines.GroupBy(l => l.Component))
            {
                sb.Append(inv, $"\n### {KeyComponents.TitleOf(group.Key)}\n\n");
                foreach (var l in group)
                {
                    sb.Append(inv, $"- **{l.Number}** {l.Text} ({string.Join(", ", s.CarryingOut(l).Select(p => p.Citation))})\n");
                }
            }
        }
        return sb.ToString();
    }

    private static string Also(IReadOnlyList<string> secondary) => secondary.Count == 0 ? "" : " (also " + string.Join(", ", secondary) + ")";

    private static void Line(StringBuilder sb, ProvisionView p, string indent)
    {
        var marker = indent.Length == 0 ? "" : "- ";
        sb.Append(CultureInfo.InvariantCulture,
            $"{indent}{marker}**{p.Citation}** {p.Text} _[{p.Actor.Name()} · {p.Modality.Name()} · {p.Component}{Also(p.SecondaryComponents)}{(p.Override is null ? "" : " · override")}]_\n\n");
    }
}
