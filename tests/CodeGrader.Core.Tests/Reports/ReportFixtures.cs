using CodeGrader.Core.Reports;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Reports;

/// <summary>Real reports to project: a submission that fails hidden tests in every way, with distinctive hidden values.</summary>
internal static class ReportFixtures
{
    /// <summary>Appears in every hidden input, expected value, actual value, output and exception message below.</summary>
    public const string Secret = "ZQXSECRET";

    private const string Yaml = """
        title: Echo
        entry: echo
        statement: statement.md
        reference: reference.py
        limits: { time: 500ms }
        tests:
          - name: sample shown in full
            sample: true
            call: echo("visible-sample-input")
          - name: hidden wrong answer
            call: echo("ZQXSECRET-arg-1")
          - name: hidden exception
            call: echo("ZQXSECRET-arg-2")
          - name: hidden output
            call: echo("ZQXSECRET-arg-3")
          - name: hidden timeout
            call: echo("ZQXSECRET-arg-4")
          - name: hidden expected exception
            call: echo(None)
            raises: TypeError
          - name: hidden pass
            call: echo("ZQXSECRET-arg-5")
        """;

    private const string Reference = "def echo(text):\n    if text is None:\n        raise TypeError('ZQXSECRET-type')\n    return text.upper()\n";

    private const string Submission = """
        def echo(text):
            if text is None:
                return 'ZQXSECRET-returned-instead'
            if text.endswith('1'):
                return 'ZQXSECRET-wrong-' + text
            if text.endswith('2'):
                raise ValueError('ZQXSECRET-message ' + text)
            if text.endswith('3'):
                print('ZQXSECRET-printed', text)
                return 'nope'
            if text.endswith('4'):
                while True:
                    pass
            return text.upper()
        """;

    private static readonly Lazy<Task<GradeReport>> Report = new(async () =>
    {
        using var folder = new TempExercise(Yaml, Reference);
        return await Graders.GradeAsync(folder.Directory, "solution.py", Submission + "\n");
    });

    public static Task<GradeReport> FailingEverywhereAsync() => Report.Value;
}
