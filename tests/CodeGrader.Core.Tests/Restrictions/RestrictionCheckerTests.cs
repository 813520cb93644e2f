using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Restrictions;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Restrictions;

/// <summary>forbid_imports, forbid_names and max_source_bytes, checked on the source before it runs (Python's ast, in the host).</summary>
public sealed class RestrictionCheckerTests
{
    private static IReadOnlyList<Diagnostic> Check(string source, string[]? imports = null, string[]? names = null, long? maxBytes = null) =>
        RestrictionChecker.Check(Encoding.UTF8.GetBytes(source), "solution.py", new ExerciseRestrictions([.. imports ?? []], [.. names ?? []], maxBytes), Graders.Options.Worker.Python);

    /// <summary>The diagnostics as "line:column-line:column" (1-based, as a reader counts), in order.</summary>
    private static string[] Spans(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(d => $"{d.Location.Span.Start.Line + 1}:{d.Location.Span.Start.Character + 1}-{d.Location.Span.End.Line + 1}:{d.Location.Span.End.Character + 1}")];

    [Theory]
    [InlineData("import collections\n")]
    [InlineData("import collections as c\n")]
    [InlineData("import os, collections.abc\n")]
    [InlineData("from collections import Counter\n")]
    [InlineData("from collections.abc import Mapping\n")]
    [InlineData("if True: import collections\n")]
    [InlineData("x = 1; import collections\n")]
    [InlineData("def f():\n    from collections import (\n        Counter,\n        deque,\n    )\n")]
    [InlineData("m = __import__('collections')\n")]
    [InlineData("import importlib\nm = importlib.import_module('collections.abc')\n")]
    [InlineData("import importlib as il\nm = il.import_module('collections')\n")]
    [InlineData("from importlib import import_module as load\nm = load('collections')\n")]
    [InlineData("load = __import__\nm = load('collections')\n")]
    public void Every_form_of_importing_a_forbidden_module_is_found(string source)
    {
        var diagnostics = Check(source, imports: ["collections"]);
        diagnostics.ShouldNotBeEmpty();
        diagnostics.ShouldAllBe(d => d.Id == "CG3001");
    }

    [Fact]
    public void From_a_package_importing_the_forbidden_submodule_is_found()
    {
        var diagnostic = Check("from os import path\n", imports: ["os.path"]).ShouldHaveSingleItem();
        diagnostic.Message.ShouldBe("'from os import path' is not allowed: this exercise forbids importing os.path");
    }

    [Theory]
    [InlineData("import collectionsx\n")]
    [InlineData("from . import collections\n")]
    [InlineData("x = 'import collections'\n")]
    [InlineData("# import collections\n")]
    [InlineData("yield_from = 1\nraise ValueError from None\n")]
    [InlineData("import os\n")]
    [InlineData("m = __import__('collectionsx')\n")]
    [InlineData("m = importlib.import_module('.collections', 'pkg')\n")]
    [InlineData("x = 'import collections\\n'\nexec_it = x\n")]
    [InlineData("def f(:\n    import collections\n")]
    public void Other_modules_relative_imports_strings_comments_and_unparsable_sources_are_not_imports_of_it(string source) =>
        Check(source, imports: ["collections"]).ShouldBeEmpty();

    [Fact]
    public void The_diagnostic_points_at_the_module_name()
    {
        var diagnostic = Check("x = 1\nimport   re\n", imports: ["re"]).ShouldHaveSingleItem();
        diagnostic.Location.Span.ShouldBe(new LinePositionSpan(new LinePosition(1, 9), new LinePosition(1, 11)));
        diagnostic.ToString().ShouldStartWith("solution.py(2,10): error CG3001:");
    }

    [Theory]
    [InlineData("import collections.abc as c\n", "1:8-1:23")]
    [InlineData("from collections import Counter, deque\n", "1:6-1:32", "1:6-1:39")]
    [InlineData("import os\nm = __import__('collections')\n", "2:5-2:30")]
    [InlineData("import importlib\nm = importlib.import_module(\n    'collections')\n", "2:5-3:19")]
    [InlineData("x = 'é'; import collections\n", "1:17-1:28")]
    public void Each_import_is_reported_at_its_exact_span(string source, params string[] spans) =>
        Spans(Check(source, imports: ["collections"])).ShouldBe(spans);

    [Fact]
    public void A_dynamic_import_is_reported_as_written()
    {
        var diagnostic = Check("m = __import__('collections.abc')\n", imports: ["collections"]).ShouldHaveSingleItem();
        diagnostic.Message.ShouldBe("'__import__('collections.abc')' is not allowed: this exercise forbids importing collections");
    }

    [Theory]
    [InlineData("y = sorted(x)\n", "1:5-1:11")]
    [InlineData("y = x.sorted\n", "1:7-1:13")]
    [InlineData("y = x . sorted (z)\n", "1:9-1:15")]
    [InlineData("@dec\ndef sorted(a):\n    return a\n", "2:5-2:11")]
    [InlineData("def f(a, sorted=1):\n    pass\n", "1:10-1:16")]
    [InlineData("f(x, sorted=1)\n", "1:6-1:12")]
    [InlineData("from builtins import sorted as s\n", "1:22-1:28")]
    [InlineData("y = 'é', sorted\n", "1:10-1:16")]
    [InlineData("y = ｓｏｒｔｅｄ(x)\n", "1:5-1:11")]
    [InlineData("s = sorted\nt = sorted(s)\n", "1:5-1:11", "2:5-2:11")]
    public void A_forbidden_name_is_reported_at_its_exact_span(string source, params string[] spans) =>
        Spans(Check(source, names: ["sorted"])).ShouldBe(spans);

    [Fact]
    public void A_forbidden_name_is_reported_at_most_five_times() =>
        Check(string.Concat(Enumerable.Repeat("y = sorted(x)\n", 8)), names: ["sorted"]).Count.ShouldBe(RestrictionChecker.MaxPerName);

    [Fact]
    public void A_source_nesting_ten_thousand_parentheses_is_not_a_crash()
    {
        var nested = "x = " + new string('(', 10_000) + "1" + new string(')', 10_000) + "\n";
        // Python's tokenizer refuses it as a SyntaxError, which the worker reports; the host just lives on.
        Check(nested, imports: ["os"], names: ["sorted"]).ShouldBeEmpty();
        Check("y = sorted(x)\n", names: ["sorted"]).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(100_000, "-")]
    [InlineData(200_000, "1+")]
    public void A_source_too_deep_for_the_parser_is_a_diagnostic_and_the_host_lives_on(int count, string piece)
    {
        var deep = "x = " + string.Concat(Enumerable.Repeat(piece, count)) + "1\n";
        var diagnostic = Check(deep, names: ["sorted"]).ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("CG3004");
        diagnostic.Message.ShouldContain("nested too deeply");
        Check("y = sorted(x)\n", names: ["sorted"]).ShouldHaveSingleItem().Id.ShouldBe("CG3002");
    }

    [Fact]
    public void Two_threads_checking_at_once_both_finish()
    {
        var source = string.Concat(Enumerable.Repeat("import collections\ny = sorted(x)\n", 200));
        var results = new IReadOnlyList<Diagnostic>[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            for (var round = 0; round < 20; round++) results[i] = Check(source, imports: ["collections"], names: ["sorted"]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        results.ShouldAllBe(r => r.Count == 200 + RestrictionChecker.MaxPerName);
    }

    [Theory]
    [InlineData("y = sorted(x)\n", 1)]
    [InlineData("y = x.sorted\n", 1)]
    [InlineData("def sorted(a):\n    return a\n", 1)]
    [InlineData("def f(sorted):\n    pass\n", 1)]
    [InlineData("f(sorted=1)\n", 1)]
    [InlineData("from builtins import sorted as s\n", 1)]
    [InlineData("y = f'{sorted(x)!r:>{width}}'\n", 1)]
    [InlineData("y = f'{x:{sorted}}'\n", 1)]
    [InlineData("y = f\"{ {'a': sorted}['a'] }\"\n", 1)]
    [InlineData("y = ｓｏｒｔｅｄ(x)\n", 1)]
    public void A_forbidden_name_is_found_wherever_python_would_see_it(string source, int count) =>
        Check(source, names: ["sorted"]).Count(d => d.Id == "CG3002").ShouldBe(count);

    [Theory]
    [InlineData("y = 'sorted'\n")]
    [InlineData("# sorted\n")]
    [InlineData("y = f'sorted {{sorted}}'\n")]
    [InlineData("y = \"\"\"\nsorted\n\"\"\"\n")]
    [InlineData("y = sorted_list\n")]
    public void A_forbidden_name_in_strings_comments_or_longer_names_is_not_a_use(string source) =>
        Check(source, names: ["sorted"]).ShouldBeEmpty();

    [Fact]
    public void A_source_over_the_byte_limit_is_reported_where_the_limit_is_crossed()
    {
        var diagnostic = Check("a = 1\nb = 'é'\n", maxBytes: 9).ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("CG3003");
        diagnostic.Message.ShouldContain("15 bytes");
        diagnostic.Location.Span.Start.ShouldBe(new LinePosition(1, 3));
    }

    [Fact]
    public void No_restrictions_means_no_diagnostics() =>
        RestrictionChecker.Check(Encoding.UTF8.GetBytes("import os\n"), "s.py", ExerciseRestrictions.None, Graders.Options.Worker.Python).ShouldBeEmpty();

    [Fact]
    public void A_source_that_is_not_utf8_is_left_to_the_worker() =>
        RestrictionChecker.Check([.. "import collections\nx = '"u8, 0xFF, .. "'\n"u8], "s.py", new ExerciseRestrictions(["collections"], [], null), Graders.Options.Worker.Python)
            .ShouldBeEmpty();
}
