using Cussp.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cussp.Core.Tests.Identity;

/// <summary>The password rules of OWASP ASVS 5.0 V6 as a person choosing a password meets them.</summary>
public class PasswordRulesTests
{
    private static string Of(int length) => string.Concat(Enumerable.Range(0, length).Select(i => "tqmzkdwhpbvx"[i % 12]));

    [Fact]
    public void Check_ElevenCharacters_IsRefusedSayingHowMany()
    {
        var problem = PasswordRules.Check(Of(11), "olena");

        Assert.Equal("Use at least 12 characters (this one has 11). A few unrelated words make a good password.", problem);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(64)]
    [InlineData(PasswordRules.MaximumLength)]
    public void Check_TwelveToTheMaximumCharacters_IsAccepted(int length) => Assert.Null(PasswordRules.Check(Of(length), "olena"));

    [Fact]
    public void Check_OneMoreThanTheMaximum_IsRefused()
    {
        Assert.Equal(128, PasswordRules.MaximumLength);
        Assert.Equal("Use at most 128 characters (this one has 129).", PasswordRules.Check(Of(129), "olena"));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("alllowercaseletters")]
    [InlineData("739184620573")]
    [InlineData("ALL CAPITALS AND SPACES")]
    [InlineData("з'їжте ще цих м'яких булок")]
    public void Check_NoDigitCapitalOrSymbolDemanded_AcceptsAnyLongUncommonPassword(string password) =>
        Assert.Null(PasswordRules.Check(password, "olena"));

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("Password1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("QwErTy123456")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("leavemealone")]
    public void Check_CommonPasswordInAnyCase_IsRefused(string password) =>
        Assert.Equal("This password is one of the most common passwords; choose another.", PasswordRules.Check(password, "olena"));

    [Theory]
    [InlineData("ｐａｓｓｗｏｒｄ１２３４")]
    [InlineData("ＬＥＡＶＥＭＥＡＬＯＮＥ")]
    public void Check_FullwidthFormOfACommonPassword_IsRefusedAfterNfkc(string password) =>
        Assert.Equal("This password is one of the most common passwords; choose another.", PasswordRules.Check(password, "olena"));

    [Fact]
    public void Check_UnicodeCharacters_CountAsOneCodePointEach()
    {
        // Twelve fruit: 12 code points, 24 UTF-16 units.
        const string twelve = "🍎🍐🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑";
        Assert.Null(PasswordRules.Check(twelve, "olena"));
        Assert.Contains("this one has 11", PasswordRules.Check(twelve[..^2], "olena"), StringComparison.Ordinal);
        Assert.Null(PasswordRules.Check(string.Concat(Enumerable.Repeat(twelve, 10)) + twelve[..16], "olena"));
        Assert.Contains("this one has 129", PasswordRules.Check(string.Concat(Enumerable.Repeat(twelve, 10)) + twelve[..18], "olena"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CombiningAccents_AreCountedAfterNfkcComposesThem()
    {
        // r e ◌́ s u m e ◌́ ␠ t e a: twelve code points as typed, ten once the accents are composed.
        const string decomposed = "re\u0301sume\u0301 tea";
        Assert.Equal(12, decomposed.Length);

        Assert.Contains("this one has 10", PasswordRules.Check(decomposed, "olena"), StringComparison.Ordinal);
        Assert.Equal("résumé tea", PasswordRules.Normalise(decomposed));
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaa", "repeats one or two characters")]
    [InlineData("abababababababab", "repeats one or two characters")]
    [InlineData("my name is olena, hello", "must not contain the user name")]
    [InlineData("MY NAME IS OLENA, HELLO", "must not contain the user name")]
    [InlineData("", "Enter a password.")]
    public void Check_RepetitionOrTheUserName_IsRefused(string password, string message) =>
        Assert.Contains(message, PasswordRules.Check(password, "olena"), StringComparison.Ordinal);

    [Fact]
    public void Hasher_PasswordTypedComposedOrDecomposed_IsTheSamePassword()
    {
        var hasher = new NormalisingPasswordHasher(Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
        var user = new UserAccount { UserName = "olena" };

        var hash = hasher.HashPassword(user, "re\u0301sume\u0301 of the year");

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "résumé of the year"));
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "re\u0301sume\u0301 of the year"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, "resume of the year"));
    }

    [Fact]
    public void Hasher_HashOfAPasswordStoredUnnormalised_IsAcceptedAndRehashed()
    {
        var options = Options.Create(new PasswordHasherOptions { IterationCount = 1000 });
        var user = new UserAccount { UserName = "olena" };
        var legacy = new PasswordHasher<UserAccount>(options).HashPassword(user, "ｗｉｄｅ ｌｅｔｔｅｒｓ ｐａｓｓ");

        var result = new NormalisingPasswordHasher(options).VerifyHashedPassword(user, legacy, "ｗｉｄｅ ｌｅｔｔｅｒｓ ｐａｓｓ");

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, result);
        Assert.Equal(PasswordVerificationResult.Failed, new NormalisingPasswordHasher(options).VerifyHashedPassword(user, legacy, "wide letters pass x"));
    }

    [Theory]
    [InlineData("me")]
    [InlineData("Yu")]
    [InlineData("olena")]
    public void NewPassword_ForAnyUserName_PassesThePasswordRules(string userName)
    {
        // A two-letter name sits inside about one random password in forty: enough draws to meet it many times.
        for (var i = 0; i < 2_000; i++)
        {
            var password = Accounts.NewPassword(userName);
            Assert.Null(PasswordRules.Check(password, userName));
            Assert.Equal(20, password.Length);
        }
    }
}
