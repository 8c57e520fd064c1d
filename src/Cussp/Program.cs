using Cussp.Cli;

return await CusspCli.RunAsync(args);

/// <summary>The entry point, named so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
