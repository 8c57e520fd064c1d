using Cussp.Agreements;

namespace Cussp.Core.Tests.Agreements;

internal static class Samples
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Agreements", "Samples", name));

    public static ParsedAgreement Cussp { get; } = AgreementParser.Parse(AgreementRegister.CusspText());

    public static IReadOnlyList<ClassifiedProvision> CusspClassified { get; } = ProvisionClassifier.Classify(Cussp);

    public static Classification Of(string citation) =>
        CusspClassified.Single(c => c.Source.Citation == citation).Classification;
}
