"""`course.py progress`: the course's state from the saved notebooks, offline, in seconds, running only
the notebooks' imports, the student's answers and the public checks."""
import ast
import re
import subprocess
import sys
import time

import nbformat
import pytest

from autograder import masters, progress
from dnn_utils.checks.overview import NOT_WRITTEN
from notebook_tools import COURSE, REPO
from student_work import WRONG_L1_WARNS, solutions, student_notebook

TRANSPOSED = ("dw = np.dot(X, dZ.T) / m", "dw = np.dot(dZ, X.T) / m")
SOFTMAX_OF_COLUMNS = "import numpy as np\n\ndef softmax(x):\n    e = np.exp(x - np.max(x))\n    return e / np.sum(e, axis=0, keepdims=True)\n"


def checked(course, folder, **options):
    """The Progress of the notebooks found in `folder` (not of those missing from it)."""
    return [item for item in progress.progress(course, folder, **options) if item.verdicts]


def course_py_progress(folder):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "course.py"), "progress", str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines(), time.perf_counter() - started


def test_a_half_done_week_2_gives_its_table_in_seconds(tmp_path):
    folder = tmp_path / "notebooks"
    student_notebook(folder / "week2" / "01_numpy_basics.ipynb", "week2", "01_numpy_basics",
                     ("basic_sigmoid", "sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows", "L2"),
                     {"L1": WRONG_L1_WARNS})
    propagate = solutions("week2", "02_logistic_regression")["propagate"].replace(*TRANSPOSED)
    student_notebook(folder / "week2" / "02_logistic_regression.ipynb", "week2", "02_logistic_regression",
                     ("sigmoid", "initialize_with_zeros"), {"propagate": propagate})
    lines, seconds = course_py_progress(folder)
    assert seconds < 30, f"progress took {seconds:.1f} s"
    start = lines.index("week 2 · numpy basics  6/8")
    assert lines[start + 1] == f"  ✗ softmax  {NOT_WRITTEN}"
    assert re.fullmatch(r"  ✗ L1       loss has wrong values: largest difference 0\.6 \(tolerance .*\)\.", lines[start + 2])
    assert lines[start + 3:start + 9] == [
        "week 2 · logistic regression  2/7",
        "  ✗ propagate  grads['dw'] has shape (1, 3), expected (3, 1).",
        f"  ✗ optimize   {NOT_WRITTEN}",
        f"  ✗ predict    {NOT_WRITTEN}",
        f"  ✗ model      {NOT_WRITTEN}",
        f"  ✗ quiz       {NOT_WRITTEN}",
    ]
    assert lines[1:start] == [f"week 1 · what is a neural network  no saved notebook in {folder}"]
    assert lines[start + 9:-1] == [f"{title}  no saved notebook in {folder}" for title in (
        "week 3 · planar data classification", "week 4 · deep network step by step", "week 4 · deep network application")]
    assert lines[-1] == "course: 8 of 15 exercises pass"
    print(f"half-done week 2: {seconds:.1f} s")


def test_every_master_solution_passes_and_no_demonstration_runs(tmp_path):
    """The masters' answers in the student versions: every exercise passes, from the imports alone."""
    for path in masters.paths():
        student_notebook(tmp_path / path.parent.name / path.name, path.parent.name, path.stem, "all")
    found = progress.progress(COURSE, tmp_path)
    assert [item.title for item in found] == [item.title for item in found if item.verdicts]  # every one found
    for item in found:
        assert item.verdicts and item.passed == len(item.verdicts), (item.title, [v for v in item.verdicts if not v.passed])
    assert sum(len(item.verdicts) for item in found) == len(masters.all_exercises())


@pytest.mark.parametrize("path", masters.paths(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_program_is_imports_and_answers_only(path):
    master = masters.read(path)
    cells = progress.program(master, master)
    (label, imports), *answers = cells
    assert all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.parse(imports).body)
    solution_cells = [c for c in master["cells"] if masters.nbgrader(c).get("solution")]
    assert answers == [(f"answer {masters.nbgrader(c)['grade_id']}", masters.source(c)) for c in solution_cells]


def test_an_answer_in_a_cell_the_student_added_counts_as_when_grading(tmp_path):
    """softmax left as the stub, written again in a new cell below it: the new one counts."""
    path = student_notebook(tmp_path / "week2" / "01_numpy_basics.ipynb", "week2", "01_numpy_basics", "all")
    nb = nbformat.read(path, as_version=4)
    stub = next(i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "softmax")
    nb.cells[stub].source = "def softmax(x):\n    raise NotImplementedError()\n"
    nb.cells.insert(stub + 1, nbformat.v4.new_code_cell(SOFTMAX_OF_COLUMNS))
    nbformat.write(nb, path)
    (item,) = checked(COURSE, tmp_path)
    softmax = next(v for v in item.verdicts if v.name == "softmax")
    assert not softmax.passed and softmax.reason.startswith("s has wrong values"), softmax
    assert item.passed == 7


def test_a_check_that_never_ends_costs_only_its_exercises(tmp_path):
    endless = "def L1(yhat, y):\n    while True:\n        pass\n"
    student_notebook(tmp_path / "week2" / "01_numpy_basics.ipynb", "week2", "01_numpy_basics", "all", {"L1": endless})
    started = time.perf_counter()
    (item,) = checked(COURSE, tmp_path, seconds=8)
    assert time.perf_counter() - started < 30
    assert [v.passed for v in item.verdicts] == [True] * 6 + [False, False]
    assert all(v.reason.startswith("no verdict: its cells and checks ran longer than 8 s") for v in item.verdicts[6:])


def test_files_that_are_not_course_notebooks_say_so(tmp_path, capsys):
    (tmp_path / "empty.ipynb").write_text("")
    (tmp_path / "mine.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "old.ipynb").write_text("")
    progress.show(COURSE, tmp_path, colour=False)
    out = capsys.readouterr().out.splitlines()
    assert "empty.ipynb is an empty file (0 bytes); hand in the saved notebook." in out
    assert "mine.ipynb is not a notebook of the course: none of its nbgrader cell ids is one of the course's" in out
    assert not any("old.ipynb" in line for line in out)
    assert out[-1] == "course: 0 of 0 exercises pass"


def test_a_missing_folder_is_an_error_to_act_on(tmp_path):
    done = subprocess.run([sys.executable, "-m", "autograder", "progress", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    assert "nowhere is not a folder: give the folder that holds your notebooks" in done.stderr


def test_the_notebook_is_identified_by_its_cells_not_its_name(tmp_path):
    path = student_notebook(tmp_path / "renamed.ipynb", "week2", "01_numpy_basics", ("L2",))
    (item,) = checked(COURSE, tmp_path)
    assert item.title == "week 2 · numpy basics" and item.path == path and item.passed == 1


def readme_block(first_line):
    """The lines of the README's code block that starts with `first_line`."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text[text.index(f"```\n{first_line}\n") + 4:]
    return block[:block.index("```")].rstrip("\n").splitlines()


def test_the_readme_shows_what_progress_and_check_all_print(tmp_path, capsys):
    """Week 1 done; week 2's numpy basics with softmax not written and L1 wrong; the rest untouched."""
    for path in masters.paths():
        assignment, stem = path.parent.name, path.stem
        solved = "all" if assignment == "week1" else ()
        answers = {}
        if stem == "01_numpy_basics":
            solved = [gid for gid in solutions(assignment, stem) if gid != "softmax"]
            answers = {"L1": WRONG_L1_WARNS}
        student_notebook(tmp_path / assignment / path.name, assignment, stem, solved, answers)
    lines, _ = course_py_progress(tmp_path)
    shown = readme_block("week 1 · what is a neural network  5/5")
    position = 0
    for line in shown:
        if line != "...":
            position = lines.index(line, position) + 1  # each README line, in the same order
    assert lines[-1] == shown[-1]
    from dnn_utils.exercises.week2_numpy_basics import check_all

    namespace = {}
    for _, source in progress.program(masters.read(masters.path_of("week2_numpy_basics")),
                                      nbformat.read(tmp_path / "week2" / "01_numpy_basics.ipynb", as_version=4)):
        exec(source, namespace)
    check_all(namespace)
    assert readme_block("✓ basic_sigmoid") == re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out).splitlines()
