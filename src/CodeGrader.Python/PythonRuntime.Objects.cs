using System.Text;
using CodeGrader.Python.Native;

namespace CodeGrader.Python;

/// <summary>Object operations. Each requires the GIL and turns a Python error into <see cref="PythonException"/>.</summary>
public sealed unsafe partial class PythonRuntime
{
    public PyObject None()
    {
        RequireGil();
        _api.Py_IncRef(_api.None);
        return new PyObject(this, _api.None);
    }

    public PyObject Import(string module)
    {
        RequireGil();
        fixed (byte* name = Utf8(module)) return Own(_api.PyImport_ImportModule(name));
    }

    /// <summary>Compiles <paramref name="source"/> as module <paramref name="name"/>, registers it in <c>sys.modules</c> and runs it.</summary>
    public PyObject ExecuteModule(string name, string source, string fileName)
    {
        RequireGil();
        nint module;
        fixed (byte* utf8Name = Utf8(name)) module = _api.PyImport_AddModule(utf8Name);
        if (module == 0) throw FetchException();
        _api.Py_IncRef(module);
        var owned = new PyObject(this, module);
        var globals = _api.PyModule_GetDict(module);
        fixed (byte* key = Utf8("__builtins__"))
        {
            if (_api.PyDict_GetItemString(globals, key) == 0) _ = _api.PyDict_SetItemString(globals, key, _api.PyEval_GetBuiltins());
        }
        using var code = Compile(source, fileName, CPythonApi.PyFileInput);
        using var result = Own(_api.PyEval_EvalCode(code.Handle, globals, globals));
        return owned;
    }

    /// <summary>Evaluates an expression in <c>__main__</c>.</summary>
    public PyObject Evaluate(string expression)
    {
        RequireGil();
        using var code = Compile(expression, "<expression>", CPythonApi.PyEvalInput);
        var globals = MainGlobals();
        return Own(_api.PyEval_EvalCode(code.Handle, globals, globals));
    }

    /// <summary>Runs statements in <c>__main__</c>.</summary>
    public void Execute(string statements)
    {
        RequireGil();
        using var code = Compile(statements, "<statements>", CPythonApi.PyFileInput);
        var globals = MainGlobals();
        using var result = Own(_api.PyEval_EvalCode(code.Handle, globals, globals));
    }

    public PyObject GetAttr(PyObject target, string name)
    {
        RequireGil();
        fixed (byte* utf8 = Utf8(name)) return Own(_api.PyObject_GetAttrString(target.Handle, utf8));
    }

    public void SetAttr(PyObject target, string name, PyObject value)
    {
        RequireGil();
        fixed (byte* utf8 = Utf8(name))
        {
            if (_api.PyObject_SetAttrString(target.Handle, utf8, value.Handle) != 0) throw FetchException();
        }
    }

    public PyObject Call(PyObject callable, params ReadOnlySpan<PyObject> arguments)
    {
        RequireGil();
        using var tuple = Own(_api.PyTuple_New(arguments.Length));
        for (var i = 0; i < arguments.Length; i++)
        {
            _api.Py_IncRef(arguments[i].Handle); // PyTuple_SetItem steals a reference
            if (_api.PyTuple_SetItem(tuple.Handle, i, arguments[i].Handle) != 0) throw FetchException();
        }
        return Own(_api.PyObject_Call(callable.Handle, tuple.Handle, 0));
    }

    public PyObject FromString(string value)
    {
        RequireGil();
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* data = bytes) return Own(_api.PyUnicode_FromStringAndSize(data, bytes.Length));
    }

    public PyObject FromBytes(ReadOnlySpan<byte> value)
    {
        RequireGil();
        fixed (byte* data = value) return Own(_api.PyBytes_FromStringAndSize(data, value.Length));
    }

    public PyObject FromLong(long value)
    {
        RequireGil();
        return Own(_api.PyLong_FromLongLong(value));
    }

    public string AsString(PyObject value)
    {
        RequireGil();
        nint size;
        var data = _api.PyUnicode_AsUTF8AndSize(value.Handle, &size);
        if (data == null) throw FetchException();
        return Encoding.UTF8.GetString(data, (int)size);
    }

    /// <summary>A view of a <c>bytes</c> object's buffer, valid while <paramref name="value"/> is alive and the GIL held.</summary>
    public ReadOnlySpan<byte> AsBytes(PyObject value)
    {
        RequireGil();
        byte* data;
        nint size;
        if (_api.PyBytes_AsStringAndSize(value.Handle, &data, &size) != 0) throw FetchException();
        return new ReadOnlySpan<byte>(data, checked((int)size));
    }

    public long AsLong(PyObject value)
    {
        RequireGil();
        var result = _api.PyLong_AsLongLong(value.Handle);
        if (result == -1 && _api.PyErr_Occurred() != 0) throw FetchException();
        return result;
    }

    /// <summary><c>str(value)</c>.</summary>
    public string Str(PyObject value)
    {
        RequireGil();
        using var text = Own(_api.PyObject_Str(value.Handle));
        return AsString(text);
    }

    private PyObject Compile(string source, string fileName, int mode)
    {
        fixed (byte* text = Utf8(source))
        fixed (byte* file = Utf8(fileName))
        {
            return Own(_api.Py_CompileString(text, file, mode));
        }
    }

    private nint MainGlobals()
    {
        fixed (byte* main = Utf8("__main__")) return _api.PyModule_GetDict(_api.PyImport_AddModule(main));
    }

    /// <summary>Wraps a new reference, or throws the pending Python error when it is null.</summary>
    private PyObject Own(nint handle) => handle != 0 ? new PyObject(this, handle) : throw FetchException();

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
