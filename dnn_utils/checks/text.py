"""Short descriptions of values for messages."""
import inspect

import numpy as np


def describe(value):
    """What a value is, in a few words: "None", "a numpy array of shape (2,)", "a dict with keys [...]"."""
    if isinstance(value, dict):
        return f"a dict with keys {list(value)}"
    if value is None or isinstance(value, (np.ndarray, tuple, list)):
        return describe_kind(value)
    return f"{article(type(value).__name__)} ({short(value)})"


def describe_kind(value):
    """What kind of value it is, without its contents: safe to show whatever the value holds."""
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if value is None:
        return "None"
    if isinstance(value, dict):
        return f"a dict of {plural(len(value), 'key')}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {plural(len(value), 'value')}"
    kind = type(value)
    return article(kind.__name__) if kind.__module__ in ("builtins", "numpy") else "a value of a class of its own"


def article(noun):
    """The noun with its indefinite article: "a float", "an int"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def short(value, limit=160):
    """repr of a value on one line, cut at `limit` characters."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, threshold=12, edgeitems=2, max_line_width=100)
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def name_of(function):
    return getattr(function, "__name__", "the function")


def parameter_names(function):
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []
