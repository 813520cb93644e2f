namespace CodeGrader.Core.Execution;

/// <summary>Exception type names as the worker reports them (<c>module.QualifiedName</c>) and as people read them.</summary>
internal static class ExceptionNames
{
    /// <summary>The module name a submission is loaded as.</summary>
    public const string SubmissionModule = "solution";

    /// <summary>How a type name reads to people: the submission's module prefix dropped.</summary>
    public static string Display(string typeName) =>
        typeName.StartsWith(SubmissionModule + ".", StringComparison.Ordinal) ? typeName[(SubmissionModule.Length + 1)..] : typeName;
}
