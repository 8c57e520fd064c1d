using BenchmarkDotNet.Running;
using Cussp.Benchmarks.Screening;

if (args.Length > 0 && args[0] == "screening-throughput")
{
    return ThroughputRun.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "commitment-pages")
{
    return Cussp.Benchmarks.Commitments.CommitmentPagesRun.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>
/// Runs the benchmarks chosen on the command line (<c>--filter</c>), as BenchmarkDotNet does, or the screening throughput run
/// (<c>screening-throughput [--queries N] [--threads N] [--baseline N]</c>), or the commitment pages' server time
/// (<c>commitment-pages --server PATH/cussp.dll --data DIR [--provider sqlite|postgres --connection CS]</c>, see bench/commitments.sh).
/// </summary>
public partial class Program;
