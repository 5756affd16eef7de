"""Behaviour that cannot be forged: each way of faking "vectorised", "written by you" or the grader's
own records, tried in a check cell and in grading. A loop hidden in exec'd code or in code compiled
under numpy's file name is still counted; a renamed copy of a finished function is still it;
switching the tracer off, patching the engine or writing the results folder earns nothing."""
import sys
import types

import numpy as np
import pytest

import bad_class
from autograder import cli, masters
from autograder.grading import batch, sandbox
from check_tools import course_checks, failure
from dnn_utils import network
from dnn_utils.checks import CheckFailed, check, run_check
from notebook_tools import copy_course, sandbox_skip_reason

NAMES, ref, PUBLIC, HIDDEN = course_checks("week2_numpy_basics")
_, ref4, PUBLIC4, _ = course_checks("week4_deep_network_step_by_step")

LOOP = """def sigmoid(x):
    s = np.empty_like(x)
    for index in np.ndindex(x.shape):
        s[index] = 1 / (1 + np.exp(-x[index]))
    return s
"""
ANSWERS = {
    "exec_loop": f"exec({LOOP!r}, globals())",
    "numpy_file_loop": f"exec(compile({LOOP!r}, np.__file__, 'exec'), globals())",
    "finished_copy": """import types
from dnn_utils import activations
f = activations.sigmoid
sigmoid = types.FunctionType(f.__code__.replace(co_name="mine"), f.__globals__, "sigmoid")""",
    "tracer_off": """import sys
def sigmoid(x):
    sys.settrace(None)
    s = np.empty_like(x)
    for index in np.ndindex(x.shape):
        s[index] = 1 / (1 + np.exp(-x[index]))
    return s""",
    "patched_subject": """from dnn_utils.checks import subject
real = subject.LiveSubject.call
def call(self, args, kwargs, measure=subject.NOTHING):
    outcome = real(self, args, kwargs)
    outcome.tampered, outcome.lines = None, {}
    return outcome
subject.LiveSubject.call = call
def sigmoid(x):
    return 1 / (1 + np.exp(-x))""",
    "results_written": """import os
os.makedirs("results", exist_ok=True)
def sigmoid(x):
    return 1 / (1 + np.exp(-x))""",
}


def function_from(answer):
    namespace = {"np": np}
    exec(answer, namespace)
    return namespace["sigmoid"]


# ----------------------------------------------------------------------------- in a check cell
@pytest.mark.parametrize("name", ["exec_loop", "numpy_file_loop"])
def test_a_loop_in_exec_or_numpy_named_code_is_counted(name):
    result = failure(PUBLIC["sigmoid"], function_from(ANSWERS[name]))
    assert result.kind == "vectorised" and result.message.startswith("not vectorised")


def test_a_renamed_copy_of_the_finished_function_is_recognised():
    result = failure(PUBLIC["sigmoid"], function_from(ANSWERS["finished_copy"]))
    assert result.kind == "forbidden" and "calls the finished dnn_utils.activations.sigmoid" in result.message


def test_a_copy_of_a_finished_week4_block_is_recognised():
    f = network.linear_forward
    copied = types.FunctionType(f.__code__.replace(co_name="linear_forward_mine"), f.__globals__, "linear_forward")
    result = failure(PUBLIC4["linear_forward"], copied)
    assert result.kind == "forbidden" and "dnn_utils.network.linear_forward" in result.message


def test_switching_the_tracer_off_is_tampering():
    report = run_check(PUBLIC["sigmoid"], function_from(ANSWERS["tracer_off"]))
    assert any(r.kind == "tampering" and not r.passed for r in report.results)
    assert sys.gettrace() is None or "coverage" in type(sys.gettrace()).__module__


def test_a_patched_engine_makes_the_check_cell_refuse(monkeypatch, capsys):
    from dnn_utils.checks import subject

    monkeypatch.setattr(subject.LiveSubject, "call", lambda self, args, kwargs, measure=None: subject.Outcome(value=0))
    with pytest.raises(CheckFailed):
        check(PUBLIC["sigmoid"], ref.sigmoid)
    assert "The check engine was changed in this kernel (dnn_utils.checks.subject.LiveSubject.call)" in capsys.readouterr().out


def test_a_right_answer_with_a_loop_keeps_the_values_share(capsys):
    loop = function_from(ANSWERS["exec_loop"])
    report = run_check(PUBLIC["sigmoid"], loop)
    assert [r.kind for r in report.results if not r.passed] == ["vectorised"]
    from dnn_utils.checks.behaviour import share_kept

    assert share_kept(report) == pytest.approx(0.8)


# ----------------------------------------------------------------------------- in grading
SKIP = sandbox_skip_reason()

# sigmoid is worth 1 point; patching the engine or writing the results costs every exercise checked after it.
SIGMOID_POINTS = {"exec_loop": 0.8, "numpy_file_loop": 0.8, "finished_copy": 0, "tracer_off": 0}
POINTS = {e.function: e.points for e in masters.exercises(masters.path_of("week2_numpy_basics"))}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if SKIP is not None:
        pytest.skip(SKIP)
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    cli.generate(course, "week2")
    folder = tmp_path_factory.mktemp("forgers")
    for student, answer in ANSWERS.items():
        bad_class.write(folder, student, bad_class.with_cell("sigmoid", answer))
    below = bad_class.master()
    stub = bad_class.cell_of(below, "sigmoid")
    stub["source"] = "def sigmoid(x):\n    raise NotImplementedError()\n"
    below["cells"].insert(below["cells"].index(stub) + 1, {
        "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
        "source": "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"})
    bad_class.write(folder, "answer_below_stub", below)
    settings = batch.Settings(limits=sandbox.Limits(wall_seconds=60, cpu_seconds=60), cell_seconds=20, call_seconds=10)
    return {r.student: r for r in batch.grade_class(course, "week2", folder, workers=2, settings=settings)}


def points(result):
    return {e.grade_id.removesuffix("_check"): e.points for e in result.exercises if e.notebook == "01_numpy_basics"}


@pytest.mark.parametrize("student", sorted(SIGMOID_POINTS))
def test_forged_behaviour_earns_only_what_the_values_earn(graded, student):
    earned = points(graded[student])
    assert earned["sigmoid"] == SIGMOID_POINTS[student], graded[student].exercises[1].message
    # sigmoid_derivative calls the student's sigmoid, and shares its fate; the others are untouched
    assert all(p == POINTS[n] for n, p in earned.items() if n not in ("sigmoid", "sigmoid_derivative"))


def test_patching_the_engine_earns_nothing_from_then_on(graded):
    earned = points(graded["patched_subject"])
    assert earned["basic_sigmoid"] == 1  # checked before the patching cell ran
    assert all(p == 0 for n, p in earned.items() if n != "basic_sigmoid")
    message = next(e.message for e in graded["patched_subject"].exercises if e.grade_id == "sigmoid_check")
    assert "changed the grader's own code" in message


def test_writing_the_results_folder_earns_nothing(graded):
    assert all(p == 0 for p in points(graded["results_written"]).values())


def test_an_answer_written_below_its_stub_counts(graded):
    assert points(graded["answer_below_stub"]) == POINTS


def test_feedback_never_echoes_the_students_text(graded):
    for result in graded.values():
        for exercise in result.exercises:
            assert "got:" not in exercise.message


def test_the_hidden_inputs_are_gone_before_student_code_runs(tmp_path):
    """The probe files are read and deleted by the harness before the first cell runs."""
    probe = "import os\nassert not os.path.exists('probes'), 'the hidden inputs are on disk'\n"
    nb = bad_class.with_cell("basic_sigmoid", probe + "".join(bad_class.cell_of(bad_class.master(), "basic_sigmoid")["source"]))
    course = copy_course(tmp_path / "autograder")
    folder = tmp_path / "in"
    folder.mkdir()
    bad_class.write(folder, "peeker", nb)
    cli.generate(course, "week2")
    settings = batch.Settings(isolated=SKIP is None)
    (result,) = batch.grade_class(course, "week2", folder, workers=1, settings=settings)
    assert points(result)["basic_sigmoid"] == 1, result.exercises[0].message

