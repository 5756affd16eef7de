"""The behaviour rungs, judged from what a Subject measured: the arguments are left unchanged, no
finished version is called, the work is vectorised, and gradients agree with finite differences.

Each behaviour check runs once the values are right, whatever the others found, and a failed one
costs its share of the exercise's points when graded (SHARES): the values earn the rest. Calling
the finished version, or interfering with the measurement, earns nothing.
"""
import copy

import numpy as np

from .results import Result
from .subject import NOTHING, Measure, StudentError, describe_exception, is_student_file
from .spec import forbidden_names


# The share of an exercise's points each failed behaviour check costs (1: all of them).
SHARES = {"mutation": 0.2, "vectorised": 0.2, "gradient": 0.2, "forbidden": 1.0, "tampering": 1.0}


def share_kept(report):
    """The share of the points a report earns: 0 unless the values are right, then 1 less the
    shares of the failed behaviour checks (never below 0). A quiz earns the share of its questions
    answered right."""
    if report.score and all(r.kind == "question" for r in report.results):  # a quiz: its share of right answers
        right, asked = report.score
        return right / asked
    if any(not r.passed and r.rung != "behaviour" for r in report.results) or not report.results:
        return 0.0
    lost = sum(SHARES[r.kind] for r in report.results if not r.passed and r.rung == "behaviour")
    return max(0.0, 1.0 - lost)


def rungs(spec, subject, calls):
    """(rung name, step) for each behaviour check the spec declares; calls are the call rung's (case, outcome)."""
    yield "behaviour", lambda: tampering(calls)
    if spec.mutation:
        yield "behaviour", lambda: mutation(spec, subject, calls)
    if spec.forbidden:
        yield "behaviour", lambda: forbidden(spec, calls)
    if spec.vectorised:
        yield "behaviour", lambda: vectorised(spec, subject)
    if spec.gradient:
        yield "behaviour", lambda: gradient(spec, subject)


def _result(kind, passed, message):
    return Result("behaviour", passed, message, kind)


def tampering(calls):
    """A failure if a call interfered with the measurement; else nothing to report (None)."""
    for _, outcome in calls:
        if outcome.tampered:
            return _result("tampering", False, f"{outcome.tampered}: the checks cannot trust this function, so it earns nothing.")
    return None


def first_call_measure(spec):
    """What the call rung measures on the first case: the forbidden functions, watched."""
    return Measure(watch=forbidden_names(spec)) if spec.forbidden else NOTHING


def mutation(spec, subject, calls):
    names = subject.parameter_names()
    for case, outcome in calls:
        (args_before, kwargs_before), (args_after, kwargs_after) = outcome.before, outcome.after
        for i, (before, after) in enumerate(zip(args_before, args_after)):
            if not same(before, after):
                arg = names[i] if i < len(names) else f"argument {i + 1}"
                return _result("mutation", False, _mutation_text(spec.name, arg, before))
        for key in kwargs_before:
            if not same(kwargs_before[key], kwargs_after.get(key)):
                return _result("mutation", False, _mutation_text(spec.name, key, kwargs_before[key]))
    return _result("mutation", True, "leaves its arguments unchanged")


def _mutation_text(function, arg, value):
    text = f"{function} changed its argument {arg} in place; a graded function must leave its inputs as they were.\n"
    if isinstance(value, dict):
        return text + (
            f"Put the results in a new dict (new = {{}}; new[key] = {arg}[key] - ...) instead of storing them back "
            f"into {arg}, or start from a copy ({arg}.copy())."
        )
    return text + f"Write {arg} = {arg} - ... instead of {arg} -= ..., or work on a copy ({arg}.copy())."


def same(a, b):
    """Whether two argument trees are equal: same types, shapes, dtypes and values (nan equals nan)."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def forbidden(spec, calls):
    called = calls[0][1].called if calls else ()
    if called:
        return _result(
            "forbidden",
            False,
            f"{spec.name} calls the finished {called[0]}: write it yourself; this exercise earns nothing otherwise.",
        )
    return _result("forbidden", True, "written by you (calls no finished version)")


def vectorised(spec, subject):
    v = spec.vectorised
    small = subject.call(v.make_args(v.m), {}, Measure(lines=True))
    large = subject.call(v.make_args(v.factor * v.m), {}, Measure(lines=True))
    if small.error or large.error:
        return _result("vectorised", False, f"while checking vectorisation: {small.error or large.error}")
    if small.tampered or large.tampered:
        return _result("tampering", False, f"{small.tampered or large.tampered}: the checks cannot trust this function, so it earns nothing.")
    n_small, n_large = sum(small.lines.values()), sum(large.lines.values())
    if n_large - n_small < (v.factor - 1) * v.m / 2:
        return _result("vectorised", True, f"vectorised: {n_small} Python lines run at m={v.m}, {n_large} at m={v.factor * v.m}")
    # The line that grew most, the student's own first; a loop header runs once more than its body,
    # so on a tie the `for` line wins over a helper it calls.
    line = max(large.lines, key=lambda k: (
        is_student_file(k[0]), large.lines[k] - small.lines.get(k, 0), large.lines[k], -k[1]))
    return _result(
        "vectorised",
        False,
        f"not vectorised: your code runs {n_small} Python lines for m={v.m} examples and {n_large} for "
        f"m={v.factor * v.m}.\nline {line[1]} runs {small.lines.get(line, 0)} times, then {large.lines[line]} times: "
        f"{large.sources.get(line, '')}\n"
        "Replace the loop over examples with numpy operations on whole arrays (np.dot, np.sum(..., axis=...), broadcasting).",
    )


def gradient(spec, subject):
    g = spec.gradient
    params = {k: np.array(v, dtype=float) for k, v in g.params.items()}
    function = subject.as_function()
    try:
        analytic = g.grads(function, copy.deepcopy(params))
        worst = None
        for key, theta in params.items():
            numeric = numeric_gradient(lambda p: g.cost(function, p), params, key, g.eps)
            mine = np.asarray(analytic[key], dtype=float).reshape(theta.shape)
            error = np.linalg.norm(mine - numeric) / max(np.linalg.norm(mine) + np.linalg.norm(numeric), 1e-300)
            if worst is None or error > worst[0]:
                index = np.unravel_index(np.argmax(np.abs(mine - numeric)), theta.shape)
                worst = (error, key, index, mine[index], numeric[index])
    except StudentError as exc:
        return _result("gradient", False, f"gradient check could not run: {exc}")
    except Exception as exc:  # a gradient that cannot be computed is a failed check, with its cause
        return _result("gradient", False, f"gradient check could not run: {describe_exception(function, exc)}")
    error, key, index, mine, numeric = worst
    detail = f"worst parameter {key}: relative error {error:.2e} (threshold {g.threshold:.0e})"
    if error <= g.threshold:
        return _result("gradient", True, f"gradients agree with finite differences; {detail}")
    at = f"at index {tuple(int(i) for i in index)}" if index else ""
    return _result(
        "gradient",
        False,
        f"gradients disagree with centred finite differences of the cost; {detail}.\n"
        f"d{key} {at}: yours {mine:.6g}, numerical {numeric:.6g}",
    )


def numeric_gradient(cost, params, key, eps):
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
