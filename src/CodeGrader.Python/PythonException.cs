namespace CodeGrader.Python;

/// <summary>A Python exception surfaced at the API edge of the binding; the data is in <see cref="Error"/>.</summary>
public sealed class PythonException(PythonError error) : Exception(error.ToString())
{
    public PythonError Error { get; } = error;
}
