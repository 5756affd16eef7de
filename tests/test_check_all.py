"""The check-everything cell (check_all) and when a failed check raises.

check_all runs every exercise's public check, none stopping the others, and prints a ✓ or ✗ line per
exercise (for ✗ why, in one line) and the count. A failed check cell raises CheckFailed only where
a failure must fail the cell: under nbgrader (Validate, autograde), when the course says so
(DNN_CHECKS_RAISE=1), or outside a Jupyter kernel; in a student's kernel it prints its red verdict."""
import importlib
import re
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from autograder import masters
from dnn_utils.checks import CheckFailed, check, failure_raises, overview
from dnn_utils.exercises import week2_numpy_basics
from student_work import solutions

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MODULES = sorted({e.module for e in masters.all_exercises()})


def printed(capsys):
    return ANSI.sub("", capsys.readouterr().out).splitlines()


@pytest.mark.parametrize("module", MODULES)
def test_every_public_module_exports_check_all_and_the_masters_pass_it(module, capsys):
    public = importlib.import_module(f"dnn_utils.exercises.{module}")
    names = [e.function for e in masters.all_exercises() if e.module == module]
    public.check_all(dict(masters.references(module)))
    lines = printed(capsys)
    assert lines[:-1] == [f"✓ {name}" for name in names]
    week, title = re.fullmatch(r"week(\d)_(\w+)", module).groups()
    assert lines[-1] == f"week {week} · {title.replace('_', ' ')}: {len(names)} of {len(names)} exercises pass"


def test_each_exercise_gets_one_line_and_none_stops_the_others(capsys):
    namespace = dict(masters.references("week2_numpy_basics"))
    del namespace["basic_sigmoid"]  # its cell not run since the kernel restarted

    def sigmoid(x):
        raise NotImplementedError()

    def softmax(x):  # exp overflows on a large row: numpy warns, and the values are wrong
        e = np.exp(x)
        return e / np.sum(e, axis=1, keepdims=True)

    def L1(yhat, y):
        print("my debugging output")
        raise KeyboardInterrupt  # as if Kernel > Interrupt stopped a long loop in it

    namespace.update(sigmoid=sigmoid, softmax=softmax, L1=L1, L2=5)
    week2_numpy_basics.check_all(namespace)
    lines = printed(capsys)
    assert lines[0] == f"✗ basic_sigmoid       {overview.NOT_DEFINED}"
    assert lines[1] == f"✗ sigmoid             {overview.NOT_WRITTEN}"
    assert lines[2:5] == ["✓ sigmoid_derivative", "✓ image2vector", "✓ normalize_rows"]
    assert lines[5].startswith("✗ softmax             s ")  # the values rung's first line, whatever its diagnosis
    assert lines[6] == "✗ L1                  interrupted while its check ran: does it loop for ever?"
    assert lines[7] == "✗ L2                  L2 is an int (5), not a function."
    assert lines[8] == "week 2 · numpy basics: 3 of 8 exercises pass"
    assert len(lines) == 9 and "my debugging output" not in lines


def test_a_check_that_cannot_run_is_a_line_not_an_error():
    def broken(spec, function):
        raise ValueError("The check of L1 has no current stored expected values: run `python3 course.py expected`.\nmore")

    spec = week2_numpy_basics.check.specs["L1"]
    verdict = overview.verdict(spec, {"L1": lambda yhat, y: 0.0}, broken)
    assert verdict == overview.Verdict("L1", False, "The check of L1 has no current stored expected values: run `python3 course.py expected`.")


def test_the_first_line_of_a_helper_not_written_yet_names_the_helper():
    def sigmoid(z):
        raise NotImplementedError()

    namespace = {"np": np, "sigmoid": sigmoid}
    exec(solutions("week2", "02_logistic_regression")["propagate"], namespace)  # a right propagate, calling sigmoid
    public = importlib.import_module("dnn_utils.exercises.week2_logistic_regression")
    by_name = {v.name: v for v in public.check_all.verdicts(namespace)}
    assert by_name["sigmoid"].reason == overview.NOT_WRITTEN
    assert by_name["propagate"].reason == "sigmoid is not written yet: replace `raise NotImplementedError()` with your code."


@pytest.fixture
def in_a_kernel(monkeypatch):
    """This process as a Jupyter kernel sees it: IPython's shell with a kernel."""
    monkeypatch.setitem(sys.modules, "IPython", SimpleNamespace(get_ipython=lambda: SimpleNamespace(kernel=object())))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("DNN_CHECKS_RAISE", raising=False)


def wrong_L1(yhat, y):
    return float(np.sum(y - yhat))


def test_in_a_students_kernel_a_failed_check_prints_its_verdict_and_raises_nothing(in_a_kernel, capsys):
    assert not failure_raises()
    assert check(week2_numpy_basics.check.specs["L1"], wrong_L1) is None
    lines = printed(capsys)
    assert lines[-1] == "L1: failed at the values check. Fix it and run this cell again."
    assert sum("failed at the values check" in line for line in lines) == 1


@pytest.mark.parametrize("variable, value", [("NBGRADER_EXECUTION", "validate"), ("NBGRADER_EXECUTION", "autograde"),
                                             ("DNN_CHECKS_RAISE", "1")])
def test_under_nbgrader_or_when_the_course_says_so_a_failed_check_fails_its_cell(in_a_kernel, monkeypatch, capsys, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(CheckFailed) as info:
        check(week2_numpy_basics.check.specs["L1"], wrong_L1)
    assert info.value._render_traceback_() == ["\033[31mL1: failed at the values check. Fix it and run this cell again.\033[0m"]
    assert "failed at the values check" not in capsys.readouterr().out  # the summary is shown once, by the error


def test_outside_a_kernel_a_failed_check_raises(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert failure_raises()
    with pytest.raises(CheckFailed):
        check(week2_numpy_basics.check.specs["L1"], wrong_L1)
