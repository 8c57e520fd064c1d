using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Runs the benchmarks chosen on the command line (<c>--filter</c>), as BenchmarkDotNet does.</summary>
public partial class Program;
