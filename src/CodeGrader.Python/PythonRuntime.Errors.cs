using System.Text;

namespace CodeGrader.Python;

/// <summary>Turning the pending Python error into <see cref="PythonError"/> data, without letting a hostile
/// <c>__str__</c> or a missing attribute escape as a second error.</summary>
public sealed unsafe partial class PythonRuntime
{
    /// <summary>Takes the pending Python error (clearing it) as an exception to throw.</summary>
    internal PythonException FetchException() => new(FetchError());

    /// <summary>Takes the pending Python error as data, clearing it. Requires the GIL.</summary>
    public PythonError FetchError()
    {
        RequireGil();
        nint type, value, traceback;
        _api.PyErr_Fetch(&type, &value, &traceback);
        if (type == 0) return new PythonError("SystemError", [], "no Python error was set", [], null);
        _api.PyErr_NormalizeException(&type, &value, &traceback);
        try
        {
            var name = QualifiedName(type);
            var bases = BaseNames(type);
            var message = SafeStr(value);
            var frames = Frames(traceback);
            int? line = frames.Count > 0 ? frames[^1].Line : null;
            int? column = null;
            if (name == "SyntaxError" || bases.Contains("SyntaxError"))
            {
                line = IntAttr(value, "lineno") ?? line;
                column = IntAttr(value, "offset");
            }
            return new PythonError(name, bases, message, frames, line, column);
        }
        finally
        {
            DecRefIfSet(type);
            DecRefIfSet(value);
            DecRefIfSet(traceback);
        }
    }

    private string QualifiedName(nint type)
    {
        var module = StrAttr(type, "__module__");
        var qualName = StrAttr(type, "__qualname__") ?? "?";
        return module is null or "builtins" ? qualName : $"{module}.{qualName}";
    }

    private List<string> BaseNames(nint type)
    {
        var names = new List<string>();
        var mro = Attr(type, "__mro__");
        if (mro == 0) return names;
        var count = _api.PyTuple_Size(mro);
        for (nint i = 1; i < count; i++)
        {
            var name = QualifiedName(_api.PyTuple_GetItem(mro, i)); // borrowed
            if (name != "object") names.Add(name);
        }
        _api.Py_DecRef(mro);
        return names;
    }

    private List<PythonFrame> Frames(nint traceback)
    {
        var frames = new List<PythonFrame>();
        var current = traceback;
        if (current != 0) _api.Py_IncRef(current);
        while (current != 0 && current != _api.None && frames.Count < 1000)
        {
            var line = IntAttr(current, "tb_lineno") ?? 0;
            var frame = Attr(current, "tb_frame");
            var code = frame != 0 ? Attr(frame, "f_code") : 0;
            var file = code != 0 ? StrAttr(code, "co_filename") ?? "?" : "?";
            var function = code != 0 ? StrAttr(code, "co_name") ?? "?" : "?";
            frames.Add(new PythonFrame(file, line, function));
            DecRefIfSet(code);
            DecRefIfSet(frame);
            var next = Attr(current, "tb_next");
            _api.Py_DecRef(current);
            current = next;
        }
        if (current != 0) _api.Py_DecRef(current);
        return frames;
    }

    private string SafeStr(nint value)
    {
        if (value == 0) return "";
        var text = _api.PyObject_Str(value);
        if (text == 0)
        {
            _api.PyErr_Clear();
            return "<exception str() failed>";
        }
        var result = Utf8Of(text) ?? "<unprintable message>";
        _api.Py_DecRef(text);
        return result;
    }

    /// <summary>A new reference to an attribute, or 0 (error cleared).</summary>
    private nint Attr(nint target, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* utf8 = bytes)
        {
            var result = _api.PyObject_GetAttrString(target, utf8);
            if (result == 0) _api.PyErr_Clear();
            return result;
        }
    }

    private string? StrAttr(nint target, string name)
    {
        var attr = Attr(target, name);
        if (attr == 0) return null;
        var text = Utf8Of(attr);
        _api.Py_DecRef(attr);
        return text;
    }

    private int? IntAttr(nint target, string name)
    {
        var attr = Attr(target, name);
        if (attr == 0 || attr == _api.None)
        {
            DecRefIfSet(attr);
            return null;
        }
        var number = _api.PyLong_AsLong(attr);
        _api.Py_DecRef(attr);
        if (number == -1 && _api.PyErr_Occurred() != 0)
        {
            _api.PyErr_Clear();
            return null;
        }
        return (int)Math.Clamp(number, int.MinValue, int.MaxValue);
    }

    private string? Utf8Of(nint text)
    {
        nint size;
        var data = _api.PyUnicode_AsUTF8AndSize(text, &size);
        if (data == null)
        {
            _api.PyErr_Clear();
            return null;
        }
        return Encoding.UTF8.GetString(data, (int)size);
    }

    private void DecRefIfSet(nint handle)
    {
        if (handle != 0) _api.Py_DecRef(handle);
    }
}
