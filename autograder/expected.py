"""Writes the public checks' expected values: `python3 course.py expected`.

For every public check module (dnn_utils/exercises/<module>.py) it runs the master's own solution
(autograder.masters.references) on the declared inputs, and the wrong formulas of the hidden
module on the inputs of the mistakes that name one, and writes dnn_utils/exercises/expected/<module>.json.
Run it after changing a public input, a mistake or a solution; the test suite fails while a stored
value differs from what this would write.
"""
import importlib
import json
import math
import pkgutil

import dnn_utils.exercises
from dnn_utils.checks import store

from . import masters


def public_modules():
    """The names of the public check modules: week2_numpy_basics, ..."""
    return sorted(m.name for m in pkgutil.iter_modules(dnn_utils.exercises.__path__) if not m.name.startswith("_"))


def contents(module):
    """The text the store file of `module` should hold."""
    declared = importlib.import_module(f"dnn_utils.exercises.{module}").check.declared
    hidden = importlib.import_module(f"autograder.hidden.{module}").check_hidden
    references = masters.references(module)
    functions = {name: store.entries(spec, references[name], hidden.formulas) for name, spec in declared.items()}
    return json.dumps({"functions": functions}, indent=1) + "\n"


def stale(modules=None):
    """The modules whose store file is missing or holds other values than `write` would write
    (floats compared to rtol 1e-10, so a machine's last-bit rounding is not staleness)."""
    out = []
    for module in modules or public_modules():
        path = store.path_of(module)
        if not path.exists() or not _same(json.loads(path.read_text(encoding="utf-8")), json.loads(contents(module))):
            out.append(module)
    return out


def _same(a, b):
    """Two store trees are equal, but for float rounding in the last bits."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, str) and isinstance(b, str) and a != b:
        try:
            return _same(float(a), float(b))  # floats are stored as their repr
        except ValueError:
            return False
    return type(a) is type(b) and a == b


def write(modules=None):
    """Write the store file of each module (default: all); returns the paths written."""
    written = []
    for module in modules or public_modules():
        path = store.path_of(module)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(contents(module), encoding="utf-8")
        written.append(path)
    return written
