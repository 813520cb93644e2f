namespace CodeGrader.Python.Tests;

[Collection(PythonCollection.Name)]
public sealed class PythonRuntimeTests(PythonFixture fixture)
{
    private readonly PythonRuntime _python = fixture.Runtime;

    [Fact]
    public void The_interpreter_starts_isolated_without_site_or_bytecode_and_with_a_fixed_hash_seed()
    {
        using var gil = _python.AcquireGil();
        using var flags = _python.Evaluate(
            "(__import__('sys').flags.isolated, __import__('sys').flags.no_site, __import__('sys').dont_write_bytecode, " +
            "__import__('sys').flags.hash_randomization, 'site' in __import__('sys').modules)");
        _python.Str(flags).ShouldBe("(1, 1, True, 0, False)");
    }

    [Fact]
    public void The_version_is_one_the_binding_supports()
    {
        _python.Version.IsSupported.ShouldBeTrue();
        using var gil = _python.AcquireGil();
        using var version = _python.Evaluate("'%d.%d.%d' % __import__('sys').version_info[:3]");
        _python.AsString(version).ShouldBe(_python.Version.ToString());
    }

    [Fact]
    public void Extension_modules_that_are_not_linked_against_libpython_import()
    {
        using var gil = _python.AcquireGil();
        using var modules = _python.Evaluate("[__import__(m).__name__ for m in ('_ctypes', '_json', '_socket', 'math')]");
        _python.Str(modules).ShouldBe("['_ctypes', '_json', '_socket', 'math']");
    }

    [Fact]
    public void A_python_exception_becomes_data_with_its_type_bases_message_and_line()
    {
        using var gil = _python.AcquireGil();
        var error = Should.Throw<PythonException>(() => _python.Execute("x = 1\nint('nope')\n")).Error;
        error.Type.ShouldBe("ValueError");
        error.Bases.ShouldBe(["Exception", "BaseException"]);
        error.Message.ShouldBe("invalid literal for int() with base 10: 'nope'");
        error.Line.ShouldBe(2);
        error.IsA("Exception").ShouldBeTrue();
    }

    [Fact]
    public void A_syntax_error_reports_its_line_and_column()
    {
        using var gil = _python.AcquireGil();
        var error = Should.Throw<PythonException>(() => _python.Execute("a = 1\ndef f(:\n")).Error;
        error.Type.ShouldBe("SyntaxError");
        error.Line.ShouldBe(2);
        error.Column.ShouldBe(7);
    }

    [Fact]
    public void An_exception_whose_str_raises_still_becomes_data()
    {
        using var gil = _python.AcquireGil();
        _python.Execute("class Hostile(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n");
        var error = Should.Throw<PythonException>(() => _python.Execute("raise Hostile()")).Error;
        error.Type.ShouldBe("__main__.Hostile");
        error.Message.ShouldBe("<exception str() failed>");
    }

    [Fact]
    public void A_traceback_is_trimmed_to_the_candidates_own_frames()
    {
        using var gil = _python.AcquireGil();
        using var module = _python.ExecuteModule("cand_mod", "def f():\n    return 1 / 0\n", "solution.py");
        using var harness = _python.ExecuteModule("harness_mod", "import cand_mod\ndef run():\n    return cand_mod.f()\n", "<codegrader:harness>");
        using var run = _python.GetAttr(harness, "run");
        var error = Should.Throw<PythonException>(() => _python.Call(run)).Error;
        error.Traceback.Select(f => f.File).ShouldContain("<codegrader:harness>");
        var trimmed = error.TrimmedTo("solution.py");
        trimmed.Traceback.ShouldBe([new PythonFrame("solution.py", 2, "f")]);
        trimmed.Line.ShouldBe(2);
    }

    [Fact]
    public void Calls_pass_strings_bytes_and_integers_both_ways()
    {
        using var gil = _python.AcquireGil();
        using var join = _python.Evaluate("lambda s, b, n: (s * n).encode() + b");
        using var s = _python.FromString("hé");
        using var b = _python.FromBytes([0, 255]);
        using var n = _python.FromLong(2);
        using var result = _python.Call(join, s, b, n);
        _python.AsBytes(result).ToArray().ShouldBe(new byte[] { 0x68, 0xC3, 0xA9, 0x68, 0xC3, 0xA9, 0, 255 });
    }

    [Fact]
    public void Using_python_without_the_gil_is_refused_instead_of_corrupting_the_interpreter()
    {
        _python.HoldsGil.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => _python.Evaluate("1 + 1")).Message.ShouldContain("requires the GIL");
    }

    [Fact]
    public void Releasing_an_object_without_the_gil_is_refused_and_it_can_still_be_released_with_it()
    {
        PyObject value;
        using (_python.AcquireGil()) value = _python.Evaluate("[1, 2, 3]");
        Should.Throw<InvalidOperationException>(() => value.Dispose());
        using (_python.AcquireGil()) value.Dispose();
        Should.Throw<ObjectDisposedException>(() => value.Handle);
    }

    [Fact]
    public void Handles_that_are_never_disposed_are_released_on_the_next_gil_acquisition()
    {
        using (_python.AcquireGil()) _python.Execute("import sys\nprobe = object()\nbase = sys.getrefcount(probe)\n");
        LeakHandles(10);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var gil = _python.AcquireGil();
        using var count = _python.Evaluate("sys.getrefcount(probe) - base");
        _python.AsLong(count).ShouldBe(0);
    }

    private void LeakHandles(int count)
    {
        using var gil = _python.AcquireGil();
        for (var i = 0; i < count; i++) _ = _python.Evaluate("probe");
    }

    [Fact]
    public void The_gil_is_reentrant_and_released_on_the_thread_that_took_it()
    {
        using (var outer = _python.AcquireGil())
        {
            using (_python.AcquireGil()) _python.HoldsGil.ShouldBeTrue();
            _python.HoldsGil.ShouldBeTrue();
        }
        _python.HoldsGil.ShouldBeFalse();
    }

    [Fact]
    public async Task A_soft_interrupt_stops_a_pure_python_loop_running_on_another_thread()
    {
        var started = new ManualResetEventSlim();
        ulong threadId = 0;
        PythonError? caught = null;
        var loop = new Thread(() =>
        {
            using var gil = _python.AcquireGil();
            threadId = _python.CurrentThreadId;
            started.Set();
            caught = Should.Throw<PythonException>(() => _python.Execute("while True:\n    pass\n")).Error;
        });
        loop.Start();
        started.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();
        await Task.Delay(100);
        using (_python.AcquireGil())
        {
            using var type = _python.Evaluate("TimeoutError");
            _python.RaiseInThread(threadId, type).ShouldBeTrue();
        }
        loop.Join(TimeSpan.FromSeconds(10)).ShouldBeTrue();
        caught!.Type.ShouldBe("TimeoutError");
    }
}
