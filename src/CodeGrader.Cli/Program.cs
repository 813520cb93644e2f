using CodeGrader.Cli;

// The commands are registered in CliApp.BuildRoot (run, grade, verify, new).
return await CliApp.RunAsync(args).ConfigureAwait(false);
