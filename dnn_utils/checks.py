"""The check engine behind every check cell.

A check is declared as data (`FunctionCheck`: fixed `Case`s with expected outputs, plus optional
behaviour checks) and run against a student's function by `run_check`, which walks a ladder and
stops at the first rung that fails:

    call -> type -> shape -> dtype -> values -> behaviour (no mutation, vectorised, gradients)

The outcome is data (`Report` of `Result`s); `check` prints it and raises `CheckFailed` (an
AssertionError, so nbgrader scores the cell 0) whose traceback in Jupyter is one short line.
The same engine serves the public checks, the hidden randomised checks (`reveal=False` keeps
expected values out of messages) and the test suite.
"""
import copy
import inspect
import linecache
import math
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

RUNGS = ("call", "type", "shape", "dtype", "values", "behaviour")
GREEN, RED, RESET = "\033[32m", "\033[31m", "\033[0m"

# Code in these folders is library code: the vectorisation check counts only the student's lines.
_LIBRARY_DIRS = tuple(
    os.path.realpath(p) + os.sep
    for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(__file__)}
)


# ----------------------------------------------------------------------------- declarations
@dataclass(frozen=True)
class Mistake:
    """A known wrong output and what causes it.

    output -- name of the output it concerns, as in messages: "dw" or "grads['dw']"
    value  -- what that output is when the mistake is made
    hint   -- the diagnosis shown to the student
    """

    output: str
    value: Any
    hint: str


@dataclass(frozen=True)
class Case:
    """One fixed input and the output it must give.

    args, kwargs -- the call's arguments (copied before every call)
    expected     -- the return value: array, number, tuple or dict, nested as the function returns it
    m            -- number of examples in the input, used to diagnose a missing 1/m
    mistakes     -- known wrong outputs for this input, each with its diagnosis
    """

    args: tuple
    expected: Any
    kwargs: dict = field(default_factory=dict)
    m: int | None = None
    mistakes: tuple = ()


@dataclass(frozen=True)
class Vectorised:
    """Check that the student's Python line count does not grow with the number of examples.

    make_args -- make_args(m) returns the call's positional arguments for m examples
    m         -- the small size; the function also runs at factor * m
    """

    make_args: Callable[[int], tuple]
    m: int = 16
    factor: int = 8


@dataclass(frozen=True)
class Gradient:
    """Check a backward function's output against centred finite differences.

    params -- dict name -> float64 array at which to check
    cost   -- cost(function, params) -> float, the forward computation to differentiate
    grads  -- grads(function, params) -> dict name -> array, the analytic gradient of each param
    """

    params: dict
    cost: Callable[[Callable, dict], float]
    grads: Callable[[Callable, dict], dict]
    eps: float = 1e-6
    threshold: float = 1e-7


@dataclass(frozen=True)
class FunctionCheck:
    """Everything that is checked about one graded function.

    name       -- the function's name, as the student wrote it
    outputs    -- names of the returned values (one name: the function returns a single value)
    cases      -- fixed inputs with expected outputs
    rtol, atol -- tolerance of the values rung
    mutation   -- check that the arguments are left unchanged
    vectorised -- optional Vectorised
    gradient   -- optional Gradient
    forbidden  -- functions the student must not call (finished versions shipped in dnn_utils)
    """

    name: str
    outputs: tuple
    cases: tuple
    rtol: float = 1e-6
    atol: float = 1e-8
    mutation: bool = True
    vectorised: Vectorised | None = None
    gradient: Gradient | None = None
    forbidden: tuple = ()


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Result:
    """The outcome of one rung (or one behaviour check)."""

    rung: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Report:
    """All results of one check, in ladder order; the ladder stops at the first failure."""

    function: str
    results: tuple

    @property
    def passed(self):
        return all(r.passed for r in self.results)

    @property
    def failure(self):
        return next((r for r in self.results if not r.passed), None)

    def lines(self, colour=True):
        """The report as text lines: one per check, then the verdict."""
        green, red, reset = (GREEN, RED, RESET) if colour else ("", "", "")
        out = []
        for r in self.results:
            mark = f"{green}PASS{reset}" if r.passed else f"{red}FAIL{reset}"
            first, *rest = r.message.split("\n")
            out.append(f"  {mark}  {r.rung:<9} {first}")
            out.extend(f"                  {line}" for line in rest)
        out.append(self.summary(colour))
        return out

    def summary(self, colour=True):
        green, red, reset = (GREEN, RED, RESET) if colour else ("", "", "")
        if self.passed:
            return f"{green}{self.function}: all checks passed{reset}"
        return f"{red}{self.function}: failed at the {self.failure.rung} check. Fix it and run this cell again.{reset}"


class CheckFailed(AssertionError):
    """Raised by `check` on failure. Jupyter shows only its one-line summary, no traceback."""

    def __init__(self, report):
        super().__init__(report.summary(colour=False))
        self.report = report

    def _render_traceback_(self):
        return [self.report.summary(colour=True)]


# ----------------------------------------------------------------------------- running
def checker(*specs, reveal=True):
    """A one-argument check function for a notebook: check(propagate) finds the spec by name.

    Public check modules export `check = checker(...)`; hidden ones use reveal=False.
    """
    by_name = {spec.name: spec for spec in specs}

    def check_function(function, name=None):
        key = name or getattr(function, "__name__", None)
        if key not in by_name:
            raise KeyError(
                f"There is no check for {key!r} here; the checks are for {', '.join(by_name)}. "
                "Pass the graded function itself, e.g. check(propagate), or name=... if you renamed it."
            )
        return check(by_name[key], function, reveal=reveal)

    check_function.specs = by_name  # the grader judges recorded outputs against the same specs
    return check_function


def check(spec, function, reveal=True):
    """Run `spec` on `function`, print one line per check, raise CheckFailed if any failed.

    Returns None, so a check cell shows only the printed lines (run_check gives the Report).
    """
    report = run_check(spec, function, reveal=reveal)
    print(f"Checking {spec.name}")
    lines = report.lines()
    if not report.passed:
        print("\n".join(lines[:-1]))  # the red summary comes with the raised CheckFailed, once
        raise CheckFailed(report)
    print("\n".join(lines))


def run_check(spec, function, reveal=True):
    """Walk the ladder for `spec` on `function` and return a Report (never raises for the student).

    `function` is the student's function, or a Subject that stands for it (the grader replays
    outputs recorded in a sandbox through a Subject of its own).
    """
    subject = function if isinstance(function, Subject) else LiveSubject(function)
    results = []
    for rung, step in _ladder(spec, subject, reveal):
        result = step()
        results.append(result)
        if not result.passed:
            break
    return Report(spec.name, tuple(results))


def _ladder(spec, subject, reveal):
    calls = []

    def call_rung():
        if not subject.is_callable():
            return Result("call", False, f"{spec.name} is {subject.describe()}, not a function.")
        for case in spec.cases:
            outcome = subject.call(case.args, case.kwargs)
            if outcome.error is not None:
                return Result("call", False, outcome.error)
            calls.append((case, outcome))
        return Result("call", True, f"{spec.name} runs on {_plural(len(spec.cases), 'fixed input')}")

    def leaf_rung(rung, compare):
        def step():
            for case, outcome in calls:
                for name, want, got in _leaves(spec, case, outcome.value, rung):
                    problem = compare(name, want, got, case, spec, reveal)
                    if problem:
                        return Result(rung, False, problem)
            return Result(rung, True, _passed_text[rung](spec, calls))

        return step

    if spec.cases:
        yield "call", call_rung
        yield "type", leaf_rung("type", _compare_type)
        yield "shape", leaf_rung("shape", _compare_shape)
        yield "dtype", leaf_rung("dtype", _compare_dtype)
        yield "values", leaf_rung("values", _compare_values)
    if spec.mutation:
        yield "behaviour", lambda: _mutation_result(spec, subject, calls)
    if spec.forbidden:
        yield "behaviour", lambda: _forbidden_result(spec, subject)
    if spec.vectorised:
        yield "behaviour", lambda: _vectorised_result(spec, subject)
    if spec.gradient:
        yield "behaviour", lambda: _gradient_result(spec, subject)


_passed_text = {
    "type": lambda spec, calls: f"returns {_output_kinds(calls[0][0].expected, spec)}",
    "shape": lambda spec, calls: "every output has the expected shape",
    "dtype": lambda spec, calls: "every array has the expected dtype",
    "values": lambda spec, calls: (
        f"matches on {_plural(len(calls), 'input')} (rtol={spec.rtol:g}, atol={spec.atol:g})"
    ),
}


@dataclass
class Outcome:
    """One call of the checked function: its return value or an error message, and its arguments
    before and after the call (as (args, kwargs))."""

    value: Any = None
    error: str | None = None
    before: tuple = ()
    after: tuple = ()


class Subject:
    """What the ladder needs from the function it checks. Every rung goes through these methods, so
    the same specs can judge a live function (LiveSubject) or outputs recorded elsewhere."""

    def is_callable(self):
        raise NotImplementedError

    def describe(self):
        """What it is, when it is not a function: "None", "a numpy array of shape (2,)"."""
        raise NotImplementedError

    def parameter_names(self):
        raise NotImplementedError

    def call(self, args, kwargs):
        """Outcome of function(*args, **kwargs) on deep copies of the arguments."""
        raise NotImplementedError

    def count_lines(self, args):
        """({(file, line): times run} in student code, {(file, line): source text}, error or None)."""
        raise NotImplementedError

    def forbidden_calls(self, args, kwargs, forbidden):
        """(names of the forbidden functions that function(*args, **kwargs) called, error or None)."""
        raise NotImplementedError

    def as_function(self):
        """A plain callable for spec code (Gradient.cost / grads): returns the value, raises on error."""

        def function(*args, **kwargs):
            outcome = self.call(args, kwargs)
            if outcome.error is not None:
                raise _StudentError(outcome.error)
            return outcome.value

        return function


class _StudentError(Exception):
    """An error of the checked function, already described for the student."""


class LiveSubject(Subject):
    """The student's function itself, run in this process."""

    def __init__(self, function):
        self.function = function

    def is_callable(self):
        return callable(self.function)

    def describe(self):
        return _describe(self.function)

    def parameter_names(self):
        return _parameter_names(self.function)

    def call(self, args, kwargs):
        function = self.function
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        before = copy.deepcopy((args, kwargs))
        try:
            value = function(*args, **kwargs)
        except NotImplementedError as exc:
            return Outcome(error=f"{_unwritten(exc, function)} is not written yet: replace `raise NotImplementedError()` with your code.")
        except Exception as exc:  # any error in student code becomes a message, not a traceback
            return Outcome(error=_describe_exception(function, exc))
        return Outcome(value=value, before=before, after=(args, kwargs))

    def count_lines(self, args):
        counts, error = count_lines(self.function, args)
        return counts, {key: linecache.getline(*key).strip() for key in counts}, error

    def forbidden_calls(self, args, kwargs, forbidden):
        codes = {getattr(f, "__code__", None): f"{f.__module__}.{f.__name__}" for f in forbidden}
        called = []

        def tracer(frame, event, arg):
            if frame.f_code in codes:
                called.append(codes[frame.f_code])
            return None

        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            self.function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except Exception as exc:  # already reported at the call rung when it matters
            return called, _describe_exception(self.function, exc)
        finally:
            sys.settrace(previous)
        return called, None

    def as_function(self):
        return self.function


def _unwritten(exc, function):
    """Name of the function that raised NotImplementedError: the checked one or one it calls."""
    tb = exc.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    name = tb.tb_frame.f_code.co_name
    return name if _is_student_file(tb.tb_frame.f_code.co_filename) and name != "<module>" else _name(function)


def _describe_exception(function, exc):
    where = _student_line(exc.__traceback__)
    text = f"{_name(function)} raised {type(exc).__name__}: {exc}"
    if where:
        text += f"\nat {where}"
    if isinstance(exc, ValueError) and ("not aligned" in str(exc) or "matmul" in str(exc)):
        text += "\nA matrix product got mismatched shapes: check W vs W.T, and the order of the factors in np.dot."
    elif isinstance(exc, ValueError) and "broadcast" in str(exc):
        text += "\nTwo arrays could not be broadcast together: print their shapes; is one a rank-1 (n,) array?"
    return text


def _student_line(tb):
    """'line N: source' of the innermost traceback frame in the student's own code."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if _is_student_file(code.co_filename):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    if not found:
        return None
    source = linecache.getline(*found).strip()
    return f"line {found[1]}: {source}" if source else f"line {found[1]}"


def _is_student_file(filename):
    if filename.startswith("<") and not filename.startswith("<ipython-input"):
        return False
    return not os.path.realpath(filename).startswith(_LIBRARY_DIRS)


# ----------------------------------------------------------------------------- output leaves
def _leaves(spec, case, value, rung):
    """Yield (name, expected, got) for every output, walking tuples and dicts in step.

    At the type rung containers are compared too, so a missing key or a wrong tuple length is
    reported there before any leaf.
    """
    expected = case.expected
    if len(spec.outputs) == 1:
        yield from _walk(spec.outputs[0], expected, value, rung)
        return
    if rung == "type":
        problem = _container_problem(f"{spec.name} should return {len(spec.outputs)} values ({', '.join(spec.outputs)}):", (tuple, list), expected, value)
        if problem:
            yield "", expected, _Problem(problem)
            return
    for name, want, got in zip(spec.outputs, expected, value):
        yield from _walk(name, want, got, rung)


class _Problem(str):
    """A container-level problem found while walking, reported as is at the type rung."""


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
            problem = _container_problem(f"{name} should be a {kind} of {_plural(len(want), 'value')}:", (tuple, list), want, got)
            if problem:
                yield name, want, _Problem(problem)
                return
        for i, (w, g) in enumerate(zip(want, got)):
            yield from _walk(f"{name}[{i}]", w, g, rung)
    else:
        yield name, want, got


def _container_problem(what, kinds, want, got):
    """A message when `got` is not a tuple/list as long as `want`; `what` opens the message."""
    if not isinstance(got, kinds) or len(got) != len(want):
        return f"{what} got {_describe(got)}."
    return None


def _compare_type(name, want, got, case, spec, reveal):
    if isinstance(got, _Problem):
        return str(got)
    if got is None and want is not None:
        return f"{name} is None: did you forget a return statement?"
    if isinstance(want, dict):
        return None if isinstance(got, dict) else f"{name} should be a dict, got {_describe(got)}."
    if isinstance(want, np.ndarray):
        if isinstance(got, np.ndarray):
            return None
        hint = " Use np.array(...) or a numpy operation, not a Python list." if isinstance(got, list) else ""
        return f"{name} should be a numpy array of shape {want.shape}, got {_describe(got)}.{hint}"
    if isinstance(want, bool):
        return None if isinstance(got, (bool, np.bool_)) else f"{name} should be True or False, got {_describe(got)}."
    if isinstance(want, float):
        if isinstance(got, (float, np.floating)):
            return None
        if isinstance(got, (int, np.integer)):
            return f"{name} should be a float, got the int {got!r}: write {float(got)!r}, or convert with float(...)."
        if isinstance(got, np.ndarray):
            return (
                f"{name} should be a plain float, got a numpy array of shape {got.shape}: "
                "take its single value with .item() (np.squeeze keeps it an array)."
            )
        return f"{name} should be a float, got {_describe(got)}."
    if isinstance(want, int):
        return None if isinstance(got, (int, np.integer)) and not isinstance(got, bool) else (
            f"{name} should be an int, got {_describe(got)}."
        )
    if isinstance(want, str):
        return None if isinstance(got, str) else f"{name} should be a string, got {_describe(got)}."
    return None


def _compare_shape(name, want, got, case, spec, reveal):
    if not isinstance(want, np.ndarray):
        return None
    if got.shape == want.shape:
        return None
    text = f"{name} has shape {got.shape}, expected {want.shape}."
    hint = _declared_hint(name, got, case, spec) or _shape_hint(want.shape, got.shape)
    return f"{text}\n{hint}" if hint else text


def _declared_hint(name, got, case, spec):
    """The hint of a declared Mistake that `got` reproduces (same shape, same values), or None."""
    for mistake in case.mistakes:
        value = np.asarray(mistake.value)
        if mistake.output == name and value.shape == np.shape(got) and np.allclose(got, value, rtol=spec.rtol, atol=spec.atol):
            return mistake.hint
    return None


def _shape_hint(want, got):
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


def _compare_dtype(name, want, got, case, spec, reveal):
    if not isinstance(want, np.ndarray):
        return None
    if want.dtype.kind == "f" and got.dtype.kind != "f":
        hint = {
            "b": " Comparisons give booleans: convert with .astype(float).",
            "i": " Integer arithmetic loses fractions: start from floats (e.g. 0.0, or .astype(float)).",
            "u": " Integer arithmetic loses fractions: start from floats (e.g. .astype(float)).",
        }.get(got.dtype.kind, "")
        return f"{name} has dtype {got.dtype}, expected floating point ({want.dtype}).{hint}"
    if want.dtype.kind == "f" and got.dtype.itemsize < want.dtype.itemsize:
        return f"{name} has dtype {got.dtype}, expected {want.dtype}: lower precision loses accuracy."
    if want.dtype.kind in "iub" and got.dtype.kind != want.dtype.kind and not (
        {want.dtype.kind, got.dtype.kind} <= set("iu")
    ):
        return f"{name} has dtype {got.dtype}, expected {want.dtype}."
    return None


def _compare_values(name, want, got, case, spec, reveal):
    if isinstance(want, (np.ndarray, float, np.floating)) and not isinstance(want, bool):
        return _numeric_problem(name, np.asarray(want, dtype=float), np.asarray(got, dtype=float), case, spec, reveal)
    if isinstance(want, (int, str, bool)) and got != want:
        return f"{name} is {got!r}, expected {want!r}." if reveal else f"{name} is wrong on a hidden input."
    return None


def _numeric_problem(name, want, got, case, spec, reveal):
    if np.allclose(got, want, rtol=spec.rtol, atol=spec.atol):
        return None
    tolerance = f"rtol={spec.rtol:g}, atol={spec.atol:g}"
    if not np.all(np.isfinite(got)):
        return f"{name} contains nan or inf: a log of 0, a division by 0 or an overflow? ({tolerance})"
    diff = np.abs(got - want)
    worst = np.unravel_index(np.argmax(diff), diff.shape) if diff.ndim else ()
    text = f"{name} has wrong values: largest difference {diff.max():.3g}"
    text += f" at index {tuple(int(i) for i in worst)}" if worst else ""
    text += f" (tolerance {tolerance})."
    if reveal:
        text += f"\nexpected: {_short(want)}\ngot:      {_short(got)}"
    hint = _value_hint(name, want, got, case, spec)
    return f"{text}\n{hint}" if hint else text


def _value_hint(name, want, got, case, spec):
    """The likely mistake behind wrong values of the right shape, or None."""
    declared = _declared_hint(name, got, case, spec)
    if declared:
        return declared
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


# ----------------------------------------------------------------------------- behaviour
def _mutation_result(spec, subject, calls):
    names = subject.parameter_names()
    for case, outcome in calls:
        (args_before, kwargs_before), (args_after, kwargs_after) = outcome.before, outcome.after
        for i, (before, after) in enumerate(zip(args_before, args_after)):
            if not _same(before, after):
                arg = names[i] if i < len(names) else f"argument {i + 1}"
                return Result("behaviour", False, _mutation_text(spec.name, arg))
        for key in kwargs_before:
            if not _same(kwargs_before[key], kwargs_after[key]):
                return Result("behaviour", False, _mutation_text(spec.name, key))
    return Result("behaviour", True, "leaves its arguments unchanged")


def _mutation_text(function, arg):
    return (
        f"{function} changed its argument {arg} in place; a graded function must leave its inputs as they were.\n"
        f"Write {arg} = {arg} - ... instead of {arg} -= ..., or work on a copy ({arg}.copy(), or a new dict)."
    )


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def count_lines(function, args):
    """Run function(*args) and count the line events in student code, per (file, line).

    Returns (counts dict, error message or None).
    """
    counts = {}

    def local(frame, event, arg):
        if event == "line":
            key = (frame.f_code.co_filename, frame.f_lineno)
            counts[key] = counts.get(key, 0) + 1
        return local

    def global_(frame, event, arg):
        return local if _is_student_file(frame.f_code.co_filename) else None

    previous = sys.gettrace()
    sys.settrace(global_)
    try:
        function(*copy.deepcopy(args))
    except Exception as exc:  # reported to the student, who will see it at the call rung anyway
        return counts, _describe_exception(function, exc)
    finally:
        sys.settrace(previous)
    return counts, None


def _vectorised_result(spec, subject):
    v = spec.vectorised
    small, _, error_small = subject.count_lines(v.make_args(v.m))
    large, sources, error_large = subject.count_lines(v.make_args(v.factor * v.m))
    if error_small or error_large:
        return Result("behaviour", False, f"while checking vectorisation: {error_small or error_large}")
    n_small, n_large = sum(small.values()), sum(large.values())
    growth = n_large - n_small
    if growth < (v.factor - 1) * v.m / 2:
        return Result("behaviour", True, f"vectorised: {n_small} Python lines run at m={v.m}, {n_large} at m={v.factor * v.m}")
    # A loop header runs once more than its body, so on a tie the `for` line wins over a helper it calls.
    line = max(large, key=lambda k: (large[k] - small.get(k, 0), large[k], -k[1]))
    source = sources.get(line, "")
    return Result(
        "behaviour",
        False,
        f"not vectorised: your code runs {n_small} Python lines for m={v.m} examples and {n_large} for "
        f"m={v.factor * v.m}.\nline {line[1]} runs {small.get(line, 0)} times, then {large[line]} times: {source}\n"
        "Replace the loop over examples with numpy operations on whole arrays (np.dot, np.sum(..., axis=...), broadcasting).",
    )


def _forbidden_result(spec, subject):
    case = spec.cases[0]
    called, error = subject.forbidden_calls(case.args, case.kwargs, spec.forbidden)
    if error is not None:
        return Result("behaviour", False, error)
    if called:
        return Result(
            "behaviour",
            False,
            f"{spec.name} calls the finished {called[0]}: write it yourself; this exercise earns nothing otherwise.",
        )
    return Result("behaviour", True, "written by you (calls no finished version)")


def _gradient_result(spec, subject):
    g = spec.gradient
    params = {k: np.array(v, dtype=float) for k, v in g.params.items()}
    function = subject.as_function()
    try:
        analytic = g.grads(function, copy.deepcopy(params))
        worst = None
        for key, theta in params.items():
            numeric = _numeric_gradient(lambda p: g.cost(function, p), params, key, g.eps)
            mine = np.asarray(analytic[key], dtype=float).reshape(theta.shape)
            error = np.linalg.norm(mine - numeric) / max(np.linalg.norm(mine) + np.linalg.norm(numeric), 1e-300)
            if worst is None or error > worst[0]:
                index = np.unravel_index(np.argmax(np.abs(mine - numeric)), theta.shape)
                worst = (error, key, index, mine[index], numeric[index])
    except _StudentError as exc:
        return Result("behaviour", False, f"gradient check could not run: {exc}")
    except Exception as exc:  # a gradient that cannot be computed is a failed check, with its cause
        return Result("behaviour", False, f"gradient check could not run: {_describe_exception(function, exc)}")
    error, key, index, mine, numeric = worst
    detail = f"worst parameter {key}: relative error {error:.2e} (threshold {g.threshold:.0e})"
    if error <= g.threshold:
        return Result("behaviour", True, f"gradients agree with finite differences; {detail}")
    at = f"at index {tuple(int(i) for i in index)}" if index else ""
    return Result(
        "behaviour",
        False,
        f"gradients disagree with centred finite differences of the cost; {detail}.\n"
        f"d{key} {at}: yours {mine:.6g}, numerical {numeric:.6g}",
    )


def _numeric_gradient(cost, params, key, eps):
    """Centred finite differences of cost(params) with respect to params[key], same shape."""
    grad = np.zeros_like(params[key])
    for index in np.ndindex(params[key].shape):
        shifted = {k: v.copy() for k, v in params.items()}
        shifted[key][index] += eps
        plus = cost(shifted)
        shifted[key][index] -= 2 * eps
        minus = cost(shifted)
        grad[index] = (plus - minus) / (2 * eps)
    return grad


# ----------------------------------------------------------------------------- text helpers
def _describe(value):
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if value is None:
        return "None"
    if isinstance(value, dict):
        return f"a dict with keys {list(value)}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {_plural(len(value), 'value')}"
    return f"a {type(value).__name__} ({_short(value)})"


def _short(value, limit=160):
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, threshold=12, edgeitems=2, max_line_width=100)
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _name(function):
    return getattr(function, "__name__", "the function")


def _parameter_names(function):
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def _output_kinds(expected, spec):
    if len(spec.outputs) == 1:
        return _kind(spec.outputs[0], expected)
    return ", ".join(_kind(n, e) for n, e in zip(spec.outputs, expected))


def _kind(name, value):
    if isinstance(value, np.ndarray):
        return f"{name}: array"
    return f"{name}: {type(value).__name__}"
