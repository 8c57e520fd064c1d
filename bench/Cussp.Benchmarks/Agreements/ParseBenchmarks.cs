using BenchmarkDotNet.Attributes;
using Cussp.Agreements;

namespace Cussp.Benchmarks.Agreements;

/// <summary>Reading the CUSSP from its text: parsing alone, and parsing with classification (target: under 5 ms).</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly string _text = AgreementRegister.CusspText();
    private ParsedAgreement _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = AgreementParser.Parse(_text);

    [Benchmark(Baseline = true)]
    public ParsedAgreement Parse() => AgreementParser.Parse(_text);

    [Benchmark]
    public IReadOnlyList<ClassifiedProvision> Classify() => ProvisionClassifier.Classify(_parsed);

    [Benchmark]
    public IReadOnlyList<ClassifiedProvision> ParseAndClassify() => ProvisionClassifier.Classify(AgreementParser.Parse(_text));
}
