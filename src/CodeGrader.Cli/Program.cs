using CodeGrader.Cli;
using CodeGrader.Cli.Hosting;

SocketCompletions.InlineWhenGrading(args);
// The commands are registered in CliApp.BuildRoot (run, grade, batch, verify, new, serve).
return await CliApp.RunAsync(args).ConfigureAwait(false);
