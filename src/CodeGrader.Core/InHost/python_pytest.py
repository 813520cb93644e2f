"""The subset of pytest tests.py may use (`import pytest` gives this module, whether or not pytest is installed, so a
test runs the same on every host): raises, mark.parametrize (stacked, with ids and pytest.param), function-scoped
fixtures defined in tests.py (plain or yield), skip and fail. Anything else is an AttributeError naming this subset.
"""

import itertools
import re
import types
import unittest

_FIXTURE = "__codegrader_fixture__"


class raises:
    """with pytest.raises(ValueError, match="...") as caught: ...; caught.value is the exception."""

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


class Problem(Exception):
    """tests.py uses the subset wrongly (an unknown fixture, a parametrize whose names do not fit): a CG2107 at `line`."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class Mark:
    """One mark on a test function, as pytest keeps them (`function.pytestmark`): name, args, kwargs."""

    def __init__(self, name, args, kwargs):
        self.name, self.args, self.kwargs = name, args, kwargs

    def __call__(self, function):
        marks = list(getattr(function, "pytestmark", []))
        marks.append(self)
        function.pytestmark = marks
        return function


class _Marks:
    def parametrize(self, argnames, argvalues, ids=None):
        return Mark("parametrize", (argnames, argvalues), {"ids": ids})

    def skip(self, reason=""):
        if callable(reason):  # @pytest.mark.skip without parentheses
            return Mark("skip", (), {"reason": ""})(reason)
        return Mark("skip", (), {"reason": reason})

    def __getattr__(self, name):
        # Marks CodeGrader does not act on (slow, timeout, custom ones) are kept and ignored.
        def make(*args, **kwargs):
            if len(args) == 1 and callable(args[0]) and not kwargs:
                return Mark(name, (), {})(args[0])
            return Mark(name, args, kwargs)
        return make


class ParameterSet:
    def __init__(self, values, id):
        self.values, self.id = values, id


def param(*values, id=None, marks=()):
    return ParameterSet(values, id)


def fixture(function=None, *, scope="function", autouse=False, name=None, params=None):
    """@pytest.fixture: a function-scoped fixture (its value made again for every test that asks for it)."""
    def mark(f):
        if scope != "function" or params is not None or autouse:
            raise ValueError("CodeGrader's pytest supports function-scoped fixtures without params or autouse only")
        setattr(f, _FIXTURE, name or f.__name__)
        return f
    return mark(function) if function is not None else mark


def skip(reason=""):
    raise unittest.SkipTest(reason)


def fail(reason=""):
    raise AssertionError(reason or "failed")


def module():
    pytest = types.ModuleType("pytest", "CodeGrader's pytest subset: raises, mark.parametrize, param, fixture, skip, fail.")
    for name, member in (("raises", raises), ("mark", _Marks()), ("param", param), ("fixture", fixture), ("skip", skip), ("fail", fail)):
        setattr(pytest, name, member)

    def missing(name):
        raise AttributeError(f"CodeGrader's pytest has no '{name}': tests.py may use raises, mark.parametrize, param, fixture, skip and fail")
    pytest.__getattr__ = missing
    return pytest


# --- Test cases: a function with its parameter sets, its fixtures made per call ------------------------------------

def _id_of(value, name, index):
    if value is None or type(value) in (bool, int, float, complex, str):
        text = str(value)
        return text.encode("ascii", "backslashreplace").decode("ascii") if isinstance(value, str) else text
    return f"{name}{index}"


def cases(test_name, function):
    """[(id, {argument: value})]: one case, or one per parameter set (stacked parametrize: the lowest decorator's values
    first in the id and the outer loop, as pytest does), ids as pytest makes them (test_x[1-2])."""
    line = function.__code__.co_firstlineno
    groups = []
    for mark in getattr(function, "pytestmark", []):
        if getattr(mark, "name", None) != "parametrize":
            continue
        names, values = mark.args
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        ids = mark.kwargs.get("ids")
        group = []
        for index, entry in enumerate(values):
            own_id = None
            if isinstance(entry, ParameterSet):
                own_id, entry = entry.id, entry.values if len(names) > 1 else entry.values[0]
            row = tuple(entry) if len(names) > 1 else (entry,)
            if len(row) != len(names):
                raise Problem(line, f"{test_name}: parameter set {index + 1} has {len(row)} values for {len(names)} names ({', '.join(names)})")
            if own_id is None and ids is not None and not callable(ids):
                own_id = ids[index]
            if own_id is None and callable(ids):
                own_id = "-".join(str(ids(v)) if ids(v) is not None else _id_of(v, n, index) for n, v in zip(names, row))
            if own_id is None:
                own_id = "-".join(_id_of(v, n, index) for n, v in zip(names, row))
            group.append((str(own_id), dict(zip(names, row))))
        if not group:
            raise Problem(line, f"{test_name}: parametrize gives no parameter set")
        groups.append(group)
    if not groups:
        return [(test_name, {})]
    found = []
    for combination in itertools.product(*groups):
        arguments = {}
        for _, values in combination:
            arguments.update(values)
        found.append((f"{test_name}[{'-'.join(i for i, _ in combination)}]", arguments))
    seen = {}
    for i, (case_id, _) in enumerate(found):
        seen.setdefault(case_id, []).append(i)
    for case_id, indexes in seen.items():
        if len(indexes) > 1:
            for n, i in enumerate(indexes):
                found[i] = (case_id[:-1] + f"{n}]", found[i][1])
    return found


def skip_reason(function):
    """The reason of a @pytest.mark.skip on the function, or None."""
    for mark in getattr(function, "pytestmark", []):
        if getattr(mark, "name", None) == "skip":
            return mark.kwargs.get("reason") or "marked skip"
    return None


def fixtures_of(namespace):
    return {getattr(v, _FIXTURE): v for v in namespace.values() if callable(v) and hasattr(v, _FIXTURE)}


def check_fixtures(test_name, function, given, fixtures, line=None):
    """Raises Problem when the function asks for an argument neither parametrize nor a fixture of tests.py gives."""
    code = function.__code__
    for name in code.co_varnames[:code.co_argcount]:
        if name in given:
            continue
        fixture_function = fixtures.get(name)
        if fixture_function is None:
            raise Problem(line or code.co_firstlineno,
                          f"{test_name} asks for '{name}', which is neither a parameter nor a fixture defined in tests.py "
                          "(CodeGrader's pytest has no built-in fixtures)")
        check_fixtures(f"fixture '{name}'", fixture_function, {}, fixtures, line or code.co_firstlineno)


def call(function, given, fixtures):
    """Calls the test with its parameters and fixtures (each made once for this call; yield fixtures torn down after)."""
    made, teardowns = {}, []

    def make(name):
        if name in given:
            return given[name]
        if name not in made:
            fixture_function = fixtures[name]
            value = fixture_function(**arguments_for(fixture_function))
            if isinstance(value, types.GeneratorType):
                teardowns.append(value)
                value = next(value)
            made[name] = value
        return made[name]

    def arguments_for(f):
        code = f.__code__
        return {name: make(name) for name in code.co_varnames[:code.co_argcount]}

    try:
        function(**arguments_for(function))
    finally:
        for generator in reversed(teardowns):
            try:
                next(generator)
            except StopIteration:
                pass
