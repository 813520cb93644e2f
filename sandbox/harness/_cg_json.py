"""JSON through the C accelerator alone: the json package imports re, enum and more (about 4 ms at start)."""

import _json

_decoder_context = type("_Context", (), {
    "strict": True,
    "object_hook": None,
    "object_pairs_hook": None,
    "parse_float": float,
    "parse_int": int,
    "parse_constant": lambda name: {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}[name],
    "memo": {},
})()
_scan = _json.make_scanner(_decoder_context)


def _no_default(value):
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_encode = _json.make_encoder(None, _no_default, _json.encode_basestring, None, ":", ",", False, False, False)


def loads(data):
    text = data.decode("utf-8") if type(data) is not str else data
    value, end = _scan(text, 0)
    if text[end:].strip():
        raise ValueError("extra data after the JSON value")
    return value


def dumps(value):
    return "".join(_encode(value, 0))
