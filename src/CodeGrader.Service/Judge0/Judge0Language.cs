namespace CodeGrader.Service.Judge0;

/// <summary>The one language this endpoint runs: Python 3, under Judge0 CE's id for it and a name in Judge0's form.</summary>
public static class Judge0Language
{
    /// <summary>Judge0 CE 1.13's id for Python 3 (what its SDK's <c>LanguageAlias.PYTHON</c> resolves to on 1.13.1).</summary>
    public const int Python3 = 71;

    public const string SourceFile = "script.py";

    /// <summary>"Python (3.11.2)": Judge0's form, with the version of the Python the worker embeds.</summary>
    public static string Name(string pythonVersion) => $"Python ({pythonVersion})";
}
