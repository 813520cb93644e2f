"""Exceptions and compile errors as plain data (dicts ready for JSON)."""

HARNESS_PREFIX = "<codegrader"
MESSAGE_LIMIT = 2000


class TimeLimit(BaseException):
    """Raised into the candidate's thread by the worker's watchdog when a soft deadline passes."""


def qualified_name(cls):
    module = getattr(cls, "__module__", None)
    name = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", "?")
    if not isinstance(module, str) or module == "builtins":
        return str(name)
    return f"{module}.{name}"


def safe_message(exc):
    """The message as the nearest builtin exception class makes it (OSError's "[Errno 2] ...", KeyError's
    quoted key): a candidate's own __str__ override is never called."""
    try:
        builtin = next(b for b in type(exc).__mro__ if type.__dict__["__module__"].__get__(b) == "builtins")
        text = builtin.__str__(exc)
    except BaseException:  # noqa: BLE001 - a hostile value must not escape
        text = "<unprintable message>"
    if type(text) is not str:
        text = "<unprintable message>"
    if len(text) > MESSAGE_LIMIT:
        text = text[:MESSAGE_LIMIT] + f"... [{len(text) - MESSAGE_LIMIT} more characters]"
    return text


def describe(exc, candidate_file):
    """Type, bases, message, and the traceback cut to the candidate's own frames."""
    cls = type(exc)
    bases = [qualified_name(b) for b in cls.__mro__[1:] if b is not object]
    frames = []
    tb = exc.__traceback__
    while tb is not None and len(frames) < 5000:
        code = tb.tb_frame.f_code
        frames.append({"file": code.co_filename, "line": tb.tb_lineno, "function": code.co_name})
        tb = tb.tb_next
    first = next((i for i, f in enumerate(frames) if f["file"] == candidate_file), None)
    kept = [] if first is None else _collapse([f for f in frames[first:] if not f["file"].startswith(HARNESS_PREFIX)])
    own = [f for f in kept if f["file"] == candidate_file]
    result = {
        "type": qualified_name(cls),
        "bases": bases,
        "message": safe_message(exc),
        "traceback": kept,
        "line": own[-1]["line"] if own else None,
    }
    if isinstance(exc, SyntaxError):
        result["line"] = _int_or_none(getattr(exc, "lineno", None))
        result["column"] = _int_or_none(getattr(exc, "offset", None))
    return result


def _collapse(frames, keep=3):
    """Runs of one repeated frame (deep recursion) kept as Python prints them: three, then a count of the rest."""
    result = []
    run = 0
    for frame in frames:
        if result and frame == {k: result[-1][k] for k in ("file", "line", "function")}:
            run += 1
            if run >= keep:
                result[-1]["repeated"] = result[-1].get("repeated", 0) + 1
                continue
        else:
            run = 0
        result.append(dict(frame))
    return result


def _int_or_none(value):
    return value if type(value) is int else None


def syntax_diagnostic(exc, source):
    """A compile error as a diagnostic with a one-based span. Non-UTF-8 bytes are located exactly."""
    message = safe_message(exc) if not isinstance(exc, SyntaxError) else (exc.msg or "invalid syntax")
    if "codec can't decode" in message or "(unicode error)" in message:
        return _encoding_diagnostic(source, message)
    if "null bytes" in message:
        index = source.find(b"\x00")
        line, column = _position(source, index)
        return _diag("CG1003", "source contains a null byte", line, column, line, column + 1)
    line = _int_or_none(getattr(exc, "lineno", None)) or 1
    column = _int_or_none(getattr(exc, "offset", None)) or 1
    end_line = _int_or_none(getattr(exc, "end_lineno", None)) or line
    end_column = _int_or_none(getattr(exc, "end_offset", None)) or column + 1
    kind = type(exc).__name__
    text = message if kind == "SyntaxError" else f"{kind}: {message}"
    return _diag("CG1001", text, line, column, end_line, end_column)


def _encoding_diagnostic(source, message):
    try:
        source.decode("utf-8")
        index = 0
        reason = message
    except UnicodeDecodeError as error:
        index = error.start
        reason = f"byte 0x{source[index]:02x} is not valid UTF-8 ({error.reason})"
    line, column = _position(source, index)
    return _diag("CG1002", f"the source is not valid UTF-8: {reason}; save the file as UTF-8", line, column, line, column + 1)


def _position(source, index):
    """One-based line and byte column of a byte offset."""
    if index < 0:
        return 1, 1
    line = source.count(b"\n", 0, index) + 1
    start = source.rfind(b"\n", 0, index) + 1
    return line, index - start + 1


def _diag(ident, message, line, column, end_line, end_column):
    return {
        "id": ident,
        "severity": "error",
        "message": message,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    }
