using Linli.Cli;

// `linli` with no verb serves the web application; the other verbs do command-line work.
// The verbs and their options are listed in Cli/Verbs.cs and printed by `linli help`.
return await Verbs.RunAsync(args, Console.Out, Console.Error);

public partial class Program;
