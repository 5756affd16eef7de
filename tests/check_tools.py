"""Helpers shared by the per-notebook check tests."""
import copy
import importlib
from types import SimpleNamespace

import numpy as np
import pytest

from autograder import expected, masters
from dnn_utils.checks import run_check
from dnn_utils.checks.quiz import Quiz


def failure(spec, function, reveal=True):
    """The first failed Result of running `spec` on `function` (the check must fail)."""
    report = run_check(spec, function, reveal=reveal)
    assert not report.passed, "the check should have failed"
    return report.failure


def assert_same(expected, got, where="output"):
    """expected (a check's declaration) equals got (a function's return value), to 1e-10."""
    if isinstance(expected, dict):
        assert set(expected) == set(got), where
        for key in expected:
            assert_same(expected[key], got[key], f"{where}[{key!r}]")
    elif isinstance(expected, (tuple, list)):
        assert len(expected) == len(got), where
        for i, (e, g) in enumerate(zip(expected, got)):
            assert_same(e, g, f"{where}[{i}]")
    elif isinstance(expected, np.ndarray):
        assert expected.shape == got.shape and expected.dtype == got.dtype, where
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12, err_msg=where)
    else:
        assert type(expected) is type(got) or (isinstance(expected, float) and isinstance(got, float)), where
        assert np.isclose(got, expected, rtol=1e-10, atol=1e-12), where


def memorised(spec):
    """A cheat: the public expected output for the public inputs, the first one for anything else."""

    def function(*args, **kwargs):
        for case in spec.cases:
            if _same_call((args, kwargs), (case.args, case.kwargs)):
                return copy.deepcopy(case.expected)
        return copy.deepcopy(spec.cases[0].expected)

    function.__name__ = spec.name
    return function


def _same_call(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and np.array_equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_call(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return isinstance(b, (tuple, list)) and len(a) == len(b) and all(_same_call(x, y) for x, y in zip(a, b))
    return a == b


class _HiddenSpecs(dict):
    """name -> hidden FunctionCheck, each built (reference runs included) when first asked for."""

    def __init__(self, checks):
        super().__init__()
        self.checks = checks

    def __missing__(self, name):
        self[name] = self.checks.spec(name)
        return self[name]


def course_checks(module):
    """(NAMES, ref, PUBLIC, HIDDEN) of one notebook, read from the course itself.

    NAMES  -- the graded functions, in the master's order
    ref    -- the master's own solutions, as attributes (ref.propagate)
    PUBLIC -- name -> the public FunctionCheck, expected values filled in from the store
    HIDDEN -- name -> the hidden FunctionCheck (built on first use)
    """
    names = tuple(e.function for e in masters.exercises(masters.path_of(module)))
    ref = SimpleNamespace(**masters.references(module))
    public = importlib.import_module(f"dnn_utils.exercises.{module}").check.specs
    hidden = _HiddenSpecs(importlib.import_module(f"autograder.hidden.{module}").check_hidden)
    return names, ref, public, hidden


def standard_tests(module, memorisable=None):
    """The tests every notebook's checks must pass, for a test module to bind as its own:

        (test_reference_passes_public_and_hidden_checks, test_stored_expected_values_are_current,
         test_memorised_public_answers_pass_public_but_fail_hidden) = standard_tests(MODULE)

    memorisable (default: every graded function; a quiz has no hidden check) are the functions whose memorised public answers
    are tried against the hidden check.
    """
    names, ref, public, hidden = course_checks(module)
    functions = [name for name in names if not isinstance(public[name], Quiz)]  # a quiz has no hidden check

    @pytest.mark.parametrize("name", names)
    def test_reference_passes_public_and_hidden_checks(name):
        function = getattr(ref, name)
        checks = ((public[name], True),) + (((hidden[name], False),) if name in functions else ())
        for spec, reveal in checks:
            report = run_check(spec, function, reveal=reveal)
            assert report.passed, report.lines(colour=False)

    def test_stored_expected_values_are_current():
        assert expected.stale([module]) == [], "the stored expected values are stale: run python3 course.py expected"

    @pytest.mark.parametrize("name", tuple(functions if memorisable is None else memorisable))
    def test_memorised_public_answers_pass_public_but_fail_hidden(name):
        cheat = memorised(public[name])
        assert run_check(public[name], cheat).passed
        result = failure(hidden[name], cheat, reveal=False)
        assert result.rung in ("type", "shape", "values")
        assert "expected:" not in result.message  # a hidden check never shows its expected values

    return (
        test_reference_passes_public_and_hidden_checks,
        test_stored_expected_values_are_current,
        test_memorised_public_answers_pass_public_but_fail_hidden,
    )
