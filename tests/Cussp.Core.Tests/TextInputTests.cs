namespace Cussp.Core.Tests;

public class TextInputTests
{
    public static TheoryData<string, int, TextProblemKind> RefusedEverywhere => new()
    {
        { "\0", 0x0000, TextProblemKind.Control },
        { "\u001B[2J", 0x001B, TextProblemKind.Control },
        { "\u0007", 0x0007, TextProblemKind.Control },
        { "\u007F", 0x007F, TextProblemKind.Control },
        { "\u0085", 0x0085, TextProblemKind.Control },
        { "\u009B31m", 0x009B, TextProblemKind.Control },
        { "\u000C", 0x000C, TextProblemKind.Control },
        { "\u202A", 0x202A, TextProblemKind.Bidirectional },
        { "\u202B", 0x202B, TextProblemKind.Bidirectional },
        { "\u202C", 0x202C, TextProblemKind.Bidirectional },
        { "\u202D", 0x202D, TextProblemKind.Bidirectional },
        { "\u202E", 0x202E, TextProblemKind.Bidirectional },
        { "\u2066", 0x2066, TextProblemKind.Bidirectional },
        { "\u2067", 0x2067, TextProblemKind.Bidirectional },
        { "\u2068", 0x2068, TextProblemKind.Bidirectional },
        { "\u2069", 0x2069, TextProblemKind.Bidirectional },
        { "\u200E", 0x200E, TextProblemKind.Bidirectional },
        { "\u200F", 0x200F, TextProblemKind.Bidirectional },
        { "\u061C", 0x061C, TextProblemKind.Bidirectional },
        { "\u2028", 0x2028, TextProblemKind.Separator },
        { "\u2029", 0x2029, TextProblemKind.Separator },
        { "\uFDD0", 0xFDD0, TextProblemKind.Noncharacter },
        { "\uFFFE", 0xFFFE, TextProblemKind.Noncharacter },
        { "\uFFFF", 0xFFFF, TextProblemKind.Noncharacter },
        { "\U0001FFFE", 0x1FFFE, TextProblemKind.Noncharacter },
        { "\U0010FFFF", 0x10FFFF, TextProblemKind.Noncharacter },
    };

    [Theory, MemberData(nameof(RefusedEverywhere))]
    public void Find_ControlDirectionAndNonCharacters_AreRefusedInBothShapes(string character, int codePoint, TextProblemKind kind)
    {
        foreach (var shape in Enum.GetValues<TextShape>())
        {
            Assert.Equal(new TextProblem(codePoint, 4, kind), TextInput.Find("abc" + character + "def", shape));
        }
    }

    [Fact]
    public void Find_HalfOfASurrogatePair_IsRefusedInBothShapes()
    {
        // Not theory data: a lone surrogate does not survive the trip through the test runner's serialisation.
        foreach (var shape in Enum.GetValues<TextShape>())
        {
            Assert.Equal(new TextProblem(0xD83C, 4, TextProblemKind.LoneSurrogate), TextInput.Find("abc\uD83Cdef", shape));
            Assert.Equal(new TextProblem(0xDDE6, 4, TextProblemKind.LoneSurrogate), TextInput.Find("abc\uDDE6\uD83C", shape));
            Assert.Null(TextInput.Find("abc\uD83C\uDDE6", shape));
        }
    }

    [Theory]
    [InlineData("Зустріч у Києві щодо розмінування")]
    [InlineData("Réunion à Ottawa : priorités de l’été, « déminage » et coûts — 3,02 G$")]
    [InlineData("Ґанок, їжак, п’ять, ʼєднання")]
    [InlineData("Emoji 👩‍💻 and 🇺🇦 and a soft\u00ADhyphen")]
    [InlineData("Quoted Arabic نص and Hebrew טקסט, placed by the algorithm without marks")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_OrdinaryUkrainianFrenchAndEnglishText_IsAccepted(string? text)
    {
        Assert.Null(TextInput.Find(text, TextShape.SingleLine));
        Assert.Null(TextInput.Find(text, TextShape.MultiLine));
    }

    [Fact]
    public void Find_LineFeedTabAndCrLf_AreAcceptedInSeveralLines()
    {
        Assert.Null(TextInput.Find("Перший рядок\n\tвідступ\r\nDeuxième ligne\r\n", TextShape.MultiLine));
    }

    [Theory]
    [InlineData("a\nb", 0x000A)]
    [InlineData("a\tb", 0x0009)]
    [InlineData("a\r\nb", 0x000D)]
    public void Find_LineBreakOrTabInOneLine_IsRefused(string text, int codePoint)
    {
        Assert.Equal(new TextProblem(codePoint, 2, TextProblemKind.LineBreak), TextInput.Find(text, TextShape.SingleLine));
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\r")]
    [InlineData("a\r\rb")]
    public void Find_CarriageReturnNotBeforeLineFeed_IsRefusedInSeveralLines(string text)
    {
        Assert.Equal(new TextProblem(0x000D, 2, TextProblemKind.LoneCarriageReturn), TextInput.Find(text, TextShape.MultiLine));
    }

    [Fact]
    public void Find_Position_CountsCharactersNotUtf16Units()
    {
        // The flag is two code points of two UTF-16 units each: the override is the fourth character, not the sixth unit.
        Assert.Equal(4, TextInput.Find("🇺🇦x\u202E", TextShape.SingleLine)!.Position);
    }

    [Fact]
    public void Find_ReportsTheFirstProblem()
    {
        Assert.Equal(new TextProblem(0x001B, 2, TextProblemKind.Control), TextInput.Find("a\u001Bb\u202Ec\0", TextShape.MultiLine));
    }

    [Fact]
    public void Problem_NamesFieldCharacterAndPosition_WithoutTheCharacterItself()
    {
        var message = TextInput.Problem("title", "invoice\u202Egpj.exe", TextShape.SingleLine);

        Assert.Equal("title: The character U+202E (right-to-left override) at position 8 is not allowed: it changes the direction in which "
            + "the text around it is shown, so what readers see would differ from what is stored.", message);
        Assert.DoesNotContain('\u202E', message!);
    }

    [Fact]
    public void Problem_ForAnEscape_IsOneLineThatCannotDriveATerminal()
    {
        var message = TextInput.Problem("body", "ok\n\u001B[2Jgone", TextShape.MultiLine)!;

        Assert.Equal("body: The character U+001B (escape) at position 4 is not allowed: control characters are not text.", message);
        Assert.DoesNotContain(message, char.IsControl);
    }

    [Fact]
    public void Check_AddsToTheFieldsOtherProblems()
    {
        var errors = new Dictionary<string, string[]> { ["title"] = ["Give a title of 1–300 characters."] };

        TextInput.Check(errors, "title", "a\0", TextShape.SingleLine);
        TextInput.Check(errors, "body", "fine", TextShape.MultiLine);

        Assert.Equal(["title"], errors.Keys);
        Assert.Equal(2, errors["title"].Length);
        Assert.Equal("The character U+0000 (null) at position 2 is not allowed: control characters are not text.", errors["title"][1]);
    }

    [Fact]
    public void Ensure_RefusesWithTheCoreInputErrorNamingTheField()
    {
        var e = Assert.Throws<InvalidInputException>(() => TextInput.Ensure("name", "Оттава\u0085", TextShape.SingleLine));

        Assert.Equal(["name"], e.Errors.Keys);
        Assert.Equal("name: The character U+0085 at position 7 is not allowed: control characters are not text.", e.Message);
    }

    [Fact]
    public void Normalise_TurnsCrLfIntoLf_AndLeavesTheRest()
    {
        Assert.Equal("a\nb\n\tc\n", TextInput.Normalise("a\r\nb\n\tc\r\n"));
        Assert.Null(TextInput.Normalise(null));
    }
}
