"""Recovering from a lost or broken exercise: `course.py restore` puts one answer cell back as
released; a check run too early names the cell to run first; numpy's warnings and the kernel's file
paths stay out of check output; a softmax that overflows is told to subtract each row's max."""
import re
import subprocess
import sys
import warnings

import nbformat
import numpy as np
import pytest

from autograder import cli
from dnn_utils.checks import hints, run_check
from dnn_utils.checks.subject import Fault
from dnn_utils.exercises import week2_numpy_basics as public
from notebook_tools import COURSE, REPO, cell_text, execute

NOTEBOOK = REPO / "notebooks" / "week2" / "01_numpy_basics.ipynb"


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def cell_of(notebook, name):
    return next(c for c in notebook.cells if grade_id(c) == name)


# ----------------------------------------------------------------------------- restore
@pytest.mark.parametrize("master", sorted((COURSE / "source").glob("*/*.ipynb")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_template_is_the_released_notebook(master):
    """restore's template is nbgrader's student version of the master, cell for cell as released."""
    released = nbformat.read(REPO / "notebooks" / master.parent.name / master.name, as_version=4)
    assert cli.student_version(master).cells == released.cells


def test_restore_puts_back_one_answer_cell_and_keeps_the_rest(tmp_path, capsys):
    mine = nbformat.read(NOTEBOOK, as_version=4)
    cell_of(mine, "sigmoid").source = "def sigmoid(x):\n    return 42\n"
    cell_of(mine, "basic_sigmoid").source = "def basic_sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n"
    mine.cells.insert(3, nbformat.v4.new_markdown_cell("my own notes"))
    path = tmp_path / "mine.ipynb"
    nbformat.write(mine, path)

    cli.restore(COURSE, "week2", "01_numpy_basics", "sigmoid", path)

    restored = nbformat.read(path, as_version=4)
    released = nbformat.read(NOTEBOOK, as_version=4)
    assert cell_of(restored, "sigmoid") == cell_of(released, "sigmoid")
    assert "raise NotImplementedError()" in cell_of(restored, "sigmoid").source
    others = [c for c in restored.cells if grade_id(c) != "sigmoid"]
    assert others == [c for c in mine.cells if grade_id(c) != "sigmoid"]
    printed = capsys.readouterr().out
    assert "restored the answer cell of sigmoid" in printed and "return 42" in printed  # the old answer, shown once


def test_restore_puts_a_deleted_answer_cell_back_before_its_check(tmp_path):
    mine = nbformat.read(NOTEBOOK, as_version=4)
    mine.cells = [c for c in mine.cells if grade_id(c) != "softmax"]
    path = tmp_path / "mine.ipynb"
    nbformat.write(mine, path)
    cli.restore(COURSE, "week2", "01_numpy_basics.ipynb", "softmax", path)
    ids = [grade_id(c) for c in nbformat.read(path, as_version=4).cells]
    assert ids.index("softmax") + 1 == ids.index("softmax_check")


@pytest.mark.parametrize("args, message", [
    (("week9", "01_numpy_basics", "sigmoid"), "No assignment 'week9'"),
    (("week2", "01_numpy", "sigmoid"), "its notebooks are: 01_numpy_basics, 02_logistic_regression"),
    (("week2", "01_numpy_basics", "sigmod"), "its exercises are: basic_sigmoid, sigmoid,"),
])
def test_restore_says_what_exists_when_a_name_is_wrong(tmp_path, args, message):
    path = tmp_path / "mine.ipynb"
    path.write_bytes(NOTEBOOK.read_bytes())
    with pytest.raises(cli.CommandError, match=message):
        cli.restore(COURSE, *args, path)
    assert path.read_bytes() == NOTEBOOK.read_bytes()


def test_restore_leaves_a_file_that_is_not_a_notebook_alone(tmp_path):
    path = tmp_path / "mine.ipynb"
    path.write_text("{ not json")
    with pytest.raises(cli.CommandError, match="could not be read as a notebook .*nothing was changed"):
        cli.restore(COURSE, "week2", "01_numpy_basics", "sigmoid", path)
    assert path.read_text() == "{ not json"


def test_course_py_restore_runs_the_command(tmp_path):
    path = tmp_path / "mine.ipynb"
    mine = nbformat.read(NOTEBOOK, as_version=4)
    cell_of(mine, "L1").source = "def L1(yhat, y):\n    return 0.0\n"
    nbformat.write(mine, path)
    done = subprocess.run([sys.executable, "course.py", "restore", "week2", "01_numpy_basics", "L1", "--file", str(path)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert cell_of(nbformat.read(path, as_version=4), "L1") == cell_of(nbformat.read(NOTEBOOK, as_version=4), "L1")


# ----------------------------------------------------------------------------- hints
def no_max_shift_softmax(x):
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def whole_array_max_softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=1, keepdims=True)


@pytest.mark.parametrize("function, hint", [(no_max_shift_softmax, public.NO_MAX_SHIFT), (whole_array_max_softmax, public.WHOLE_MAX)])
def test_a_softmax_that_overflows_is_told_to_subtract_each_rows_max(function, hint):
    with warnings.catch_warnings():  # a notebook prints numpy's warnings; pytest would raise them
        warnings.simplefilter("default", RuntimeWarning)
        failure = run_check(public.check.specs["softmax"], function).failure
    assert failure.rung == "values" and failure.message.endswith(hint)
    assert "Subtract each row's" in failure.message


def test_numpy_warnings_during_a_check_are_not_printed(capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("default", RuntimeWarning)
        run_check(public.check.specs["softmax"], no_max_shift_softmax)
    err = capfd.readouterr().err
    assert "RuntimeWarning" not in err and __file__ not in err


@pytest.mark.parametrize("name, hint", [
    ("np", "np is not defined: run the notebook's first code cell, which imports numpy as np."),
    ("sigmoid", "sigmoid is not defined: run its answer cell (the cell with `def sigmoid`) first."),
    ("X_train", "X_train is not defined: run the cell that defines it first."),
])
def test_a_name_error_says_which_cell_to_run(name, hint):
    assert hints.exception_hint("NameError", f"name '{name}' is not defined") == hint


def test_the_graders_wording_repeats_no_name_a_student_chose():
    """In feedback (echo=False) a NameError's message, which a student can write, could carry hidden
    inputs out: only the course's own names are repeated."""
    def feedback(name):
        return Fault("raised", "NameError", "sigmoid", message=f"name '{name}' is not defined").text("sigmoid", lambda f, l: "", echo=False)

    assert "hidden_0_123" not in feedback("hidden_0_123")
    assert feedback("np").endswith("run the notebook's first code cell, which imports numpy as np.")
    assert feedback("basic_sigmoid").endswith("run its answer cell (the cell with `def basic_sigmoid`) first.")


def test_a_name_error_hint_repeats_only_an_identifier():
    assert hints.exception_hint("NameError", "name 'x\x1b[31m' is not defined") is None
    assert hints.exception_hint("NameError", "anything a student raised") is None


# ----------------------------------------------------------------------------- in a kernel
CELLS = {
    "too early": "from dnn_utils.exercises.week2_numpy_basics import check\ncheck(sigmoid)",
    "answer without np": 'def sigmoid(x):\n    """The sigmoid of x, any shape."""\n    s = 1 / (1 + np.exp(-x))\n    return s',
    "check without np": "check(sigmoid)",
    "imports": "import numpy as np",
    "overflowing softmax": "def softmax(x):\n    e = np.exp(x)\n    return e / np.sum(e, axis=1, keepdims=True)",
    "check softmax": "check(softmax)",
    "deeper": "def helper():\n    return not_defined_anywhere\n\nhelper()",
}


@pytest.fixture(scope="module")
def kernel_outputs(tmp_path_factory):
    """What each cell of CELLS shows when run in order in a real kernel, as a student would."""
    path = tmp_path_factory.mktemp("kernel") / "cells.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in CELLS.values()]), path)
    notebook = execute(path, allow_errors=True)
    return {key: (ANSI.sub("", cell_text(cell)), cell.outputs) for key, cell in zip(CELLS, notebook.cells)}


ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the terminal colours of tracebacks and check lines


def test_a_check_run_before_its_answer_cell_names_that_cell(kernel_outputs):
    text, outputs = kernel_outputs["too early"]
    assert "sigmoid is not defined: run its answer cell (the cell with `def sigmoid`) first." in text
    assert "Traceback" not in text and "----" not in text and "Cell In[" not in text
    assert [o.ename for o in outputs if o.output_type == "error"] == ["NameError"]  # the cell still fails


def test_an_answer_using_np_before_the_imports_gets_the_import_cell_and_its_own_line(kernel_outputs):
    text, _ = kernel_outputs["check without np"]
    # "at line 3" is the third line of the answer cell, as the lab numbers it
    assert "at line 3: s = 1 / (1 + np.exp(-x))" in text
    assert CELLS["answer without np"].splitlines()[2].strip() == "s = 1 / (1 + np.exp(-x))"
    assert "run the notebook's first code cell, which imports numpy as np" in text


def test_an_overflowing_softmax_in_a_kernel_gets_the_hint_and_no_file_paths(kernel_outputs):
    text, _ = kernel_outputs["check softmax"]
    assert public.NO_MAX_SHIFT in text
    assert "RuntimeWarning" not in text and "ipykernel" not in text and "/tmp/" not in text


def test_a_name_error_deeper_down_keeps_its_traceback_with_the_hint(kernel_outputs):
    text, _ = kernel_outputs["deeper"]
    assert "helper()" in text and "return not_defined_anywhere" in text
    assert text.rstrip().endswith("not_defined_anywhere is not defined: run the cell that defines it first.")

