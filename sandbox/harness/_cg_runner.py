"""The worker's request handler: load a submission, then run tests one at a time.

handle(kind, payload) takes a request frame's kind and JSON payload (bytes) and
returns the JSON payload of the answer. Candidate code runs only inside
_load and _run; everything it prints is captured and bounded.
"""

import binascii
import builtins
import io
import itertools
import sys
import time

import _cg_invoke as invoke
import _cg_json as json

from _cg_canonical import Limits, canonical, is_iterator
from _cg_capture import BoundedText, OutputLimitExceeded, binary_streams
from _cg_errors import TimeLimit, describe, syntax_diagnostic

LOAD = 1
TEST = 2

_perf = time.perf_counter_ns
_real_stdout = sys.stdout
_real_stderr = sys.stderr
_real_stdin = sys.stdin


class _Session:
    filename = "solution.py"
    mode = "module"
    code = None
    namespace = None
    builtins = builtins.__dict__
    output_limit = 1 << 20
    limits = Limits()


_session = _Session()


# One answer travels in one frame of at most 64 MiB (docs/protocol.md); leave room for the rest of the answer.
_MAX_ANSWER = 64 * 1024 * 1024 - 64 * 1024


def handle(kind, payload):
    request = json.loads(payload)
    if kind == LOAD:
        answer = _load(request)
    elif kind == TEST:
        answer = _test(request)
    else:
        answer = {"outcome": "protocol_error", "message": f"unknown request kind {kind}"}
    data = json.dumps(answer).encode("utf-8", "surrogatepass")
    if len(data) > _MAX_ANSWER:
        data = json.dumps(_without_values(answer, len(data))).encode("utf-8", "surrogatepass")
    return data


def _without_values(answer, size):
    """An answer too big for its frame: its values (within the value limits, but large items add up) become too_large."""
    reason = f"its canonical form takes {size} bytes, over the {_MAX_ANSWER} one answer may take"
    for part in [answer] + list(answer.get("steps") or ()):
        value = part.get("value")
        if value is not None:
            kind = value.get("sub") or value.get("t") or "object" if type(value) is dict else type(value).__name__
            part["value"] = {"t": "too_large", "type": kind, "reason": reason}
    return answer


def _load(request):
    s = _session
    s.filename = request.get("filename") or "solution.py"
    s.mode = request.get("mode") or "module"
    s.output_limit = int(request.get("output_limit", s.output_limit))
    value_limits = request.get("value_limits") or {}
    s.limits = Limits(**{k: int(v) for k, v in value_limits.items() if k in ("max_nodes", "max_chars", "max_depth")})
    s.builtins = _restricted_builtins(request.get("forbid_imports") or (), request.get("forbid_names") or ())
    source = binascii.a2b_base64(request["source"])
    try:
        s.code = compile(source, s.filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return {"ok": False, "diagnostics": [syntax_diagnostic(error, source)], "time_ns": 0}
    if s.mode == "program":
        return {"ok": True, "diagnostics": [], "time_ns": 0}
    namespace = {"__name__": "solution", "__file__": s.filename, "__builtins__": s.builtins}
    module = type(sys)("solution")
    module.__dict__.update(namespace)
    sys.modules["solution"] = module
    s.namespace = module.__dict__
    answer = _capture(lambda: exec(s.code, s.namespace))
    answer["ok"] = answer["outcome"] == "value"
    answer.pop("value", None)
    answer["diagnostics"] = []
    entry = request.get("entry")
    if answer["ok"] and entry:
        target = s.namespace.get(entry)
        if target is None:
            defined = sorted(k for k, v in s.namespace.items() if callable(v) and not k.startswith("__"))
            answer["ok"] = False
            answer["diagnostics"].append({
                "id": "CG1004", "severity": "error",
                "message": f"the solution does not define '{entry}'" + (f" (it defines: {', '.join(defined[:10])})" if defined else ""),
                "line": 1, "column": 1, "end_line": 1, "end_column": 1,
            })
        elif not callable(target):
            answer["ok"] = False
            answer["diagnostics"].append({
                "id": "CG1005", "severity": "error",
                "message": f"'{entry}' is a {type(target).__name__}, not a function",
                "line": 1, "column": 1, "end_line": 1, "end_column": 1,
            })
    return answer


def _test(request):
    s = _session
    if s.code is None:
        return {"id": request.get("id"), "outcome": "protocol_error", "message": "no submission loaded"}
    if s.mode == "program" and "stdin_bytes" in request:
        answer = _capture_binary(lambda: _run_program(s.code), binascii.a2b_base64(request["stdin_bytes"]))
    elif s.mode == "program":
        answer = _capture(lambda: _run_program(s.code), stdin=request.get("stdin", ""))
    elif "steps" in request:
        answer = _run_steps(request["steps"])
    elif "invoke" in request:
        answer = _invoke(request["invoke"])
    elif "apply" in request:
        answer = _apply(request["apply"])
    else:
        call = compile(request["call"], "<codegrader:test>", "eval", dont_inherit=True)
        scope = _test_scope()
        answer = _capture(lambda: eval(call, scope), take=request.get("take"))
    answer["id"] = request.get("id")
    return answer


def _apply(apply):
    """A call `name(args..., key=value...)` whose arguments are plain JSON literals (docs/protocol.md): the name is
    looked up as the call's text would look it up (the submission's module, then every builtin), and called with the
    decoded values; nothing is compiled."""
    name = apply["name"]
    args = apply["args"]
    kwargs = apply.get("kwargs") or {}
    namespace = _session.namespace
    if name in namespace:
        target = namespace[name]
    elif name in builtins.__dict__:
        target = builtins.__dict__[name]
    else:
        return _capture(lambda: _undefined(name))
    return _capture(lambda: target(*args, **kwargs))


def _undefined(name):
    raise NameError(f"name '{name}' is not defined", name=name)


def _invoke(request):
    """One operation of the host's Python tests on the submission's names and kept objects (_cg_invoke)."""
    invoke.release(request.get("release"))
    try:
        obj = invoke.target(request, _session.namespace)
        invoke.check_arguments(request)
    except invoke.LostHandle as lost:
        return {"outcome": "protocol_error", "message": str(lost)}
    except KeyError:
        return {"outcome": "protocol_error", "message": f"the submission defines no '{request.get('name')}'"}
    keep = invoke.keeper(int(request.get("next_handle") or 1))
    return _capture(lambda: invoke.perform(request, obj, _session.namespace), keep=keep)


def _run_program(code):
    scope = {"__name__": "__main__", "__file__": _session.filename, "__builtins__": _session.builtins}
    try:
        exec(code, scope)
    except SystemExit as done:
        status = BaseException.__dict__["args"].__get__(done)
        if status and status[0] not in (0, None):
            raise


def _test_scope():
    """The author's test code sees the submission's names and every builtin (a restriction binds the submission)."""
    scope = dict(_session.namespace)
    scope["__builtins__"] = builtins
    return scope


def _restricted_builtins(forbid_imports, forbid_names):
    """The exercise's restrictions at run time, behind the static check: builtins without the forbidden names, an
    __import__ that refuses the forbidden modules (and hands out this restricted view for 'builtins'). Catches
    dynamic use (__import__("r" + "e"), getattr on builtins); not a security boundary."""
    if not forbid_imports and not forbid_names:
        return builtins.__dict__
    restricted = {k: v for k, v in builtins.__dict__.items() if k not in forbid_names}
    view = type(sys)("builtins")
    view.__dict__.update(restricted)
    real_import = builtins.__import__
    forbidden = tuple(forbid_imports)

    def refused(name):
        return any(name == f or name.startswith(f + ".") for f in forbidden)

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            wanted = [name] + [f"{name}.{item}" for item in (fromlist or ()) if isinstance(item, str)]
            for module in wanted:
                if refused(module):
                    raise ImportError(f"import of '{module}' is forbidden by this exercise", name=module)
            if name == "builtins" and forbid_names:
                return view
        return real_import(name, globals, locals, fromlist, level)

    restricted["__import__"] = guarded_import
    view.__dict__["__import__"] = guarded_import
    return restricted


def _run_steps(steps):
    scope = _test_scope()
    results = []
    answer = None
    for index, step in enumerate(steps):
        mode = "eval" if step.get("eval", True) else "exec"
        code = compile(step["code"], "<codegrader:step>", mode, dont_inherit=True)
        answer = _capture(lambda: eval(code, scope) if mode == "eval" else exec(code, scope))
        answer["step"] = index
        results.append(answer)
        if answer["outcome"] != "value":
            break
    return {"outcome": answer["outcome"] if answer else "value", "steps": results}


def _capture(action, stdin="", take=None, keep=None):
    """Runs candidate code with output captured, timing it; returns the answer dict."""
    s = _session
    out = BoundedText(s.output_limit, "stdout")
    err = BoundedText(s.output_limit, "stderr")
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO(stdin)
    answer = {}
    started = _perf()
    try:
        value = action()
        if take is not None and is_iterator(value):
            items = list(itertools.islice(value, int(take) + 1))
            answer["more"] = len(items) > int(take)
            value = items[: int(take)]
        elapsed = _perf() - started
        answer["outcome"] = "value"
        answer["value"] = canonical(value, s.limits, keep)
    except OutputLimitExceeded:
        elapsed = _perf() - started
        answer["outcome"] = "output_limit"
    except (TimeLimit, KeyboardInterrupt):
        elapsed = _perf() - started
        answer["outcome"] = "interrupted"
    except BaseException as error:  # noqa: BLE001 - every candidate failure is data
        elapsed = _perf() - started
        answer["outcome"] = "exception"
        answer["error"] = describe(error, s.filename)
    finally:
        sys.stdout, sys.stderr, sys.stdin = _real_stdout, _real_stderr, _real_stdin
    answer["time_ns"] = elapsed
    answer["stdout"] = out.getvalue()
    answer["stderr"] = err.getvalue()
    if out.truncated or err.truncated:
        answer["output_truncated"] = True
    return answer


def _capture_binary(action, stdin):
    """A program run on bytes: stdin given as bytes, stdout and stderr kept as the bytes written (base64 in the answer),
    with the process's CPU time beside the wall time."""
    s = _session
    text_in, text_out, text_err, out, err = binary_streams(stdin, s.output_limit)
    sys.stdout, sys.stderr, sys.stdin = text_out, text_err, text_in
    answer = {}
    cpu_started = time.process_time_ns()
    started = _perf()
    try:
        action()
        for stream in (text_out, text_err):
            stream.flush()
        answer["outcome"] = "value"
        answer["value"] = canonical(None, s.limits)
    except OutputLimitExceeded:
        answer["outcome"] = "output_limit"
    except (TimeLimit, KeyboardInterrupt):
        answer["outcome"] = "interrupted"
    except BaseException as error:  # noqa: BLE001 - every candidate failure is data
        answer["outcome"] = "exception"
        answer["error"] = describe(error, s.filename)
    finally:
        elapsed = _perf() - started
        cpu = time.process_time_ns() - cpu_started
        sys.stdout, sys.stderr, sys.stdin = _real_stdout, _real_stderr, _real_stdin
    answer["time_ns"] = elapsed
    answer["cpu_ns"] = cpu
    answer["stdout_bytes"] = binascii.b2a_base64(out.getvalue(), newline=False).decode("ascii")
    answer["stderr_bytes"] = binascii.b2a_base64(err.getvalue(), newline=False).decode("ascii")
    if out.truncated or err.truncated:
        answer["output_truncated"] = True
    return answer


def settle():
    """Called after a soft deadline fired: gives a pending SIGINT or TimeLimit a place to land."""
    for _ in range(3):
        try:
            time.sleep(0)
            for _ in range(10):
                pass
        except BaseException:  # noqa: BLE001 - the interrupt is spent here on purpose
            pass


def warm_up(rounds=64):
    """In a fork server's zygote, before it forks any worker: runs the harness's own paths (a load, tests by call and
    by apply) on a module of its own, never a submission's, then forgets it, so that every forked worker starts with
    them warm instead of warming them itself (CPython 3.11 specialises a function's bytecode once it ran a few times)."""
    global _session
    source = binascii.b2a_base64(b"def same_reversed(s):\n    return s[::-1] == s\n", newline=False).decode("ascii")
    handle(LOAD, json.dumps({"filename": "warm_up.py", "source": source, "mode": "module", "output_limit": 1024,
                             "forbid_imports": [], "forbid_names": [], "entry": "same_reversed"}).encode("utf-8"))
    for i in range(rounds):
        handle(TEST, json.dumps({"id": 2 * i + 1, "apply": {"name": "same_reversed", "args": ["ab" * i]}}).encode("utf-8"))
        handle(TEST, json.dumps({"id": 2 * i + 2, "call": f"same_reversed('x' * {i})"}).encode("utf-8"))
    sys.modules.pop("solution", None)
    _session = _Session()
