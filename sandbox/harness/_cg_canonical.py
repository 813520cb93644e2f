"""The canonical, type-tagged form of a value (see docs/protocol.md).

Built from the object's real type and storage through the base types' own slots
(int.__int__, str.__str__, list.__iter__, dict.items, ...), so a candidate's
__eq__, __repr__, __hash__, __iter__ or __str__ override is never called.
Subclasses of builtins are reduced to their base value and named in "sub".
"""

import array
import binascii
import math
import sys
from itertools import compress, count, repeat
from operator import is_

_GENERATOR = type((lambda: (yield))())

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1

# Lists and tuples this long are first checked for items all written bare as they are (_Walker.plain).
_PLAIN_RUN = 64
_STR = frozenset((str,))
_NUMBERS = frozenset((int, float))

# Runs of numbers this long with a float among them, all finite and every int exact in a double, are written as their
# doubles' bytes (_f64_node): a float's decimal repr is most of the cost of writing a million of them.
_F64_RUN = 4096
_F64_EXACT = 1 << 53
_F64 = object()

# Most specific first: bool before int.
_BASES = (bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, type(None))


class Limits:
    def __init__(self, max_nodes=1_000_000, max_chars=16 * 1024 * 1024, max_depth=100):
        self.max_nodes = max_nodes
        self.max_chars = max_chars
        self.max_depth = max_depth


class TooLarge(Exception):
    pass


def qualified(cls):
    # type's own descriptors: a candidate metaclass cannot intercept them.
    module = type.__dict__["__module__"].__get__(cls)
    name = type.__dict__["__qualname__"].__get__(cls)
    return name if module in (None, "builtins") or not isinstance(module, str) else f"{module}.{name}"


def _base_of(cls):
    for base in type.__dict__["__mro__"].__get__(cls):
        if base in _BASES:
            return base
    return None


class _Walker:
    """Walks a value once. Nodes are counted when a container is entered (its length, before any item is
    read), so an oversized container is refused without being walked; characters are counted as met."""

    def __init__(self, limits, keep=None):
        self.limits = limits
        self.keep = keep
        self.nodes = 1
        self.chars = 0
        self.active = set()
        # id(class) -> (class, builtin base, subclass name): a value with many instances of one class (30,000
        # namedtuples) looks its class up once. Keyed by id, never by the class: hashing a class can run a
        # candidate's metaclass. No candidate code runs during a walk, so a class cannot change within one.
        self.kinds = {}

    def add_chars(self, count):
        self.chars += count
        if self.chars > self.limits.max_chars:
            raise TooLarge(f"more than {self.limits.max_chars} characters")

    def value(self, obj, depth):
        cls = type(obj)
        # Fast paths for exact builtins: comparing or measuring them runs no candidate code. A bool, an int in int64, a
        # finite float and an ASCII str are written bare (docs/protocol.md): a million floats take 10 MB, not 25. None
        # keeps its node: a bare null would read as no value at all.
        if cls is int:
            if _INT64_MIN <= obj <= _INT64_MAX:
                return obj
        elif cls is str:
            self.add_chars(len(obj))
            if obj.isascii():
                return obj
        elif cls is bool:
            return obj
        elif cls is float:
            if math.isfinite(obj):
                return obj
            return {"t": "float", "v": float_value(obj)}
        elif cls is list or cls is tuple:
            return self.container(obj, cls, depth)
        kind = self.kinds.get(id(cls))
        if kind is None:
            base = _base_of(cls)
            kind = self.kinds[id(cls)] = (cls, base, qualified(cls) if base is not None and cls is not base else None)
        _, base, sub = kind
        if base is None:
            return self.opaque(obj, cls)
        node = self.exact(obj, base, depth)
        if sub is not None:
            node["sub"] = sub
        return node

    def exact(self, obj, base, depth):
        if base is type(None):
            return {"t": "none"}
        if base is bool:
            return {"t": "bool", "v": int.__int__(obj) == 1}
        if base is int:
            number = int.__int__(obj)
            if _INT64_MIN <= number <= _INT64_MAX:
                return {"t": "int", "v": number}
            text = int.__format__(number, "x")  # power-of-two bases are exempt from int_max_str_digits
            self.add_chars(len(text))
            return {"t": "int", "x": text}
        if base is float:
            return {"t": "float", "v": float_value(float.__float__(obj))}
        if base is complex:
            real = complex.__dict__["real"].__get__(obj)
            imag = complex.__dict__["imag"].__get__(obj)
            return {"t": "complex", "re": float_value(real), "im": float_value(imag)}
        if base is str:
            text = str.__str__(obj)
            if type(obj) is not str:
                self.add_chars(len(text))
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return {"t": "str", "cp": [ord(c) for c in text]}
            return {"t": "str", "v": text}
        if base is bytes or base is bytearray:
            data = bytes.__bytes__(obj) if base is bytes else bytes(bytearray.copy(obj))
            self.add_chars(len(data) * 2)
            return {"t": "bytes" if base is bytes else "bytearray", "hex": data.hex()}
        return self.container(obj, base, depth)

    def container(self, obj, base, depth):
        if depth >= self.limits.max_depth:
            raise TooLarge(f"nested deeper than {self.limits.max_depth} levels")
        key = id(obj)
        if key in self.active:
            return {"t": "cycle"}
        size = base.__len__(obj)
        self.nodes += size * 2 if base is dict else size
        if self.nodes > self.limits.max_nodes:
            raise TooLarge(f"more than {self.limits.max_nodes} values ({base.__name__} of {size})")
        self.active.add(key)
        try:
            value = self.value
            inner = depth + 1
            if base is dict:
                return {"t": "dict", "v": [[value(k, inner), value(v, inner)] for k, v in dict.items(obj)]}
            if size >= _PLAIN_RUN:
                # A copy of the real storage, so a candidate's thread cannot change what was checked before it is written.
                items = list(base.__iter__(obj))
                plain = self.plain(items)
                if plain is _F64:
                    return _f64_node(base.__name__, items)
                if plain:
                    return {"t": base.__name__, "v": items}
            return {"t": base.__name__, "v": [value(item, inner) for item in base.__iter__(obj)]}
        finally:
            self.active.discard(key)

    def plain(self, items):
        """True when every item is one `value` writes bare as it is: all exact finite floats and exact ints in int64,
        or all exact ASCII strs (their characters counted); _F64 when they are numbers to write as doubles (_f64_node).
        Checked with C-level passes over the items (a million floats in milliseconds, not a Python call per item);
        anything else goes item by item."""
        kinds = set(map(type, items))
        if kinds == _STR:
            if not all(map(str.isascii, items)):
                return False
            self.add_chars(sum(map(len, items)))
            return True
        if not kinds <= _NUMBERS:
            return False
        low, high = (min(items), max(items)) if int in kinds else (0, 0)
        if not (_INT64_MIN <= low and high <= _INT64_MAX):
            return False
        if float not in kinds:
            return True
        # NaN and infinities (and a sum too big for a float, to be safe) go item by item.
        if not math.isfinite(sum(items)):
            return False
        return _F64 if len(items) >= _F64_RUN and -_F64_EXACT <= low and high <= _F64_EXACT else True

    def opaque(self, obj, cls):
        if self.keep is not None:
            node = self.keep(obj, cls)
            if node is not None:
                return node
        if _iterates(cls):
            return {"t": "iterator", "type": qualified(cls)}
        return {"t": "object", "type": qualified(cls)}


def _f64_node(name, items):
    """A run of finite floats and ints exact in a double, as its doubles' little-endian bytes in base64 (`f64`) and the
    positions of the ints (`ints`, omitted when there are none)."""
    doubles = array.array("d", items)
    if sys.byteorder != "little":
        doubles.byteswap()
    node = {"t": name, "f64": binascii.b2a_base64(doubles.tobytes(), newline=False).decode("ascii")}
    ints = list(compress(count(), map(is_, map(type, items), repeat(int))))
    if ints:
        node["ints"] = ints
    return node


def _f64_items(node):
    """The items of an `f64` node (_f64_node) as a list."""
    doubles = array.array("d", binascii.a2b_base64(node["f64"]))
    if sys.byteorder != "little":
        doubles.byteswap()
    items = doubles.tolist()
    for position in node.get("ints", ()):
        items[position] = int(items[position])
    return items


def float_value(number):
    """A float as the canonical form writes it: the number, or "nan", "inf", "-inf"."""
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return number


def canonical(obj, limits, keep=None):
    """The canonical form, or a {"t": "too_large"} node naming the limit that was hit. `keep(obj, cls)` may give an
    object without a plain form a node of its own (a handle the worker keeps); None keeps the usual node."""
    walker = _Walker(limits, keep)
    try:
        return walker.value(obj, 0)
    except TooLarge as error:
        return {"t": "too_large", "type": qualified(type(obj)), "reason": str(error)}
    except RecursionError:
        return {"t": "too_large", "type": qualified(type(obj)), "reason": "nested too deeply"}


def _iterates(cls):
    """An iterator type: a generator, or a class whose MRO defines __next__ (read from the class dicts, not the instance)."""
    if issubclass(cls, _GENERATOR):
        return True
    return any("__next__" in type.__dict__["__dict__"].__get__(base) for base in type.__dict__["__mro__"].__get__(cls))


def is_iterator(obj):
    cls = type(obj)
    return _base_of(cls) is None and _iterates(cls)


def decode(node, other):
    """A canonical value rebuilt as the plain Python value (the host's arguments in the worker, the worker's answers in
    the host). A bare JSON scalar stands for itself: a number without fraction or exponent is an int, one with them a
    float. A node of any other kind (a kept object, a name) is rebuilt by `other(node)`."""
    if type(node) is not dict:
        return node
    kind = node["t"]
    if kind == "none":
        return None
    if kind == "bool":
        return node["v"] is True
    if kind == "int":
        return node["v"] if "v" in node else int(node["x"], 16)
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
    if kind in ("list", "tuple") and "f64" in node:
        return _f64_items(node) if kind == "list" else tuple(_f64_items(node))
    if kind == "list":
        return [decode(item, other) for item in node["v"]]
    if kind == "tuple":
        return tuple(decode(item, other) for item in node["v"])
    if kind == "set":
        return {decode(item, other) for item in node["v"]}
    if kind == "frozenset":
        return frozenset(decode(item, other) for item in node["v"])
    if kind == "dict":
        return {decode(k, other): decode(v, other) for k, v in node["v"]}
    return other(node)
