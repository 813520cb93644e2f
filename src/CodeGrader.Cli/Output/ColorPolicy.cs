namespace CodeGrader.Cli.Output;

/// <summary>Colour only on a real terminal: never when NO_COLOR is set (https://no-color.org), output is redirected, or TERM is dumb.</summary>
internal static class ColorPolicy
{
    public static bool Enabled(TextWriter output, string? outFile) =>
        outFile is null
        && ReferenceEquals(output, Console.Out)
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb"
        && !Console.IsOutputRedirected;
}
