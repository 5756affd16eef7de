"""The likely numpy mistake behind a wrong shape, dtype or value, in words for the student.

Each function returns a hint (a sentence) or None when nothing specific can be said.
"""
import math
import re
import sys

import numpy as np

MATMUL = "A matrix product got mismatched shapes: check W vs W.T, and the order of the factors in np.dot."
BROADCAST = "Two arrays could not be broadcast together: print their shapes; is one a rank-1 (n,) array?"
TO_SCALAR = (
    "float() takes a single number, and recent numpy refuses an array that still has axes, even a (1, 1) one: "
    "take its value with .item(), or float(np.squeeze(...)); an array of several values needs np.sum or np.mean first."
)


def declared(name, got, case, spec):
    """The hint of a declared Mistake that `got` reproduces (same shape, same values, nan where it
    has nan), or None."""
    for mistake in case.mistakes:
        value = np.asarray(mistake.value)
        if mistake.output == name and value.shape == np.shape(got) and np.allclose(
            got, value, rtol=spec.rtol, atol=spec.atol, equal_nan=True
        ):
            return mistake.hint
    return None


def shape(want, got):
    """The likely numpy mistake behind a wrong shape, or None."""
    if len(want) == 2 and len(got) == 1 and got[0] == want[0] and want[1] == 1:
        return f"A rank-1 array where a column was expected: did you forget keepdims=True (in a sum or mean), or a reshape to {want}?"
    if len(want) == 2 and len(got) == 1 and got[0] == want[1] and want[0] == 1:
        return (
            f"This is a rank-1 array {got}, neither a row nor a column: keep it 2-D "
            f"(reshape to {want}, or keepdims=True in a reduction)."
        )
    if len(want) == 2 and len(got) == 2 and got == want[::-1]:
        return "That is the transposed shape: check W vs W.T, and the order of the factors in np.dot."
    if len(want) == 2 and len(got) == 2 and want[1] == 1 and got[0] == 1:
        return "A column was expected and you have a row: did you sum over axis=0 instead of axis=1?"
    if len(want) == 2 and len(got) == 2 and want[0] == 1 and got[1] == 1:
        return "A row was expected and you have a column: did you sum over axis=1 instead of axis=0?"
    if len(want) == 2 and len(got) == 2 and 1 in want and got[0] == got[1] == max(want):
        return (
            f"A square {got} where {want} was expected is what broadcasting a rank-1 array against a "
            "column (or row) makes: keep every vector 2-D."
        )
    if math.prod(got) == math.prod(want):
        return f"Same number of elements, different layout: reshape it to {want}."
    return None


DTYPE = {
    "b": " Comparisons give booleans: convert with .astype(float).",
    "i": " Integer arithmetic loses fractions: start from floats (e.g. 0.0, or .astype(float)).",
    "u": " Integer arithmetic loses fractions: start from floats (e.g. .astype(float)).",
}


def values(name, want, got, case, spec):
    """The likely mistake behind wrong values of the right shape, or None."""
    found = declared(name, got, case, spec)
    if found:
        return found
    if want.ndim == 2 and want.shape[0] == want.shape[1] and np.allclose(got, want.T, rtol=spec.rtol, atol=spec.atol):
        return "These are the transposed values: check W vs W.T."
    nonzero = np.abs(want) > 1e-12
    if nonzero.any() and np.allclose(got[~nonzero], 0, atol=spec.atol):
        ratios = got[nonzero] / want[nonzero]
        ratio = float(np.median(ratios))
        if np.allclose(ratios, ratio, rtol=1e-6) and ratio != 0:
            if case.m and np.isclose(ratio, case.m):
                return f"Every value is m = {case.m} times too large: did you forget the 1/m?"
            if case.m and np.isclose(ratio, 1 / case.m):
                return f"Every value is m = {case.m} times too small: did you divide by m twice?"
            if np.isclose(ratio, -1):
                return "Every value has the wrong sign."
            return f"Every value is off by the same factor {ratio:.4g}."
    return None


def exception(exc):
    """A hint for an error numpy raised, or None."""
    return exception_hint(type(exc).__name__, str(exc))


def exception_hint(type_name, message, echo=True):
    """A hint for an error of class `type_name` with `message` (the grader has only these), or None.

    echo -- whether the hint may repeat a name from the message; the grader's feedback (echo=False)
    names only the course's own: numpy's `np`, the graded functions.
    """
    if type_name == "ValueError" and ("not aligned" in message or "matmul" in message):
        return MATMUL
    if type_name == "ValueError" and "broadcast" in message:
        return BROADCAST
    if type_name == "TypeError" and "converted to Python scalars" in message:  # float(array), any numpy version
        return TO_SCALAR
    if type_name == "NameError":
        match = UNDEFINED.fullmatch(message)
        if match and (echo or match[1] in IMPORTED or match[1] in graded_functions()):
            return undefined(match[1])
    return None


# Python's own wording; the name must be an identifier, so nothing else of a message gets through.
UNDEFINED = re.compile(r"name '([A-Za-z_][A-Za-z0-9_]{0,59})' is not defined")
# What each notebook's first code cell imports, by the name a cell uses.
IMPORTED = {"np": "numpy as np", "plt": "matplotlib.pyplot as plt"}


def undefined(name):
    """What to run first when `name` is not defined in the kernel: the cell that defines it."""
    if name in IMPORTED:
        return f"{name} is not defined: run the notebook's first code cell, which imports {IMPORTED[name]}."
    if name in graded_functions():
        return f"{name} is not defined: run its answer cell (the cell with `def {name}`) first."
    return f"{name} is not defined: run the cell that defines it first."


def graded_functions():
    """Names of the graded functions of the public check modules imported in this process."""
    return {
        name
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("dnn_utils.exercises.")
        for name in getattr(getattr(module, "check", None), "specs", ())
    }
