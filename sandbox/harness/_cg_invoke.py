"""Invoke requests: the host's Python tests (tests.py) using the candidate's names and objects, one operation at a time.

A request names its target (a name in the submission's module, or a handle: an object this worker keeps for the host),
an operation (call, get, set, or one of Python's operators), and its arguments as canonical values (never source text).
Objects without a plain form that the answer holds (an instance of the candidate's class, a function) are kept in the
handle table under ids the host chose, so that the host can use them in later requests; the host releases them.
"""

import operator

from _cg_canonical import decode, qualified

_handles = {}

_FUNCTION_TYPES = (type(lambda: None), classmethod, staticmethod)


class LostHandle(Exception):
    """The request names an object this worker does not hold (its worker ended; this one is fresh)."""


def _rop(op):
    return lambda a, b: op(b, a)


_UNARY = {
    "len": len, "str": str, "repr": repr, "bool": bool, "list": list, "hash": hash,
    "neg": operator.neg, "pos": operator.pos, "abs": abs, "invert": operator.invert, "int": int, "float": float,
}
_BINARY = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
    "contains": operator.contains, "getitem": operator.getitem, "delitem": operator.delitem,
    "instancecheck": lambda cls, obj: isinstance(obj, cls),
}
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor", "lshift", "rshift"):
    _op = getattr(operator, _name + "_" if _name in ("and", "or") else _name)
    _BINARY[_name] = _op
    _BINARY["r" + _name] = _rop(_op)


def release(ids):
    for handle in ids or ():
        _handles.pop(handle, None)


def target(request, namespace):
    """The object a request names (before any attribute): raises LostHandle for a handle this worker does not hold."""
    if "handle" in request:
        handle = request["handle"]
        if handle not in _handles:
            raise LostHandle(f"the candidate's object #{handle} no longer exists (the worker that held it ended)")
        return _handles[handle]
    return namespace[request["name"]]


def check_arguments(request):
    """Raises LostHandle when an argument names a handle this worker does not hold."""
    for node in list(request.get("args") or ()) + list((request.get("kwargs") or {}).values()):
        _check(node)


def _check(node):
    if type(node) is not dict:
        return
    kind = node["t"]
    if kind == "handle" and node["id"] not in _handles:
        raise LostHandle(f"the candidate's object #{node['id']} no longer exists (the worker that held it ended)")
    if kind in ("list", "tuple", "set", "frozenset"):
        for item in node["v"]:
            _check(item)
    elif kind == "dict":
        for key, value in node["v"]:
            _check(key)
            _check(value)


def perform(request, obj, namespace):
    """Runs the operation (candidate code may run here); returns its value."""
    op = request["op"]
    attr = request.get("attr")
    args = [value(node, namespace) for node in request.get("args") or ()]
    if op == "call":
        function = getattr(obj, attr) if attr is not None else obj
        kwargs = {name: value(node, namespace) for name, node in (request.get("kwargs") or {}).items()}
        return function(*args, **kwargs)
    if op == "get":
        return getattr(obj, attr)
    if op == "set":
        setattr(obj, attr, args[0])
        return None
    if op == "setitem":
        operator.setitem(obj, args[0], args[1])
        return None
    if attr is not None:
        obj = getattr(obj, attr)
    if op in _UNARY:
        return _UNARY[op](obj)
    return _BINARY[op](obj, args[0])


def keeper(next_id):
    """The canonical walk's `keep`: an instance of a class the submission defined, or anything callable, is kept under
    the next id from `next_id` and sent as {"t": "object", "type", "handle", "methods"}."""
    counter = [next_id]

    def keep(obj, cls):
        module = type.__dict__["__module__"].__get__(cls)
        if module != "solution" and not callable(obj):
            return None
        handle = counter[0]
        counter[0] += 1
        _handles[handle] = obj
        return {"t": "object", "type": qualified(cls), "handle": handle, "methods": _methods(cls) if module == "solution" else []}
    return keep


def _methods(cls):
    """The names a class's own code defines as functions (plain, class or static), read from the class dicts."""
    names = set()
    for base in type.__dict__["__mro__"].__get__(cls):
        if base is object:
            continue
        for name, member in type.__dict__["__dict__"].__get__(base).items():
            if isinstance(name, str) and not name.startswith("__") and isinstance(member, _FUNCTION_TYPES):
                names.add(name)
    return sorted(names)


def value(node, namespace):
    """A canonical value sent by the host, rebuilt as the plain Python value (a handle as the object it names, a name as
    the solution's own)."""
    def other(node):
        kind = node["t"]
        if kind == "handle":
            return _handles[node["id"]]
        if kind == "name":
            return namespace[node["name"]]
        raise ValueError(f"unknown canonical argument type {kind!r}")

    return decode(node, other)
