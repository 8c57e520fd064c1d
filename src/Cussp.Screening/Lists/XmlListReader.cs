using System.Xml;
using System.Xml.Linq;

namespace Cussp.Screening;

/// <summary>Reads the records of a list in XML, one element at a time, without resolving anything outside the file.</summary>
internal static class XmlListReader
{
    /// <summary>
    /// Every element <paramref name="isRecord"/> accepts, read by <paramref name="record"/> with the line it starts on.
    /// <paramref name="checkRoot"/> sees the root element first and may refuse the file; malformed XML, or a file without a
    /// record (<paramref name="noRecords"/> says why that is refused), is a <see cref="ListFormatException"/>.
    /// </summary>
    public static List<ListedEntity> Records(Stream stream, string file, Func<XmlReader, bool> isRecord, Func<XElement, int, ListedEntity> record,
        string noRecords, Action<XmlReader, IXmlLineInfo>? checkRoot = null)
    {
        var entities = new List<ListedEntity>();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, XmlResolver = null });
        var info = (IXmlLineInfo)reader;
        try
        {
            reader.MoveToContent();
            checkRoot?.Invoke(reader, info);
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && isRecord(reader))
                {
                    var line = info.LineNumber;
                    entities.Add(record((XElement)XNode.ReadFrom(reader), line));
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException e)
        {
            throw new ListFormatException(file, e.LineNumber, "malformed XML: " + e.Message, e);
        }
        if (entities.Count == 0)
        {
            throw new ListFormatException(file, info.LineNumber, noRecords);
        }
        return entities;
    }
}
