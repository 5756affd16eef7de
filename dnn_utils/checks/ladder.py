"""The ladder: call -> type -> shape -> dtype -> values -> behaviour, stopping at the first rung
that fails, with the comparisons of each rung.

`run_check(spec, function)` returns a Report and never raises for the student's sake. `function`
is the student's function, or a Subject standing for it (see dnn_utils.checks.subject).
"""
import contextlib
import io
from dataclasses import dataclass

import numpy as np

from . import behaviour, hints
from .quiz import Quiz, run_quiz
from .results import Report, Result
from .subject import NOTHING, LiveSubject, Subject
from .text import describe, describe_kind, plural, short

RUNGS = ("call", "type", "shape", "dtype", "values", "behaviour")


@dataclass(frozen=True)
class Show:
    """What messages may show: expected values (reveal; not for hidden checks), and the checked
    function's own outputs (echo; not in the grader's feedback, where they could carry anything)."""

    reveal: bool = True
    echo: bool = True

    def describe(self, value):
        return describe(value) if self.echo else describe_kind(value)


def run_check(spec, function, reveal=True, echo=True):
    """Walk the ladder for `spec` on `function` and return a Report.

    reveal -- show expected values in messages (False for hidden checks)
    echo   -- show the function's own outputs in messages (False when grading)
    """
    if not spec.complete:
        raise ValueError(
            f"The check of {spec.name} has no current stored expected values (its inputs changed, or "
            "dnn_utils/exercises/expected/ is missing): run `python3 course.py expected`."
        )
    if isinstance(spec, Quiz):
        return run_quiz(spec, function)
    subject = function if isinstance(function, Subject) else LiveSubject(function)
    results = []
    with contextlib.redirect_stdout(io.StringIO()) if spec.quiet else contextlib.nullcontext():
        for rung, step in _ladder(spec, subject, Show(reveal, echo)):
            if results and not results[-1].passed and results[-1].rung != "behaviour":
                break  # the ladder stops at a failed rung; behaviour checks all run once values are right
            result = step()
            if result is not None:
                results.append(result)
    return Report(spec.name, tuple(results))


def _ladder(spec, subject, show):
    calls = []

    def call_rung():
        if not subject.is_callable():
            return Result("call", False, f"{spec.name} is {subject.describe()}, not a function.")
        for number, case in enumerate(spec.cases):
            measure = behaviour.first_call_measure(spec) if number == 0 else NOTHING
            outcome = subject.call(case.args, case.kwargs, measure)
            if outcome.error is not None:
                return Result("call", False, outcome.error)
            calls.append((case, outcome))
        return Result("call", True, f"{spec.name} runs on {plural(len(spec.cases), 'fixed input')}")

    def leaf_rung(rung, compare):
        def step():
            for case, outcome in calls:
                for name, want, got in leaves(spec, case.expected, outcome.value, rung):
                    problem = compare(name, want, got, case, spec, show)
                    if problem:
                        return Result(rung, False, problem)
            return Result(rung, True, _PASSED[rung](spec, calls))

        return step

    if spec.cases:
        yield "call", call_rung
        yield "type", leaf_rung("type", _compare_type)
        yield "shape", leaf_rung("shape", _compare_shape)
        yield "dtype", leaf_rung("dtype", _compare_dtype)
        yield "values", leaf_rung("values", _compare_values)
    yield from behaviour.rungs(spec, subject, calls)


_PASSED = {
    "type": lambda spec, calls: f"returns {_output_kinds(calls[0][0].expected, spec)}",
    "shape": lambda spec, calls: "every output has the expected shape",
    "dtype": lambda spec, calls: "every array has the expected dtype",
    "values": lambda spec, calls: f"matches on {plural(len(calls), 'input')} (rtol={spec.rtol:g}, atol={spec.atol:g})",
}


# ----------------------------------------------------------------------------- output leaves
def leaves(spec, expected, value, rung="values"):
    """Yield (name, expected, got) for every output, walking tuples and dicts in step.

    Names are those of messages and Mistake.output: "s", "grads['dw']", "d['costs'][1]". At the
    type rung containers are compared too, so a missing key or a wrong tuple length is reported
    there before any leaf.
    """
    if len(spec.outputs) == 1:
        yield from _walk(spec.outputs[0], expected, value, rung)
        return
    if rung == "type":
        problem = _container_problem(
            f"{spec.name} should return {len(spec.outputs)} values ({', '.join(spec.outputs)}):", expected, value
        )
        if problem:
            yield "", expected, problem
            return
    for name, want, got in zip(spec.outputs, expected, value):
        yield from _walk(name, want, got, rung)


class _Problem:
    """A container-level problem found while walking, reported at the type rung: `what` then, if
    given, what the function returned instead."""

    def __init__(self, what, got=None, shown=False):
        self.what, self.got, self.shown = what, got, shown

    def text(self, show):
        return f"{self.what} got {show.describe(self.got)}." if self.shown else self.what


def _walk(name, want, got, rung):
    if isinstance(want, dict):
        if rung == "type" and not isinstance(got, dict):
            yield name, want, got
            return
        for key in want:
            if key not in got:
                if rung == "type":
                    yield name, want, _Problem(f"{name} has no key {key!r}: expected the keys {list(want)}.")
                return
            yield from _walk(f"{name}[{key!r}]", want[key], got[key], rung)
    elif isinstance(want, (tuple, list)):
        if rung == "type":
            kind = type(want).__name__
            problem = _container_problem(f"{name} should be a {kind} of {plural(len(want), 'value')}:", want, got)
            if problem:
                yield name, want, problem
                return
        for i, (w, g) in enumerate(zip(want, got)):
            yield from _walk(f"{name}[{i}]", w, g, rung)
    else:
        yield name, want, got


def _container_problem(what, want, got):
    """A _Problem when `got` is not a tuple/list as long as `want`; `what` opens its message."""
    if not isinstance(got, (tuple, list)) or len(got) != len(want):
        return _Problem(what, got, shown=True)
    return None


# ----------------------------------------------------------------------------- comparisons
def _compare_type(name, want, got, case, spec, show):
    if isinstance(got, _Problem):
        return got.text(show)
    if got is None and want is not None:
        return f"{name} is None: did you forget a return statement?"
    if isinstance(want, dict):
        return None if isinstance(got, dict) else f"{name} should be a dict, got {show.describe(got)}."
    if isinstance(want, np.ndarray):
        if isinstance(got, np.ndarray):
            return None
        hint = " Use np.array(...) or a numpy operation, not a Python list." if isinstance(got, list) else ""
        return f"{name} should be a numpy array of shape {want.shape}, got {show.describe(got)}.{hint}"
    if isinstance(want, bool):
        return None if isinstance(got, (bool, np.bool_)) else f"{name} should be True or False, got {show.describe(got)}."
    if isinstance(want, float):
        if isinstance(got, (float, np.floating)):
            return None
        if isinstance(got, (int, np.integer)):
            if not show.echo:
                return f"{name} should be a float, got an int: convert it with float(...)."
            return f"{name} should be a float, got the int {got!r}: write {float(got)!r}, or convert with float(...)."
        if isinstance(got, np.ndarray):
            return (
                f"{name} should be a plain float, got a numpy array of shape {got.shape}: "
                "take its single value with .item() (np.squeeze keeps it an array)."
            )
        return f"{name} should be a float, got {show.describe(got)}."
    if isinstance(want, int):
        return None if isinstance(got, (int, np.integer)) and not isinstance(got, bool) else (
            f"{name} should be an int, got {show.describe(got)}."
        )
    if isinstance(want, str):
        return None if isinstance(got, str) else f"{name} should be a string, got {show.describe(got)}."
    return None


def _compare_shape(name, want, got, case, spec, show):
    if not isinstance(want, np.ndarray) or got.shape == want.shape:
        return None
    text = f"{name} has shape {got.shape}, expected {want.shape}."
    hint = hints.declared(name, got, case, spec) or hints.shape(want.shape, got.shape)
    return f"{text}\n{hint}" if hint else text


def _compare_dtype(name, want, got, case, spec, show):
    if not isinstance(want, np.ndarray):
        return None
    if want.dtype.kind == "f" and got.dtype.kind != "f":
        return f"{name} has dtype {got.dtype}, expected floating point ({want.dtype}).{hints.DTYPE.get(got.dtype.kind, '')}"
    if want.dtype.kind == "f" and got.dtype.itemsize < want.dtype.itemsize:
        return f"{name} has dtype {got.dtype}, expected {want.dtype}: lower precision loses accuracy."
    if want.dtype.kind in "iub" and got.dtype.kind != want.dtype.kind and not (
        {want.dtype.kind, got.dtype.kind} <= set("iu")
    ):
        return f"{name} has dtype {got.dtype}, expected {want.dtype}."
    return None


def _compare_values(name, want, got, case, spec, show):
    if isinstance(want, (np.ndarray, float, np.floating)) and not isinstance(want, bool):
        return _numeric_problem(name, np.asarray(want, dtype=float), np.asarray(got, dtype=float), case, spec, show)
    if isinstance(want, (int, str, bool)) and got != want:
        if not show.reveal:
            return f"{name} is wrong on a hidden input."
        return f"{name} is {got!r}, expected {want!r}." if show.echo else f"{name} is wrong: expected {want!r}."
    return None


def _numeric_problem(name, want, got, case, spec, show):
    if np.allclose(got, want, rtol=spec.rtol, atol=spec.atol):
        return None
    tolerance = f"rtol={spec.rtol:g}, atol={spec.atol:g}"
    if not np.all(np.isfinite(got)):
        text = f"{name} contains nan or inf: a log of 0, a division by 0 or an overflow? ({tolerance})"
        hint = hints.declared(name, got, case, spec)  # a known mistake that makes nan (an overflow in exp)
        return f"{text}\n{hint}" if hint else text
    diff = np.abs(got - want)
    worst = np.unravel_index(np.argmax(diff), diff.shape) if diff.ndim else ()
    text = f"{name} has wrong values: largest difference {diff.max():.3g}"
    text += f" at index {tuple(int(i) for i in worst)}" if worst else ""
    text += f" (tolerance {tolerance})."
    if show.reveal:
        text += f"\nexpected: {short(want)}" + (f"\ngot:      {short(got)}" if show.echo else "")
    hint = hints.values(name, want, got, case, spec)
    return f"{text}\n{hint}" if hint else text


def _output_kinds(expected, spec):
    if len(spec.outputs) == 1:
        return _kind(spec.outputs[0], expected)
    return ", ".join(_kind(n, e) for n, e in zip(spec.outputs, expected))


def _kind(name, value):
    return f"{name}: array" if isinstance(value, np.ndarray) else f"{name}: {type(value).__name__}"
