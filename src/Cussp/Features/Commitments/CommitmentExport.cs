using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;
using Cussp.Commitments;
using Cussp.Identity;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime.Text;

namespace Cussp.Features.Commitments;

/// <summary>
/// Commitments as files, each row carrying its own marking: CSV (one row per commitment, RFC 4180), an Excel workbook and JSON (the API's shape, with
/// the highest marking of what it holds). The rows are read page by page through <see cref="CommitmentTracker"/>, so an export holds
/// exactly what its reader may see, and every page read is in the audit log.
/// </summary>
internal static class CommitmentExport
{
    /// <summary>The columns of the CSV export, in order.</summary>
    public static readonly string[] Columns =
    [
        "id", "agreement", "citation", "title", "lead", "lead_organisation_id", "status", "derived", "classification", "releasability", "area",
        "marking", "originator", "created_by", "created_at", "updated_at", "version",
    ];

    /// <summary>Every commitment of <paramref name="agreementId"/> matching <paramref name="filter"/> that <paramref name="subject"/> may read, in the agreement's order.</summary>
    public static async IAsyncEnumerable<CommitmentRecord> ReadAllAsync(CommitmentTracker tracker, AccessSubject? subject, string agreementId,
        CommitmentFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        for (var page = 1; ; page++)
        {
            var (items, total) = await tracker.ListAsync(subject, agreementId, filter, page, CommitmentTracker.MaxPageSize, ct);
            foreach (var item in items)
            {
                yield return item;
            }
            if (items.Count == 0 || page * CommitmentTracker.MaxPageSize >= total)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="commitments"/> as CSV with a header row; returns how many rows. Text a spreadsheet would run as a formula
    /// (a title starting with <c>=</c>, say) is escaped.
    /// </summary>
    public static async Task<int> WriteCsvAsync(IAsyncEnumerable<CommitmentRecord> commitments, TextWriter writer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        await csv.WriteRecordAsync(Columns, ct);
        var count = 0;
        await foreach (var c in commitments.WithCancellation(ct))
        {
            await csv.WriteRecordAsync(Row(c), ct);
            count++;
        }
        await csv.FlushAsync(ct);
        return count;
    }

    private static string[] Row(CommitmentRecord c) =>
    [
        c.Id.ToString(), c.AgreementId, c.Citation, c.Title, c.Lead().Name(), c.LeadOrganisationId?.ToString() ?? "", c.Status.Name(),
        c.Derived ? "true" : "false", c.Classification.Label(), c.Releasability.Label(), c.Area, Marking.Of(c).ToString(), c.Originator.ToString(),
        c.CreatedBy, InstantPattern.General.Format(c.CreatedAt), InstantPattern.General.Format(c.UpdatedAt),
        c.Version.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The media type of an Excel workbook.</summary>
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// Writes <paramref name="commitments"/> as an Excel workbook to a seekable <paramref name="stream"/>: one sheet, the CSV's columns
    /// with its header row bold and frozen, every value as text but the version; returns how many rows. Rows are written as they are
    /// read, so a large export is not held twice.
    /// </summary>
    public static async Task<int> WriteXlsxAsync(IAsyncEnumerable<CommitmentRecord> commitments, Stream stream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        using var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var book = package.AddWorkbookPart();
        var styles = book.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())) { Count = 2U },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
            new Borders(new Border()) { Count = 1U },
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1U, ApplyFont = true }) { Count = 2U });
        var sheet = book.AddNewPart<WorksheetPart>();
        var count = 0;
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1D,
                TopLeftCell = "A2",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            })
            { WorkbookViewId = 0U }));
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, 1, Columns, header: true);
            await foreach (var c in commitments.WithCancellation(ct))
            {
                WriteRow(writer, ++count + 1, Row(c), header: false);
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        book.Workbook = new Workbook(new Sheets(new Sheet { Name = "Commitments", SheetId = 1U, Id = book.GetIdOfPart(sheet) }));
        return count;
    }

    private static void WriteRow(OpenXmlWriter writer, int index, string[] values, bool header)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)index });
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            var cell = !header && Columns[i] == "version"
                ? new Cell(new CellValue(values[i])) { CellReference = reference, DataType = CellValues.Number }
                : new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(values[i]) { Space = SpaceProcessingModeValues.Preserve }))
                {
                    CellReference = reference,
                    DataType = CellValues.InlineString,
                    StyleIndex = header ? 1U : null,
                };
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    // A, B, …, Z, AA, AB, …
    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    /// <summary>Writes <paramref name="commitments"/> as one JSON document: the commitments and the highest marking among them.</summary>
    public static async Task<int> WriteJsonAsync(IAsyncEnumerable<CommitmentRecord> commitments, Stream stream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        var items = new List<CommitmentsApi.CommitmentDto>();
        var highest = SecurityClassification.Unclassified;
        await foreach (var c in commitments.WithCancellation(ct))
        {
            items.Add(CommitmentsApi.CommitmentDto.From(c, withUpdates: false));
            highest = c.Classification > highest ? c.Classification : highest;
        }
        await JsonSerializer.SerializeAsync(stream, new { highestClassification = highest.Label(), count = items.Count, items },
            JsonOptions, ct);
        return items.Count;
    }

    /// <summary>The API's JSON conventions, indented for a reader.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
