"""The candidate's names and objects as tests.py sees them (python_tests.py): proxies whose every use is one invoke
request to the candidate's sandboxed worker.

A proxy names its target: a name of the submission's module (the entry function or class), or a handle (an object the
worker keeps: an instance of the candidate's class, a function it returned). Arguments go to the worker as canonical
values (plain values only, or other proxies); answers come back as plain values rebuilt from the canonical form, as new
proxies, or as exceptions of the same built-in type. A proxy's ==, != and hash are its identity (the same object in the
worker), never the candidate's __eq__, unless tests.py calls codegrader.use_candidate_comparisons(); <, <=, > and >=
need that call too. repr() is the host's description; str(), len(), iteration, indexing, `in` and arithmetic ask the
worker.
"""

import math

_INT64 = 1 << 63

_canonical = None  # the worker's canonical module (sandbox/harness/_cg_canonical.py), set by HostPython


class NotPlainArgument(TypeError):
    """A test passed the candidate something that is not a plain value (it cannot leave this process)."""


class LostObject(Exception):
    """A test used a candidate's object whose worker has ended since (kept from an earlier test)."""


def canonical(value, where, run, path=()):
    """The canonical form (docs/protocol.md) of a plain value or a proxy of `run`, for an invoke request. A bool, None,
    a 64-bit int, a finite float or a UTF-8-encodable str goes bare (a JSON scalar stands for itself in arguments: 50,000
    ints cost 50,000 numbers, not 50,000 objects); everything else is a tagged node."""
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is int:
        return value if -_INT64 <= value < _INT64 else {"t": "int", "x": format(value, "x")}
    if kind is float:
        return value if math.isfinite(value) else {"t": "float", "v": _canonical.float_value(value)}
    if kind is complex:
        return {"t": "complex", "re": _canonical.float_value(value.real), "im": _canonical.float_value(value.imag)}
    if kind is str:
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return {"t": "str", "cp": [ord(c) for c in value]}
        return value
    if kind in (bytes, bytearray):
        return {"t": kind.__name__, "hex": bytes(value).hex()}
    if kind is Remote:
        if object.__getattribute__(value, "_cg_run") is not run:
            raise NotPlainArgument(f"{where} is an object of another submission")
        return value._cg_node()
    if kind in (list, tuple, set, frozenset, dict):
        if id(value) in path:
            raise NotPlainArgument(f"{where} contains itself")
        if len(path) > 90:
            raise NotPlainArgument(f"{where} is nested more than 90 levels deep")
        inner = path + (id(value),)
        if kind is dict:
            return {"t": "dict", "v": [[canonical(k, where, run, inner), canonical(v, where, run, inner)] for k, v in value.items()]}
        low, high = -_INT64, _INT64
        return {"t": kind.__name__, "v": [
            item if type(item) is int and low <= item < high or type(item) is str and item.isascii() else canonical(item, where, run, inner)
            for item in value]}
    raise NotPlainArgument(
        f"{where} is {type(value).__name__} {_short(value)}, which is not a plain value: only None, bool, int, float, "
        "complex, str, bytes, bytearray, the candidate's own objects, and lists, tuples, sets, frozensets and dicts of them "
        "can be passed to the candidate's code")


def _short(value):
    try:
        text = repr(value)
    except Exception:  # a repr that raises is still named
        text = f"<{type(value).__name__}>"
    return text[:80]


class CandidateObject:
    """A value the candidate returned that has no plain form and is not kept (an iterator, a value over the limits)."""

    def __init__(self, node):
        self.kind = node.get("t")
        self.type_name = node.get("type") or node.get("t")

    def __repr__(self):
        return f"<candidate's {self.type_name}>"


def value(node, run):
    """A canonical value from the worker as a plain Python value; a kept object as a new proxy of `run`."""
    def other(node):
        if node["t"] == "object" and "handle" in node:
            return run.kept(node["handle"], node["type"], node.get("methods") or ())
        return CandidateObject(node)

    return _canonical.decode(node, other)


_ORDER = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class Remote:
    """The candidate's function, class or object, in the worker: every use is one request."""

    __slots__ = ("_cg_run", "_cg_handle", "_cg_name", "_cg_type", "_cg_methods", "__weakref__")

    def __init__(self, run, handle=None, name=None, type_name=None, methods=()):
        setter = object.__setattr__
        setter(self, "_cg_run", run)
        setter(self, "_cg_handle", handle)
        setter(self, "_cg_name", name)
        setter(self, "_cg_type", type_name)
        setter(self, "_cg_methods", frozenset(methods))

    def _cg_node(self):
        handle = object.__getattribute__(self, "_cg_handle")
        return {"t": "handle", "id": handle} if handle is not None else {"t": "name", "name": self._cg_name}

    def _cg_label(self, attr=None):
        name = self._cg_name or (self._cg_type or "object").rpartition(".")[2]
        return f"{name}.{attr}" if attr else name

    def _cg_do(self, op, attr=None, args=(), kwargs=None):
        return self._cg_run.invoke(self, op, attr, args, kwargs)

    @property
    def __name__(self):
        return self._cg_label()

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") or name.startswith("_cg_"):
            raise AttributeError(name)
        if name in self._cg_methods:
            return Method(self, name)
        return self._cg_do("get", name)

    def __setattr__(self, name, new):
        self._cg_do("set", name, (new,))

    def __call__(self, *args, **kwargs):
        return self._cg_do("call", None, args, kwargs)

    def __repr__(self):
        if self._cg_handle is None:
            return f"<the candidate's {self._cg_name}>"
        return f"<the candidate's {self._cg_type} object #{self._cg_handle}>"

    def __str__(self):
        return self._cg_do("str")

    def __len__(self):
        return self._cg_do("len")

    def __bool__(self):
        return self._cg_do("bool")

    def __iter__(self):
        return iter(self._cg_do("list"))

    def __contains__(self, item):
        return self._cg_do("contains", None, (item,))

    def __getitem__(self, key):
        return self._cg_do("getitem", None, (key,))

    def __setitem__(self, key, new):
        self._cg_do("setitem", None, (key, new))

    def __delitem__(self, key):
        self._cg_do("delitem", None, (key,))

    def __instancecheck__(self, obj):
        """isinstance(account, BankAccount): asked in the worker for the candidate's objects; False for anything else."""
        if type(obj) is not Remote or obj._cg_run is not self._cg_run:
            return False
        return self._cg_do("instancecheck", None, (obj,)) is True

    def __hash__(self):
        return hash((id(self._cg_run), self._cg_handle, self._cg_name))

    def __eq__(self, other):
        if self._cg_run.candidate_comparisons:
            return self._cg_do("eq", None, (other,))
        return self._cg_same(other)

    def __ne__(self, other):
        if self._cg_run.candidate_comparisons:
            return self._cg_do("ne", None, (other,))
        return not self._cg_same(other)

    def _cg_same(self, other):
        return type(other) is Remote and other._cg_run is self._cg_run and other._cg_node() == self._cg_node()

    def _cg_order(self, op, other):
        if not self._cg_run.candidate_comparisons:
            raise TypeError(f"'{_ORDER[op]}' on the candidate's {self._cg_label()} would ask the candidate's own comparison: "
                            "tests.py allows that with codegrader.use_candidate_comparisons()")
        return self._cg_do(op, None, (other,))

    def __lt__(self, other):
        return self._cg_order("lt", other)

    def __le__(self, other):
        return self._cg_order("le", other)

    def __gt__(self, other):
        return self._cg_order("gt", other)

    def __ge__(self, other):
        return self._cg_order("ge", other)

    def __neg__(self):
        return self._cg_do("neg")

    def __pos__(self):
        return self._cg_do("pos")

    def __abs__(self):
        return self._cg_do("abs")

    def __invert__(self):
        return self._cg_do("invert")

    def __int__(self):
        return self._cg_do("int")

    def __float__(self):
        return self._cg_do("float")

    def __del__(self):
        handle = self._cg_handle
        if handle is not None:
            self._cg_run.released.append(handle)


def _binary(op):
    def forward(self, other):
        return self._cg_do(op, None, (other,))

    def reflected(self, other):
        return self._cg_do("r" + op, None, (other,))
    return forward, reflected


for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor", "lshift", "rshift"):
    _forward, _reflected = _binary(_op)
    setattr(Remote, f"__{_op}__", _forward)
    setattr(Remote, f"__r{_op}__", _reflected)


class Method:
    """A method of a candidate's object, by name (no request until it is called)."""

    __slots__ = ("_owner", "_name")

    def __init__(self, owner, name):
        self._owner = owner
        self._name = name

    @property
    def __name__(self):
        return self._name

    def __call__(self, *args, **kwargs):
        return self._owner._cg_do("call", self._name, args, kwargs)

    def __repr__(self):
        return f"<the candidate's method {self._owner._cg_label(self._name)}>"
