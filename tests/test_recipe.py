"""CONTRIBUTING.md's "Add an exercise", followed on a scratch copy of the course: three files edited
(master, public check, hidden inputs), then `expected` and `release`; the new exercise is graded
like the others (the master's solution earns its points, the untouched student version none)."""
import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from notebook_tools import REPO, WORKING_FOLDERS

MASTER = "autograder/source/week2/01_numpy_basics.ipynb"
PUBLIC = "dnn_utils/exercises/week2_numpy_basics.py"
HIDDEN = "autograder/hidden/week2_numpy_basics.py"

SOLUTION = '''def square(x):
    """
    Square every element of x.

    Arguments:
    x -- numpy array of any shape

    Returns:
    y -- the squares, numpy array of the same shape as x
    """
    # (approx. 1 line of code)
    ### BEGIN SOLUTION
    y = x ** 2
    ### END SOLUTION
    return y
'''
CHECK = '''from dnn_utils.exercises.week2_numpy_basics import check
check(square)
### BEGIN HIDDEN TESTS
from autograder.hidden.week2_numpy_basics import check_hidden
check_hidden(square)
### END HIDDEN TESTS'''
PUBLIC_SPEC = '''
SQUARE = FunctionCheck(
    name="square",
    outputs=("y",),
    cases=(
        Case(
            args=(np.array([[1.0, -2.0], [0.5, 3.0]]),),
            mistakes=(Mistake("y", "That is 2x: square with x ** 2.", derive=lambda y, case: 2 * case.args[0]),),
        ),
    ),
    vectorised=Vectorised(lambda m: (np.linspace(-1.0, 1.0, m),)),
)

'''
HIDDEN_INPUTS = '''
INPUTS["square"] = lambda rng: [(rng.standard_normal(shape),) for shape in [(3, 4), (5,)]]
'''


def nbgrader_cell(source, grade_id, **meta):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "schema_version": 3, "task": False, **meta}
    return cell


def add_square(copy):
    """The recipe's three edits."""
    master = nbformat.read(copy / MASTER, as_version=4)
    master.cells += [
        nbformat.v4.new_markdown_cell("### Exercise - `square`\n\nSquare every element: $y = x^2$."),
        nbgrader_cell(SOLUTION, "square", grade=False, locked=False, solution=True),
        nbgrader_cell(CHECK, "square_check", grade=True, locked=True, points=2, solution=False),
    ]
    nbformat.write(master, copy / MASTER)
    public = (copy / PUBLIC).read_text()
    public = public.replace("\ncheck = exercises(__name__, ", PUBLIC_SPEC + "check = exercises(__name__, SQUARE, ")
    (copy / PUBLIC).write_text(public)
    hidden = (copy / HIDDEN).read_text()
    hidden = re.sub(r"\ncheck_hidden = ", HIDDEN_INPUTS.replace("\\", "\\\\") + "\ncheck_hidden = ", hidden)
    (copy / HIDDEN).write_text(hidden)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of the repo's course (code, masters, notebooks), the square exercise added, stored, released."""
    copy = tmp_path_factory.mktemp("recipe")
    ignore = shutil.ignore_patterns(*WORKING_FOLDERS, ".ipynb_checkpoints")
    for folder in ("autograder", "dnn_utils", "notebooks"):
        shutil.copytree(REPO / folder, copy / folder, ignore=ignore)
    (copy / "data").symlink_to(REPO / "data")
    add_square(copy)
    for command in (["expected", "week2_numpy_basics"], ["release", "week2"]):
        run(copy, *command)
    return copy


def run(copy, *args):
    env = dict(os.environ, PYTHONPATH=str(copy), OPENBLAS_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-m", "autograder", *args], cwd=copy, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_recipe_touches_three_files(scratch):
    changed = [p for p in (MASTER, PUBLIC, HIDDEN) if (scratch / p).read_bytes() != (REPO / p).read_bytes()]
    assert changed == [MASTER, PUBLIC, HIDDEN]
    stored = json.loads((scratch / "dnn_utils/exercises/expected/week2_numpy_basics.json").read_text())
    assert "square" in stored["functions"]


def test_the_release_has_the_stub_and_no_solution(scratch):
    text = (scratch / "notebooks/week2/01_numpy_basics.ipynb").read_text()
    assert "def square(x):" in text and "raise NotImplementedError()" in text
    assert "y = x ** 2" not in text and "check_hidden(square)" not in text


def test_the_new_exercise_is_graded(scratch, tmp_path):
    for student, source in (("solver", scratch / MASTER), ("blank", scratch / "notebooks/week2/01_numpy_basics.ipynb")):
        target = tmp_path / student / "week2" / "01_numpy_basics.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copy(source, target)
    isolation = [] if shutil.which("bwrap") else ["--no-sandbox"]
    run(scratch, "grade", "week2", str(tmp_path), "--workers", "2", *isolation)
    for student, points in (("solver", 2.0), ("blank", 0.0)):
        result = json.loads((scratch / "autograder/autograded" / student / "week2/result.json").read_text())
        square = next(e for e in result["exercises"] if e["grade_id"] == "square_check")
        assert (square["points"], square["max_points"]) == (points, 2.0), square["message"]
