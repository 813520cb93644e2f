using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// The standard library modules a zygote imports once, before it forks any worker, so that a submission importing them
/// finds them loaded instead of paying for their import itself (in a forked worker: <c>import string</c> took 33 ms at
/// the median, <c>from collections import Counter</c> 13 ms, against 3 ms for a submission importing nothing). Only
/// modules both common in solutions and slow to import: every page the zygote holds makes each fork dearer, and a
/// longer list (23 modules, dataclasses, statistics, fractions, json and decimal among them, about 4 MiB) gained
/// nothing end to end (`bench/hostcpu`, whole tree's CPU: batch 1.01x, many exercises 0.98x), where this one gains
/// about a tenth (0.89x, 0.90x). None of these holds state tied to the process that imported it, starts a thread or
/// opens a file. A module an exercise forbids is still refused: the restriction is on the import statement, by name
/// (<c>_cg_runner._restricted_builtins</c>), whatever is already loaded. A worker started afresh imports nothing
/// ahead: there each import would cost every worker instead of saving it.
/// </summary>
internal static class PreloadedModules
{
    public static readonly IReadOnlyList<string> Names =
    [
        "typing", "collections", "collections.abc", "functools", "itertools", "operator", "math", "re", "string",
        "heapq", "bisect",
    ];

    /// <summary>
    /// Imports the modules of <see cref="Names"/> into the zygote's interpreter (the caller holds the GIL). One this
    /// Python cannot import (a build without it) is left for a submission to fail on, as it would in a fresh worker.
    /// </summary>
    public static void Import(PythonRuntime runtime) =>
        runtime.Execute(
            "for _m in [" + string.Join(", ", Names.Select(n => $"'{n}'")) + "]:\n" +
            "    try:\n        __import__(_m)\n    except ImportError:\n        pass\n" +
            "del _m\n");
}
