using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Restrictions;

namespace CodeGrader.Core.Tests.Restrictions;

/// <summary>forbid_imports, forbid_names and max_source_bytes, checked on the source before it runs.</summary>
public sealed class RestrictionCheckerTests
{
    private static IReadOnlyList<Diagnostic> Check(string source, string[]? imports = null, string[]? names = null, long? maxBytes = null) =>
        RestrictionChecker.Check(Encoding.UTF8.GetBytes(source), "solution.py", new ExerciseRestrictions([.. imports ?? []], [.. names ?? []], maxBytes));

    [Theory]
    [InlineData("import collections\n")]
    [InlineData("import collections as c\n")]
    [InlineData("import os, collections.abc\n")]
    [InlineData("from collections import Counter\n")]
    [InlineData("from collections.abc import Mapping\n")]
    [InlineData("if True: import collections\n")]
    [InlineData("x = 1; import collections\n")]
    [InlineData("def f():\n    from collections import (\n        Counter,\n        deque,\n    )\n")]
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
    public void Other_modules_relative_imports_strings_and_comments_are_not_imports_of_it(string source) =>
        Check(source, imports: ["collections"]).ShouldBeEmpty();

    [Fact]
    public void The_diagnostic_points_at_the_module_name()
    {
        var diagnostic = Check("x = 1\nimport   re\n", imports: ["re"]).ShouldHaveSingleItem();
        diagnostic.Location.Span.ShouldBe(new LinePositionSpan(new LinePosition(1, 9), new LinePosition(1, 11)));
        diagnostic.ToString().ShouldStartWith("solution.py(2,10): error CG3001:");
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
        RestrictionChecker.Check(Encoding.UTF8.GetBytes("import os\n"), "s.py", ExerciseRestrictions.None).ShouldBeEmpty();
}
