using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// The standard library modules a zygote imports once, before it forks any worker, so that a submission importing them
/// finds them loaded instead of paying for their import itself (in a forked worker: <c>import string</c> took 33 ms at
/// the median, <c>from collections import Counter</c> 13 ms, against 3 ms for a submission importing nothing). The
/// modules solutions to coding exercises reach for, chosen to hold no state tied to the process that imported them:
/// <c>random</c> reseeds itself in every forked child (<c>os.register_at_fork</c>, run by <c>PyOS_AfterFork_Child</c>),
/// and nothing here starts a thread or opens a file. Every page the zygote holds makes each fork dearer: end to end
/// this list is about even on the benches' submissions (docs/fork-server.md, "Modules imported ahead"). A module an
/// exercise forbids is still refused: the restriction is on the import statement, by name
/// (<c>_cg_runner._restricted_builtins</c>), whatever is already loaded. A worker started afresh imports nothing
/// ahead: there each import would cost every worker instead of saving it.
/// </summary>
internal static class PreloadedModules
{
    public static readonly IReadOnlyList<string> Names =
    [
        "array", "bisect", "collections", "collections.abc", "copy", "dataclasses", "datetime", "decimal", "enum",
        "fractions", "functools", "heapq", "itertools", "json", "math", "numbers", "operator", "random", "re",
        "statistics", "string", "typing", "unicodedata",
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
