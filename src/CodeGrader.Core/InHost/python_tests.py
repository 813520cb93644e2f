"""Exercise authors' Python tests (tests.py), run in the host's Python (CodeGrader.Core/InHost/PythonTestHost.cs).

The names the candidate must define are proxies here (python_proxies.py): each use (a call, a method call, an
attribute read) is one invoke request whose arguments go to the candidate's sandboxed worker as canonical values, and
the canonical answer comes back rebuilt as a plain value, as a proxy of an object the worker keeps (an instance of the
candidate's class), or as an exception of the same built-in type (a stand-in class for the candidate's own exception
classes). Test code, its constants and its expected values stay in this process. `import pytest` gives the subset in
python_pytest.py. Answers to the C# side are JSON.
"""

import ast
import builtins
import importlib.util
import io
import json
import math
import operator
import sys
import threading
import traceback
import types
import unittest

_ast_lock = threading.Lock()  # replaced by HostPython with host_python.AST_LOCK, shared with every AST user in the host

FILE = "tests.py"
_proxies = None  # python_proxies.py, set by HostPython
_pytest = None  # python_pytest.py, set by HostPython
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


def _helper_module(run):
    module = types.ModuleType("codegrader", "Helpers for exercise tests run by CodeGrader.")
    module.sample = _sample
    module.weight = _weight
    module.raises = _pytest.raises

    def use_candidate_comparisons():
        """==, !=, <, <=, > and >= on the candidate's objects ask the candidate's own methods (in the worker), not identity."""
        run.candidate_comparisons = True
    module.use_candidate_comparisons = use_candidate_comparisons
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
    with _ast_lock:
        tree = _RewriteAsserts(text).visit(ast.parse(text, FILE, "exec"))
        ast.fix_missing_locations(tree)
        return compile(tree, FILE, "exec", dont_inherit=True)


# --- Values to and from the worker: python_proxies.py ---------------------------------------------------------------

class CallEnded(BaseException):
    """The worker ended inside a call (time limit, memory, crash, output limit): the test cannot go on."""


def _builtin_exception(name):
    if "." in name:
        return None
    found = getattr(builtins, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


# --- One submission's run of tests.py ------------------------------------------------------------------------------

class Run:
    """tests.py executed for one submission (or for discovery, with `bridge` None): fresh globals, the entry as a proxy."""

    def __init__(self, text, entry, bridge):
        self.bridge = bridge
        self.entry = entry
        self.stand_ins = {}
        self.next_handle = 1
        self.released = []
        self.candidate_comparisons = False
        self.proxy = _proxies.Remote(self, name=entry)
        self.candidate_modules = {}
        self.cases = None
        self.globals = {
            "__name__": "tests", "__file__": FILE, "__builtins__": self._builtins(),
            "__codegrader_compare__": _assert_compare, "__codegrader_assert__": _assert,
            entry: self.proxy, "candidate": self.proxy, "codegrader": _helper_module(self),
        }
        exec(_compile(text), self.globals)

    def _builtins(self):
        self.pytest = _pytest.module()
        namespace = dict(builtins.__dict__)
        original = builtins.__import__

        def importer(name, globals=None, locals=None, fromlist=(), level=0):
            if level == 0 and name == "codegrader":
                return self.globals["codegrader"]
            if level == 0 and name == "pytest":
                return self.pytest
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

    def invoke(self, proxy, op, attr, args, kwargs):
        """One use of a proxy (python_proxies.Remote) as one request to the worker; its answer as a value or an exception."""
        label = proxy._cg_label(attr)
        if self.bridge is None:
            raise RuntimeError(f"{FILE} uses the candidate's {label} outside a test: the candidate's code can be used only from a test")
        request = proxy._cg_node()
        request = {"op": op, "handle": request["id"]} if request["t"] == "handle" else {"op": op, "name": request["name"]}
        if attr is not None:
            request["attr"] = attr
        if args:
            request["args"] = [_proxies.canonical(a, f"argument {i + 1} of {label}", self) for i, a in enumerate(args)]
        if kwargs:
            request["kwargs"] = {k: _proxies.canonical(v, f"argument {k} of {label}", self) for k, v in kwargs.items()}
        request["next_handle"] = self.next_handle
        if self.released:
            request["release"], self.released = self.released, []
        answer = json.loads(self.bridge(json.dumps(request, ensure_ascii=False)))
        outcome = answer["outcome"]
        if outcome == "value":
            return _proxies.value(answer["value"], self)
        if outcome == "exception":
            raise self._exception(answer["error"])
        if outcome == "lost":
            raise _proxies.LostObject(answer.get("message"))
        raise CallEnded(answer.get("message") or outcome)

    def kept(self, handle, type_name, methods):
        """A proxy for an object the worker keeps under `handle` (ids never repeat within a submission)."""
        self.next_handle = max(self.next_handle, handle + 1)
        return _proxies.Remote(self, handle=handle, type_name=type_name, methods=methods)

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
        """[{"id", "name", "line", "sample", "weight"}] in file order: test_* functions (one per parameter set), TestCase
        methods, or check(candidate). Raises python_pytest.Problem for a test its parameters and fixtures do not fit."""
        return sorted((described for described, _ in self._cases().values()), key=lambda t: t["line"])

    def _cases(self):
        """{id: (description, action)}, collected once."""
        if self.cases is not None:
            return self.cases
        cases = {}
        fixtures = _pytest.fixtures_of(self.globals)
        for name, value in list(self.globals.items()):
            if name.startswith("test") and isinstance(value, types.FunctionType) and value.__module__ == "tests" and value not in fixtures.values():
                for case_id, given in _pytest.cases(name, value):
                    _pytest.check_fixtures(case_id, value, given, fixtures)
                    cases[case_id] = (_describe(case_id, value), self._function_case(value, given, fixtures))
            elif isinstance(value, type) and issubclass(value, unittest.TestCase) and value.__module__ == "tests":
                for method in unittest.TestLoader().getTestCaseNames(value):
                    cases[f"{name}.{method}"] = (_describe(f"{name}.{method}", getattr(value, method)),
                                                 lambda case=value, method=method: _run_case(case(method)))
        if not cases and isinstance(self.globals.get("check"), types.FunctionType):
            check = self.globals["check"]
            cases["check"] = (_describe("check", check), lambda: check(self.proxy))
        self.cases = cases
        return cases

    @staticmethod
    def _function_case(function, given, fixtures):
        def action():
            reason = _pytest.skip_reason(function)
            if reason is not None:
                raise unittest.SkipTest(reason)
            _pytest.call(function, given, fixtures)
        return action

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
        except (_proxies.NotPlainArgument, _proxies.LostObject) as error:
            answer = {"status": "fault", "message": f"{error} ({_where(error)})"}
        except unittest.SkipTest as skipped:
            answer = {"status": "skipped", "message": f"skipped: {skipped}"}
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
        case = self._cases().get(test_id)
        if case is None:
            raise RuntimeError(f"{FILE} has no test '{test_id}' now (its parameter sets changed since it was loaded)")
        return case[1]() or {"status": "passed"}

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
        with _ast_lock:
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
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module not in (None, "pytest", "codegrader") and is_candidate_module(node.module):
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
    except _pytest.Problem as problem:
        return json.dumps({"problem": [problem.line, 0, f"{FILE}: {problem}"]})
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
