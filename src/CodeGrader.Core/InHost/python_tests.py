"""Exercise authors' Python tests (tests.py), run in the host's Python (CodeGrader.Core/InHost/PythonTestHost.cs).

The names the candidate must define are proxies here: a call renders its arguments (plain values only) as a Python
call expression, the host runs it in the candidate's sandboxed worker, and the canonical answer comes back rebuilt as
a plain value, or as an exception of the same built-in type (a stand-in class for the candidate's own exception
classes). Test code, its constants and its expected values stay in this process. Answers to the C# side are JSON.
"""

import ast
import builtins
import importlib.util
import io
import json
import math
import operator
import re
import sys
import threading
import traceback
import types
import unittest

FILE = "tests.py"
_SAMPLE = "__codegrader_sample__"
_WEIGHT = "__codegrader_weight__"
_MAX_REPR = 2000


# --- The codegrader helper module tests.py may import -----------------------------------------------------------

def _sample(function):
    """@codegrader.sample: the test is a sample (shown to candidates by name; it runs first)."""
    setattr(function, _SAMPLE, True)
    return function


def _weight(value):
    """@codegrader.weight(2): the test counts this many times in the score."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"codegrader.weight takes a positive number, not {value!r}")

    def mark(function):
        setattr(function, _WEIGHT, float(value))
        return function
    return mark


class raises:
    """with codegrader.raises(ValueError) as caught: ... (pytest.raises without pytest); caught.value is the exception."""

    def __init__(self, expected, match=None):
        self.expected = expected
        self.match = match
        self.value = None
        self.type = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        names = getattr(self.expected, "__name__", None) or " or ".join(e.__name__ for e in self.expected)
        if kind is None:
            raise AssertionError(f"expected {names} to be raised, but nothing was raised")
        if not issubclass(kind, self.expected):
            return False
        if self.match is not None and not re.search(self.match, str(value)):
            raise AssertionError(f"{kind.__name__} was raised, but its message {str(value)!r} does not match {self.match!r}")
        self.value, self.type = value, kind
        return True


def _helper_module():
    module = types.ModuleType("codegrader", "Helpers for exercise tests run by CodeGrader.")
    module.sample = _sample
    module.weight = _weight
    module.raises = raises
    return module


def _pytest_shim():
    """`import pytest` where pytest is not installed: its raises, nothing else."""
    module = types.ModuleType("pytest", "CodeGrader's stand-in for pytest: raises only.")
    module.raises = raises
    return module


# --- Output: each test thread prints to its own buffer ----------------------------------------------------------

class _ThreadOutput(io.TextIOBase):
    """sys.stdout/sys.stderr for the whole host Python: a test thread's writes go to its buffer, others' to the original."""

    def __init__(self, original):
        self._original = original
        self._local = threading.local()

    def capture(self, buffer):
        self._local.buffer = buffer

    def write(self, text):
        buffer = getattr(self._local, "buffer", None)
        if buffer is not None:
            if buffer.tell() < 65536:
                buffer.write(text[:65536])
            return len(text)
        return self._original.write(text) if self._original is not None else len(text)

    def flush(self):
        if getattr(self._local, "buffer", None) is None and self._original is not None:
            self._original.flush()


_OUT = _ThreadOutput(sys.stdout)
_ERR = _ThreadOutput(sys.stderr)
sys.stdout, sys.stderr = _OUT, _ERR


# --- Assertions rewritten to show both sides ---------------------------------------------------------------------

_COMPARE = {
    "Eq": (operator.eq, "=="), "NotEq": (operator.ne, "!="), "Lt": (operator.lt, "<"), "LtE": (operator.le, "<="),
    "Gt": (operator.gt, ">"), "GtE": (operator.ge, ">="), "Is": (operator.is_, "is"), "IsNot": (operator.is_not, "is not"),
    "In": (lambda a, b: a in b, "in"), "NotIn": (lambda a, b: a not in b, "not in"),
}


def _safe_repr(value):
    try:
        text = repr(value)
    except Exception as error:  # a repr that raises is still shown
        text = f"<{type(value).__name__} whose repr raised {type(error).__name__}>"
    return text if len(text) <= _MAX_REPR else text[:_MAX_REPR] + " ..."


class TestAssertionFailed(AssertionError):
    """A rewritten assert that failed: what it checked, and both sides when it compared two values."""

    def __init__(self, text, expected=None, actual=None):
        super().__init__(text)
        self.expected = expected
        self.actual = actual


def _assert(value, source, message):
    if value:
        return
    text = f"assert {source}" + (f": {message()}" if message is not None else "")
    raise TestAssertionFailed(f"{text}\n  value: {_safe_repr(value)}", None, _safe_repr(value))


def _assert_compare(left, right, op, source, message):
    check, symbol = _COMPARE[op]
    if check(left, right):
        return
    text = f"assert {source}" + (f": {message()}" if message is not None else "")
    shown_left, shown_right = _safe_repr(left), _safe_repr(right)
    raise TestAssertionFailed(f"{text}\n  left:  {shown_left}\n  right: {shown_right}  ({symbol} is false)", shown_right, shown_left)


class _RewriteAsserts(ast.NodeTransformer):
    """`assert a == b, msg` -> `__codegrader_compare__(a, b, "Eq", "a == b", lambda: msg)`; others -> `__codegrader_assert__`."""

    def __init__(self, text):
        self.text = text

    def visit_Assert(self, node):
        self.generic_visit(node)
        source = ast.get_source_segment(self.text, node.test) or ast.unparse(node.test)
        message = ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
                             body=node.msg) if node.msg is not None else ast.Constant(None)
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            call = ast.Call(ast.Name("__codegrader_compare__", ast.Load()),
                            [test.left, test.comparators[0], ast.Constant(type(test.ops[0]).__name__), ast.Constant(source), message], [])
        else:
            call = ast.Call(ast.Name("__codegrader_assert__", ast.Load()), [test, ast.Constant(source), message], [])
        return ast.copy_location(ast.Expr(call), node)


def _compile(text):
    tree = _RewriteAsserts(text).visit(ast.parse(text, FILE, "exec"))
    ast.fix_missing_locations(tree)
    return compile(tree, FILE, "exec", dont_inherit=True)


# --- Values to and from the worker --------------------------------------------------------------------------------

class NotPlainArgument(TypeError):
    """A test passed the candidate something that is not a plain value (it cannot leave this process)."""


def _source(value, where, path=()):
    """Python source that evaluates to `value` in the worker; only exact built-in value types."""
    kind = type(value)
    if value is None or kind is bool:
        return repr(value)
    if kind is int:
        return hex(value) if value.bit_length() > 1000 else repr(value)
    if kind is float:
        if math.isnan(value):
            return "float('nan')"
        if math.isinf(value):
            return "float('inf')" if value > 0 else "-float('inf')"
        return repr(value)
    if kind is complex:
        return f"complex({_source(value.real, where)}, {_source(value.imag, where)})"
    if kind in (str, bytes):
        return repr(value)
    if kind is bytearray:
        return f"bytearray({bytes(value)!r})"
    if kind in (list, tuple, set, frozenset, dict):
        if id(value) in path:
            raise NotPlainArgument(f"{where} contains itself")
        if len(path) > 90:
            raise NotPlainArgument(f"{where} is nested more than 90 levels deep")
        inner = path + (id(value),)
        if kind is dict:
            return "{" + ", ".join(f"{_source(k, where, inner)}: {_source(v, where, inner)}" for k, v in value.items()) + "}"
        items = [_source(item, where, inner) for item in value]
        if kind is list:
            return "[" + ", ".join(items) + "]"
        if kind is tuple:
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if kind is set:
            return "{" + ", ".join(items) + "}" if items else "set()"
        return "frozenset({" + ", ".join(items) + "})" if items else "frozenset()"
    raise NotPlainArgument(
        f"{where} is {type(value).__name__} {_safe_repr(value)[:80]}, which is not a plain value: only None, bool, int, float, "
        "complex, str, bytes, bytearray, and lists, tuples, sets, frozensets and dicts of them can be passed to the candidate's code")


class CandidateObject:
    """A value the candidate returned that has no plain form (an object, an iterator, a value over the limits)."""

    def __init__(self, node):
        self.kind = node.get("t")
        self.type_name = node.get("type") or node.get("t")

    def __repr__(self):
        return f"<candidate's {self.type_name}>"


def _value(node):
    kind = node["t"]
    if kind == "none":
        return None
    if kind == "bool":
        return bool(node["v"])
    if kind == "int":
        return int(node["x"], 16)
    if kind == "float":
        return float(node["v"])
    if kind == "complex":
        return complex(float(node["re"]), float(node["im"]))
    if kind == "str":
        return node["v"] if "v" in node else "".join(map(chr, node["cp"]))
    if kind == "bytes":
        return bytes.fromhex(node["hex"])
    if kind == "bytearray":
        return bytearray.fromhex(node["hex"])
    if kind == "list":
        return [_value(item) for item in node["v"]]
    if kind == "tuple":
        return tuple(_value(item) for item in node["v"])
    if kind == "set":
        return {_value(item) for item in node["v"]}
    if kind == "frozenset":
        return frozenset(_value(item) for item in node["v"])
    if kind == "dict":
        return {_value(k): _value(v) for k, v in node["v"]}
    return CandidateObject(node)


class CallEnded(BaseException):
    """The worker ended inside a call (time limit, memory, crash, output limit): the test cannot go on."""


def _builtin_exception(name):
    if "." in name:
        return None
    found = getattr(builtins, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


# --- One submission's run of tests.py ------------------------------------------------------------------------------

class _Function:
    """The candidate's function: calls go to the worker."""

    def __init__(self, run, name):
        self._run = run
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        return self._run.call(self.__name__, args, kwargs)

    def __repr__(self):
        return f"<the candidate's {self.__name__}>"


class Run:
    """tests.py executed for one submission (or for discovery, with `bridge` None): fresh globals, the entry as a proxy."""

    def __init__(self, text, entry, bridge):
        self.bridge = bridge
        self.entry = entry
        self.stand_ins = {}
        self.proxy = _Function(self, entry)
        self.candidate_modules = {}
        self.globals = {
            "__name__": "tests", "__file__": FILE, "__builtins__": self._builtins(),
            "__codegrader_compare__": _assert_compare, "__codegrader_assert__": _assert,
            entry: self.proxy, "candidate": self.proxy, "codegrader": _helper_module(),
        }
        exec(_compile(text), self.globals)

    def _builtins(self):
        namespace = dict(builtins.__dict__)
        original = builtins.__import__

        def importer(name, globals=None, locals=None, fromlist=(), level=0):
            if level == 0 and name == "codegrader":
                return self.globals["codegrader"]
            if level == 0 and name == "pytest" and importlib.util.find_spec("pytest") is None:
                return _pytest_shim()
            if level == 0 and is_candidate_module(name):
                return self._candidate_module(name)
            return original(name, globals, locals, fromlist, level)
        namespace["__import__"] = importer
        return namespace

    def _candidate_module(self, name):
        module = self.candidate_modules.get(name)
        if module is None:
            module = types.ModuleType(name, "The candidate's submission: its names call into the worker.")
            setattr(module, self.entry, self.proxy)
            self.candidate_modules[name] = module
        return module

    # Calls into the worker

    def call(self, name, args, kwargs):
        if self.bridge is None:
            raise RuntimeError(f"{FILE} calls {name} outside a test: the candidate's code can be called only from a test")
        parts = [_source(a, f"argument {i + 1} of {name}") for i, a in enumerate(args)]
        parts += [f"{k}={_source(v, f'argument {k} of {name}')}" for k, v in kwargs.items()]
        answer = json.loads(self.bridge(f"{name}({', '.join(parts)})"))
        outcome = answer["outcome"]
        if outcome == "value":
            return _value(answer["value"])
        if outcome == "exception":
            raise self._exception(answer["error"])
        raise CallEnded(answer.get("message") or outcome)

    def _exception(self, error):
        name, message = error["type"], error["message"]
        kind = _builtin_exception(name)
        if kind is None:
            base = next((b for b in map(_builtin_exception, error.get("bases") or []) if b is not None), Exception)
            kind = self.stand_ins.get((name, base))
            if kind is None:
                module, _, qualname = name.rpartition(".")
                kind = type(qualname.rpartition(".")[2] or name, (base,), {"__module__": module or "candidate", "__qualname__": qualname or name})
                self.stand_ins[(name, base)] = kind
        try:
            exception = kind(message)
        except Exception:  # built-in types whose constructor wants more (UnicodeDecodeError): the message alone
            exception = BaseException.__new__(kind)
            exception.args = (message,)
        exception.__codegrader_candidate__ = True
        return exception

    # The tests

    def tests(self):
        """[{"id", "name", "line", "sample", "weight"}] in file order: test_* functions, TestCase methods, or check(candidate)."""
        found = []
        for name, value in list(self.globals.items()):
            if name.startswith("test") and isinstance(value, types.FunctionType) and value.__module__ == "tests":
                found.append(_describe(name, value))
            elif isinstance(value, type) and issubclass(value, unittest.TestCase) and value.__module__ == "tests":
                for method in unittest.TestLoader().getTestCaseNames(value):
                    found.append(_describe(f"{name}.{method}", getattr(value, method)))
        if not found and isinstance(self.globals.get("check"), types.FunctionType):
            found.append(_describe("check", self.globals["check"]))
        found.sort(key=lambda t: t["line"])
        return found

    def run(self, test_id):
        """Runs one test. JSON {"status": passed|failed|error|skipped|fault, "message", "expected", "actual", "stdout"}."""
        buffer = io.StringIO()
        _OUT.capture(buffer)
        _ERR.capture(buffer)
        try:
            answer = self._run(test_id)
        except CallEnded as ended:
            answer = {"status": "ended", "message": str(ended)}
        except KeyboardInterrupt as error:
            # The host's watchdog, unless the candidate's code raised it (then it is the candidate's error).
            answer = self._other(error) if getattr(error, "__codegrader_candidate__", False) else {"status": "interrupted", "message": "interrupted"}
        except NotPlainArgument as error:
            answer = {"status": "fault", "message": f"{error} ({_where(error)})"}
        except TestAssertionFailed as failed:
            answer = {"status": "failed", "message": str(failed), "expected": failed.expected, "actual": failed.actual}
        except AssertionError as failed:
            answer = self._other(failed) if getattr(failed, "__codegrader_candidate__", False) else {"status": "failed", "message": _failure_text(failed)}
        except BaseException as error:
            answer = self._other(error)
        finally:
            _OUT.capture(None)
            _ERR.capture(None)
        answer["stdout"] = buffer.getvalue()
        return json.dumps(answer)

    def _run(self, test_id):
        if test_id == "check":
            self.globals["check"](self.proxy)
            return {"status": "passed"}
        if "." in test_id:
            class_name, method = test_id.split(".", 1)
            return _run_case(self.globals[class_name](method))
        self.globals[test_id]()
        return {"status": "passed"}

    def _other(self, error):
        if getattr(error, "__codegrader_candidate__", False):
            return {"status": "error", "message": f"the candidate's code raised {_exception_text(error)}", "type": type(error).__name__,
                    "bases": [b.__name__ for b in type(error).__mro__[1:] if b is not object]}
        return {"status": "error", "message": f"the test raised {_exception_text(error)} ({_where(error)})"}


def _describe(test_id, function):
    function = getattr(function, "__func__", function)
    code = getattr(function, "__code__", None)
    return {"id": test_id, "name": test_id, "line": code.co_firstlineno if code else 1,
            "sample": bool(getattr(function, _SAMPLE, False)), "weight": getattr(function, _WEIGHT, 1.0)}


class _CaseResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.error = None
        self.kind = None
        self.skip = None

    def addFailure(self, test, err):
        self.kind, self.error = "failed", err[1]

    def addError(self, test, err):
        if self.error is None:
            self.kind, self.error = "error", err[1]

    def addSkip(self, test, reason):
        self.skip = reason


def _run_case(case):
    result = _CaseResult()
    case.run(result)
    if result.error is not None:
        raise result.error
    if result.skip is not None:
        return {"status": "skipped", "message": f"skipped: {result.skip}"}
    return {"status": "passed"}


def _exception_text(error):
    text = str(error) if not getattr(error, "__codegrader_candidate__", False) else (error.args[0] if error.args else "")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _failure_text(error):
    text = str(error)
    return (text or "assertion failed") + f" ({_where(error)})"


def _where(error):
    """The deepest line of tests.py in the exception's traceback."""
    line = None
    for frame, number in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == FILE:
            line = number
    return f"{FILE}, line {line}" if line is not None else FILE


def is_candidate_module(name):
    """A module the host's Python cannot import is the candidate's (from palindrome import is_palindrome)."""
    if name in sys.modules:
        return False
    try:
        return importlib.util.find_spec(name.partition(".")[0]) is None
    except (ImportError, ValueError):
        return True


# --- Static checks at load ----------------------------------------------------------------------------------------

def check(text, entry):
    """Problems in tests.py before it runs: JSON [[line, column, message]] (1-based line, 0-based column)."""
    try:
        tree = ast.parse(text, FILE, "exec")
    except SyntaxError as error:
        return json.dumps([[error.lineno or 1, max((error.offset or 1) - 1, 0), f"{FILE} does not compile: {error.msg}"]])
    except (ValueError, RecursionError, MemoryError) as error:
        return json.dumps([[1, 0, f"{FILE} does not compile: {error}"]])
    bound = {entry, "candidate", "codegrader", "__name__", "__file__", "__builtins__", "__doc__"}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.partition(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and is_candidate_module(node.module):
            for alias in node.names:
                if alias.name != entry:
                    problems.append([alias.lineno, alias.col_offset,
                                     f"{FILE} imports '{alias.name}' from the candidate's module '{node.module}', but the candidate defines only '{entry}'"])
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound and not hasattr(builtins, node.id):
            problems.append([node.lineno, node.col_offset, f"{FILE} uses the name '{node.id}', which it never defines (the candidate's name is '{entry}')"])
    return json.dumps(sorted(problems))


class _Quiet:
    """What module code prints while tests.py loads goes nowhere (never to the host's own output)."""

    def __enter__(self):
        _OUT.capture(io.StringIO())
        _ERR.capture(io.StringIO())

    def __exit__(self, *_):
        _OUT.capture(None)
        _ERR.capture(None)


def discover(text, entry):
    """tests.py executed once without a worker: JSON {"tests": [...]} or {"problem": [line, column, message]}."""
    try:
        with _Quiet():
            run = Run(text, entry, None)
        return json.dumps({"tests": run.tests()})
    except KeyboardInterrupt:
        return json.dumps({"interrupted": True})
    except BaseException as error:
        line = None
        for frame, number in traceback.walk_tb(error.__traceback__):
            if frame.f_code.co_filename == FILE:
                line = number
        return json.dumps({"problem": [line or 1, 0, f"{FILE} raised {type(error).__name__}: {error} while it was loaded"]})


def start(text, entry, bridge):
    """tests.py executed for one submission; the Run runs its tests."""
    with _Quiet():
        return Run(text, entry, bridge)
