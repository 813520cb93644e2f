using System.Reflection;
using CodeGrader.Core.InHost;
using CodeGrader.Python;

namespace CodeGrader.Core.Tests.InHost;

/// <summary>The host's Python is never finalised, not even by pythonnet's own hook at process exit.</summary>
public sealed class HostPythonExitTests
{
    [Fact]
    public void Once_the_host_s_Python_has_started_nothing_finalises_it_when_the_process_exits()
    {
        HostPython.For(LibPythonLocator.Locate()).Run(module => module.HasAttr("compile_all")).ShouldBeTrue();

        // The handlers of AppDomain.ProcessExit are the field behind the event.
        var field = typeof(AppDomain).GetField("ProcessExit", BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException("this runtime keeps its process-exit handlers elsewhere; the test cannot look");
        var handlers = ((Delegate?)field.GetValue(field.IsStatic ? null : AppDomain.CurrentDomain))?.GetInvocationList() ?? [];
        handlers.ShouldNotContain(h => h.Method.DeclaringType!.Assembly == typeof(global::Python.Runtime.PythonEngine).Assembly,
            "pythonnet's hook would shut the interpreter down at exit, after rounds of full collections");
    }
}
