using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Cussp.Features.Commitments;

/// <summary>Writes a <see cref="Document"/> as Markdown, as HTML (a page's fragment or a print-ready file) or as a Word document.</summary>
internal static class DocumentWriters
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>CommonMark with GitHub's tables; the marking opens and closes it.</summary>
    public static string Markdown(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        md.Append("**").Append(Escape(document.Marking)).Append("**\n\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocumentHeading h:
                    md.Append('#', h.Level).Append(' ').Append(Escape(h.Text)).Append("\n\n");
                    break;
                case DocumentParagraph p:
                    md.Append(p.Strong ? "**" + Escape(p.Text) + "**" : Escape(p.Text)).Append("\n\n");
                    break;
                case DocumentTable table:
                    md.Append('|');
                    foreach (var head in table.Header)
                    {
                        md.Append(' ').Append(Cell(head)).Append(" |");
                    }
                    md.Append("\n|");
                    foreach (var numeric in table.Numeric)
                    {
                        md.Append(numeric ? " ---: |" : " --- |");
                    }
                    md.Append('\n');
                    foreach (var row in table.Rows)
                    {
                        md.Append('|');
                        foreach (var cell in row)
                        {
                            md.Append(' ').Append(Cell(cell.Text + cell.After)).Append(" |");
                        }
                        md.Append('\n');
                    }
                    md.Append('\n');
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block, "not a block a document holds");
            }
        }
        md.Append("**").Append(Escape(document.Marking)).Append("**\n");
        return md.ToString();

        static string Cell(string text) => Escape(text).ReplaceLineEndings("<br>");
    }

    // Markdown's punctuation taken literally, so that words from the agreement or a user are never read as markup.
    private static string Escape(string text)
    {
        var s = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            if (ch is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '&')
            {
                s.Append('\\');
            }
            s.Append(ch);
        }
        return s.ToString();
    }

    /// <summary>
    /// The document as HTML: with <paramref name="standalone"/> a whole print-ready page with its own styles; without, a fragment for
    /// a page of the site whose own heading stands above it (its headings one level down, its title left out).
    /// </summary>
    public static string Html5(Document document, bool standalone)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        var shift = standalone ? 0 : 1;
        if (standalone)
        {
            html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(document.Language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .Append(Html.Encode(document.Title)).Append("</title>\n<style>\n").Append(PrintStyles).Append("</style>\n</head>\n<body>\n");
        }
        html.Append("<p class=\"marking\">").Append(Html.Encode(document.Marking)).Append("</p>\n");
        var tables = 0;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocumentHeading h when !standalone && h.Level == 1:
                    break;
                case DocumentHeading h:
                    html.Append("<h").Append(h.Level + shift).Append('>').Append(Html.Encode(h.Text)).Append("</h").Append(h.Level + shift).Append(">\n");
                    break;
                case DocumentParagraph p:
                    html.Append(p.Strong ? "<p class=\"warning\"" : "<p");
                    if (p.Lang is not null)
                    {
                        html.Append(" lang=\"").Append(Html.Encode(p.Lang)).Append('"');
                    }
                    html.Append('>').Append(Html.Encode(p.Text)).Append("</p>\n");
                    break;
                case DocumentTable table:
                    var id = $"doc-table-{++tables}";
                    html.Append("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"").Append(id).Append("\">\n<table>\n<caption id=\"")
                        .Append(id).Append("\">").Append(Html.Encode(table.Caption)).Append("</caption>\n<thead><tr>");
                    for (var i = 0; i < table.Header.Count; i++)
                    {
                        html.Append(table.Numeric[i] ? "<th scope=\"col\" class=\"number\">" : "<th scope=\"col\">").Append(Html.Encode(table.Header[i])).Append("</th>");
                    }
                    html.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in table.Rows)
                    {
                        html.Append("<tr>");
                        for (var i = 0; i < row.Count; i++)
                        {
                            var cell = row[i];
                            html.Append(table.Numeric[i] ? "<td class=\"number\"" : "<td");
                            if (cell.Lang is { } lang && cell.After is null)
                            {
                                html.Append(" lang=\"").Append(Html.Encode(lang)).Append('"');
                            }
                            html.Append('>');
                            var words = Html.Encode(cell.Text).ReplaceLineEndings("<br>");
                            if (cell.Lang is { } quoted && cell.After is { } after)
                            {
                                // The quoted words alone carry their language; what follows them is the document's.
                                html.Append("<span lang=\"").Append(Html.Encode(quoted)).Append("\">").Append(words).Append("</span>").Append(Html.Encode(after));
                            }
                            else
                            {
                                html.Append(words).Append(Html.Encode(cell.After ?? ""));
                            }
                            html.Append("</td>");
                        }
                        html.Append("</tr>\n");
                    }
                    html.Append("</tbody>\n</table>\n</div>\n");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block, "not a block a document holds");
            }
        }
        html.Append("<p class=\"marking\">").Append(Html.Encode(document.Marking)).Append("</p>\n");
        if (standalone)
        {
            html.Append("</body>\n</html>\n");
        }
        return html.ToString();
    }

    private const string PrintStyles = """
        @page { size: A4; margin: 18mm 16mm; }
        body { font: 11pt/1.4 "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; break-after: avoid; } h3 { font-size: 1.05rem; break-after: avoid; }
        .marking { text-align: center; font-weight: bold; letter-spacing: .05em; border: 2px solid #111; padding: .2rem; }
        .warning { border-left: 4px solid #a15c00; padding-left: .6rem; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 9.5pt; }
        caption { text-align: left; font-weight: bold; padding: .2rem 0; }
        th, td { border: 1px solid #888; padding: .25rem .4rem; text-align: left; vertical-align: top; }
        thead { display: table-header-group; } tr { break-inside: avoid; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        @media print { body { margin: 0; max-width: none; } }

        """;

    /// <summary>
    /// The document as a Word file (WordprocessingML): heading styles Word's navigation pane reads, tables whose header row repeats on
    /// each page, the marking in every page's header and footer, and the document's language set for its spelling and hyphenation.
    /// </summary>
    public static void Docx(Document document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        package.PackageProperties.Title = document.Title;
        package.PackageProperties.Language = document.Language;
        var main = package.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = Styles(document.Language);
        var header = main.AddNewPart<HeaderPart>();
        header.Header = new Header(Paragraph(document.Marking, "Marking"));
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(Paragraph(document.Marking, "Marking"));

        var body = new Body();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocumentHeading h:
                    body.Append(Paragraph(h.Text, h.Level == 1 ? "Title" : $"Heading{h.Level - 1}"));
                    break;
                case DocumentParagraph p:
                    body.Append(Paragraph(p.Text, p.Strong ? "Warning" : null, p.Lang));
                    break;
                case DocumentTable table:
                    body.Append(Paragraph(table.Caption, "Caption"));
                    body.Append(Table(table));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block, "not a block a document holds");
            }
        }
        body.Append(new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new PageSize { Width = PageWidth, Height = 16838U },
            new PageMargin { Top = 1020, Bottom = 1020, Left = SideMargin, Right = SideMargin, Header = 567U, Footer = 567U, Gutter = 0U }));
        main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(body);
    }

    // A paragraph in a style; the lines of the text become line breaks.
    // An A4 page and its side margins, in twentieths of a point; tables span the width between the margins.
    private const uint PageWidth = 11906U;
    private const uint SideMargin = 907U;
    private const int TextWidth = (int)(PageWidth - 2 * SideMargin);

    private static Paragraph Paragraph(string text, string? style, string? lang = null)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = style });
        }
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var run = new Run();
            if (lang is not null)
            {
                run.RunProperties = new RunProperties(new Languages { Val = lang });
            }
            if (i > 0)
            {
                run.Append(new Break());
            }
            run.Append(new WordText(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
            paragraph.Append(run);
        }
        return paragraph;
    }

    private static Table Table(DocumentTable table)
    {
        var t = new Table(new TableProperties(
            new TableStyle { Val = "Grid" },
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableLook { Val = "04A0" }));
        var width = (TextWidth / Math.Max(1, table.Header.Count)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        t.Append(new TableGrid(table.Header.Select(_ => new GridColumn { Width = width })));
        t.Append(Row([.. table.Header.Select(h => new DocumentCell(h))], table.Numeric, header: true));
        foreach (var row in table.Rows)
        {
            t.Append(Row(row, table.Numeric, header: false));
        }
        return t;
    }

    private static TableRow Row(IReadOnlyList<DocumentCell> cells, IReadOnlyList<bool> numeric, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader(), new CantSplit()));
        }
        for (var i = 0; i < cells.Count; i++)
        {
            var paragraph = Paragraph(cells[i].Text, header ? "TableHeading" : "TableText", cells[i].Lang);
            if (cells[i].After is { } after)
            {
                paragraph.Append(new Run(new WordText(after)));
            }
            if (numeric[i])
            {
                paragraph.ParagraphProperties!.Append(new Justification { Val = JustificationValues.Right });
            }
            row.Append(new TableCell(paragraph));
        }
        return row;
    }

    private static Styles Styles(string language)
    {
        static Style Para(string id, string name, int halfPoints, bool bold, int before = 0, int after = 120, bool heading = false, int? level = null,
            JustificationValues? justify = null)
        {
            var paragraph = new StyleParagraphProperties();
            if (heading)
            {
                paragraph.Append(new KeepNext());
            }
            paragraph.Append(new SpacingBetweenLines
            {
                Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture),
                After = after.ToString(System.Globalization.CultureInfo.InvariantCulture)
            });
            if (justify is { } j)
            {
                paragraph.Append(new Justification { Val = j });
            }
            if (level is { } l)
            {
                paragraph.Append(new OutlineLevel { Val = l });
            }
            var run = new StyleRunProperties();
            if (bold)
            {
                run.Append(new Bold());
            }
            run.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle(), paragraph, run)
            {
                Type = StyleValues.Paragraph,
                StyleId = id,
            };
        }

        var normal = new Style(new StyleName { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "120" }),
            new StyleRunProperties(new FontSize { Val = "20" }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };
        var grid = new Style(new StyleName { Val = "Table Grid" },
            new StyleTableProperties(new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4U }, new LeftBorder { Val = BorderValues.Single, Size = 4U },
                new BottomBorder { Val = BorderValues.Single, Size = 4U }, new RightBorder { Val = BorderValues.Single, Size = 4U },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U }),
                new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                    new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "Grid" };
        return new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                new Languages { Val = language }))),
            normal,
            Para("Title", "Title", 36, bold: true, after: 200, heading: true, level: 0),
            Para("Heading1", "heading 1", 30, bold: true, before: 360, heading: true, level: 0),
            Para("Heading2", "heading 2", 24, bold: true, before: 240, heading: true, level: 1),
            Para("Caption", "caption", 18, bold: true, before: 120, after: 60, heading: true),
            Para("Marking", "Marking", 20, bold: true, after: 0, justify: JustificationValues.Center),
            Para("Warning", "Warning", 20, bold: true),
            Para("TableHeading", "Table Heading", 17, bold: true, after: 0),
            Para("TableText", "Table Text", 17, bold: false, after: 0),
            grid);
    }
}
