using System.CommandLine;
using CodeGrader.Cli.Commands;

var root = new RootCommand("CodeGrader: grade Python solutions against hidden tests, in a sandbox.");
root.Subcommands.Add(RunCommand.Create());
var parsed = root.Parse(args);
return await parsed.InvokeAsync().ConfigureAwait(false);
