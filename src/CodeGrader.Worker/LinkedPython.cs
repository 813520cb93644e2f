namespace CodeGrader.Worker;

/// <summary>Whether this worker has CPython linked in (built with LinkPython, as codegrader-worker-linked; CodeGrader.Python.LinkedInterpreter).</summary>
internal static class LinkedPython
{
#if LINKED_PYTHON
    public const bool Built = true;
#else
    public const bool Built = false;
#endif
}
