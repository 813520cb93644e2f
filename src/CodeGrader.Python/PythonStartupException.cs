namespace CodeGrader.Python;

/// <summary>Python could not be loaded or started: wrong version, broken home, missing symbol. The message says what to do.</summary>
public sealed class PythonStartupException(string message) : Exception(message);
