"""Values as JSON trees, for the stored expected values and for the grader's recordings.

`encode` turns a value (None, bool, int, float, str, numpy arrays and scalars, and tuples, lists and
dicts of them) into a JSON-able tree that keeps every type the checks compare (a tuple stays a
tuple, a float64 scalar stays one). Arrays go inline (dtype, shape and values; for the stored
expected values, readable in a diff) or, given an `arrays` list, into that list by index (for
recordings saved beside it as .npz). `decode` gives the value back, runs no code, and raises
CodecError on anything malformed: recordings come from a student's process.
"""
import re

import numpy as np

MAX_DEPTH = 32
MAX_STRING = 20_000
INLINE_KINDS = "biuf"


class CodecError(ValueError):
    """Data that is not in the expected format."""


class Opaque:
    """Stands for a value of a type that cannot be recorded (a function, a generator, ...)."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def encode(value, arrays=None, depth=0):
    """A JSON-able tree for `value`; arrays inline, or appended to `arrays` and referenced by index."""
    if depth > MAX_DEPTH:
        raise CodecError(f"nested deeper than {MAX_DEPTH} levels")
    if value is None:
        return None
    if isinstance(value, (np.ndarray, np.generic)) and np.asarray(value).dtype.kind in "biufc":
        kind = "array" if isinstance(value, np.ndarray) else "scalar"
        array = np.asarray(value)
        if arrays is not None:
            arrays.append(array)
            return {"t": kind, "i": len(arrays) - 1}
        if array.dtype.kind not in INLINE_KINDS:
            raise CodecError(f"arrays of dtype {array.dtype} are not stored inline")
        return {"t": kind, "dtype": array.dtype.str, "shape": list(array.shape), "v": array.ravel().tolist()}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value[:MAX_STRING]}
    if isinstance(value, (list, tuple)):
        return {"t": type(value).__name__, "v": [encode(v, arrays, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[encode(k, arrays, depth + 1), encode(v, arrays, depth + 1)] for k, v in value.items()]}
    return {"t": "opaque", "v": type(value).__name__[:100]}


def decode(tree, arrays=None, depth=0):
    """The value that `encode` recorded; raises CodecError on anything malformed."""
    if depth > MAX_DEPTH:
        raise CodecError(f"nested deeper than {MAX_DEPTH} levels")
    if tree is None:
        return None
    if not isinstance(tree, dict) or not isinstance(tree.get("t"), str):
        raise CodecError(f"unexpected node {str(tree)[:80]!r}")
    kind, v = tree["t"], tree.get("v")
    if kind == "bool" and isinstance(v, bool):
        return v
    if kind == "int" and isinstance(v, str) and re.fullmatch(r"-?\d{1,4000}", v):
        return int(v)
    if kind == "float" and isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            raise CodecError(f"not a float: {v[:40]!r}") from None
    if kind in ("str", "opaque") and isinstance(v, str):
        return v if kind == "str" else Opaque(v)
    if kind in ("array", "scalar"):
        array = _array(tree, arrays)
        return array if kind == "array" else array[()]
    if kind in ("list", "tuple") and isinstance(v, list):
        items = [decode(item, arrays, depth + 1) for item in v]
        return items if kind == "list" else tuple(items)
    if kind == "dict" and isinstance(v, list) and all(isinstance(p, list) and len(p) == 2 for p in v):
        pairs = [(decode(k, arrays, depth + 1), decode(x, arrays, depth + 1)) for k, x in v]
        if not all(isinstance(k, (str, int, float, bool, tuple)) or k is None for k, _ in pairs):
            raise CodecError("a dict key of a type that cannot be a key")
        return dict(pairs)
    raise CodecError(f"unexpected node of kind {kind!r}")


def _array(tree, arrays):
    if arrays is not None:
        index = tree.get("i")
        if not isinstance(index, int) or not 0 <= index < len(arrays):
            raise CodecError(f"array index {index!r} out of range")
        return arrays[index]
    try:
        dtype = np.dtype(tree["dtype"])
        if dtype.kind not in INLINE_KINDS:
            raise CodecError(f"dtype {dtype} is not stored inline")
        return np.array(tree["v"], dtype=dtype).reshape(tree["shape"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"malformed inline array: {exc}") from None
