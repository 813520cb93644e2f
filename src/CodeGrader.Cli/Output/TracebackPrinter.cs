using CodeGrader.Python;

namespace CodeGrader.Cli.Output;

/// <summary>Prints an exception as Python would, with only the candidate's frames.</summary>
internal static class TracebackPrinter
{
    public static void Print(TextWriter output, PythonError error)
    {
        if (error.Traceback.Count > 0)
        {
            output.WriteLine("Traceback (most recent call last):");
            foreach (var line in error.Traceback.SelectMany(f => f.Lines())) output.WriteLine($"  {line}");
        }
        output.WriteLine(error.ToString());
    }
}
