using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// Every problem with an exercise (CG2xxx), in one place: CG20xx from loading exercise.yaml, CG21xx from preparing it
/// with Python (code that does not compile, literals, the reference), CG22xx from <c>codegrader verify</c>.
/// </summary>
public static class ExerciseDiagnostics
{
    private const string Load = "Exercise";
    private const string Prepare = "Reference";
    private const string Verify = "Verify";

    // Loading exercise.yaml.
    public static readonly DiagnosticDescriptor InvalidYaml = new("CG2001", "exercise.yaml is not valid YAML", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor UnknownKey = new("CG2002", "Unknown key", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor MissingKey = new("CG2003", "Required key missing", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor WrongType = new("CG2004", "Value has the wrong type", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor MissingFile = new("CG2005", "Named file does not exist", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidLimit = new("CG2006", "Invalid limit", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidChoice = new("CG2007", "Value is not one of the allowed choices", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor UnknownFunction = new("CG2008", "Call names a function the reference does not define", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor EmptyValue = new("CG2009", "Value is empty", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor DuplicateTestName = new("CG2010", "Duplicate test name", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ConflictingExpectations = new("CG2011", "More than one expectation", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor KeyNotForKind = new("CG2012", "Key does not belong to this kind of exercise", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidTolerance = new("CG2013", "Invalid tolerance", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor NotPositive = new("CG2014", "Value must be positive", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor NoTests = new("CG2015", "No tests", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ExerciseFileMissing = new("CG2016", "exercise.yaml not found", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidIdentifier = new("CG2017", "Not a Python identifier", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor StepAfterRaises = new("CG2018", "Step after a step with raises", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidStep = new("CG2019", "Invalid step", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor NonStringKey = new("CG2020", "expect mapping with a non-string key", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PathOutsideFolder = new("CG2021", "Path leaves the exercise folder", Load, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor IgnoredWithChecker = new("CG2022", "Setting is not used with a checker", Load, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor DuplicateKey = new("CG2023", "Duplicate key", Load, DiagnosticSeverity.Error);

    // Preparing the exercise with Python.
    public static readonly DiagnosticDescriptor CodeDoesNotCompile = new("CG2101", "Test code does not compile", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidLiteral = new("CG2102", "expect_py is not a Python literal", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ReferenceDoesNotLoad = new("CG2103", "The reference does not load", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ReferenceFailed = new("CG2104", "The reference gave no expected value", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CheckerDoesNotLoad = new("CG2105", "The checker does not load", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PreparationFailed = new("CG2106", "The exercise could not be prepared", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PythonTestsProblem = new("CG2107", "tests.py has a problem", Prepare, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor AuthorCodeTooSlow = new("CG2108", "The author's Python ran past its time limit", Prepare, DiagnosticSeverity.Error);

    // codegrader verify.
    public static readonly DiagnosticDescriptor ReferenceFailsTest = new("CG2201", "The reference does not pass a test", Verify, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor WrongSolutionVerdict = new("CG2202", "A solution did not get the verdict its folder names", Verify, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor UnknownSolutionFolder = new("CG2203", "Solutions in an unknown folder", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor NoSampleTest = new("CG2204", "No sample test", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor NoHiddenTest = new("CG2205", "No hidden test", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor TimeLimitTooTight = new("CG2206", "Time limit too tight for the reference", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor TimeLimitTooLoose = new("CG2207", "Time limit needlessly loose", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor ReferenceNearLimit = new("CG2208", "The reference needs more than a quarter of the time limit", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor StarterProblem = new("CG2209", "Starter does not compile or is accepted", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor SolutionBreaksRestriction = new("CG2210", "A solution breaks the exercise's restrictions", Verify, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor SolutionOutsideVerdictFolder = new("CG2211", "A solution file is not in a verdict folder", Verify, DiagnosticSeverity.Warning);

    public static readonly IReadOnlyList<DiagnosticDescriptor> All =
    [
        InvalidYaml, UnknownKey, MissingKey, WrongType, MissingFile, InvalidLimit, InvalidChoice, UnknownFunction, EmptyValue,
        DuplicateTestName, ConflictingExpectations, KeyNotForKind, InvalidTolerance, NotPositive, NoTests, ExerciseFileMissing,
        InvalidIdentifier, StepAfterRaises, InvalidStep, NonStringKey, PathOutsideFolder, IgnoredWithChecker, DuplicateKey,
        CodeDoesNotCompile, InvalidLiteral, ReferenceDoesNotLoad, ReferenceFailed, CheckerDoesNotLoad, PreparationFailed,
        PythonTestsProblem, AuthorCodeTooSlow,
        ReferenceFailsTest, WrongSolutionVerdict, UnknownSolutionFolder, NoSampleTest, NoHiddenTest, TimeLimitTooTight,
        TimeLimitTooLoose, ReferenceNearLimit, StarterProblem, SolutionBreaksRestriction, SolutionOutsideVerdictFolder,
    ];
}
