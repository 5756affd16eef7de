"""One verdict everywhere: on the same week-2 notebook, a right L1 that makes numpy warn passes, and a
wrong one fails, in all five places a verdict is shown: its check cell, the check-everything cell,
nbgrader's Validate run as the lab runs it (from notebooks/, so with the course's nbgrader settings),
`course.py progress` and `course.py grade`."""
import re
import subprocess
import sys

import nbformat
import pytest

import course
from autograder import cli
from notebook_tools import REPO, cell_text, copy_course, execute
from student_work import RIGHT_L1_WARNS, WRONG_L1_WARNS, student_notebook

ANSI = re.compile(r"\x1b\[[0-9;]*m")
L1 = {"right": RIGHT_L1_WARNS, "wrong": WRONG_L1_WARNS}
PASSES = {"right": True, "wrong": False}


def plain(text):
    return ANSI.sub("", text)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """name -> the folder holding that student's week2/01_numpy_basics.ipynb: every answer the
    master's, L1 right or wrong, and warning either way."""
    root = tmp_path_factory.mktemp("one-verdict")
    for name, source in L1.items():
        student_notebook(root / name / "week2" / "01_numpy_basics.ipynb", "week2", "01_numpy_basics", "all", {"L1": source})
    return {name: root / name for name in L1}


def test_both_answers_make_numpy_warn():
    for source in L1.values():
        namespace = {}
        exec(source, namespace)
        with pytest.warns(RuntimeWarning, match="divide by zero"):
            namespace["L1"](*[__import__("numpy").ones((1, 3))] * 2)


@pytest.fixture(scope="module")
def executed(work):
    return {name: execute(folder / "week2" / "01_numpy_basics.ipynb", allow_errors=True) for name, folder in work.items()}


@pytest.mark.parametrize("name", L1)
def test_the_check_cell(executed, name):
    checks = {c.metadata.nbgrader.grade_id: plain(cell_text(c)) for c in executed[name].cells
              if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    if PASSES[name]:
        assert "L1: all checks passed" in checks["L1_check"], checks["L1_check"]
    else:
        assert "L1: failed at the values check" in checks["L1_check"], checks["L1_check"]
    assert "L2: all checks passed" in checks["L2_check"]  # L2 comes after L1: the run went on


@pytest.mark.parametrize("name", L1)
def test_the_check_everything_cell(executed, name):
    text = plain(cell_text(executed[name].cells[-1]))
    if PASSES[name]:
        assert "✓ L1" in text.splitlines() and text.strip().endswith("week 2 · numpy basics: 8 of 8 exercises pass"), text
    else:
        assert re.search(r"^✗ L1 +loss has wrong values", text, re.MULTILINE), text
        assert text.strip().endswith("week 2 · numpy basics: 7 of 8 exercises pass"), text


@pytest.mark.parametrize("name", L1)
def test_nbgrader_validate_from_the_notebooks_folder(work, name):
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", str(work[name] / "week2" / "01_numpy_basics.ipynb")],
        cwd=course.NOTEBOOKS, env=course.course_env(), capture_output=True, text=True, timeout=300,
    )
    if PASSES[name]:
        assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout
    else:
        assert "VALIDATION FAILED ON 1 CELL(S)!" in done.stdout and "check(L1)" in done.stdout, done.stdout
        assert "L1: failed at the values check" in done.stdout


@pytest.mark.parametrize("name", L1)
def test_course_py_progress(work, name):
    done = subprocess.run([sys.executable, str(REPO / "course.py"), "progress", str(work[name])],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    if PASSES[name]:
        assert "week 2 · numpy basics  8/8" in lines, done.stdout
    else:
        assert "week 2 · numpy basics  7/8" in lines, done.stdout
        assert any(re.fullmatch(r"  ✗ L1 +loss has wrong values: .*", line) for line in lines), done.stdout


def test_course_py_grade(work, tmp_path):
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for name, folder in work.items():
        (submissions / f"{name}.ipynb").write_bytes((folder / "week2" / "01_numpy_basics.ipynb").read_bytes())
    root = copy_course(tmp_path / "course" / "autograder")
    results = {r.student: r for r in cli.grade(root, "week2", submissions, workers=2)}
    for name in L1:
        l1 = next(e for e in results[name].exercises if e.grade_id == "L1_check")
        assert (l1.points == l1.max_points > 0) if PASSES[name] else (l1.points == 0), (name, l1)


def test_the_course_settings_are_what_lets_a_warning_pass_validate(tmp_path):
    """The same notebook, whose only test cell warns, validated from notebooks/ and from elsewhere:
    only nbgrader's own defaults fail it."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("import warnings\nwarnings.warn('log of 0', RuntimeWarning)\nprint('checked')")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "warns", "locked": True, "points": 1,
                                 "schema_version": 3, "solution": False, "task": False}
    nb.cells.append(cell)
    path = tmp_path / "warns.ipynb"
    nbformat.write(nb, path)
    verdicts = {}
    for where in (course.NOTEBOOKS, tmp_path):
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], cwd=where,
                              env=course.course_env(), capture_output=True, text=True, timeout=300)
        verdicts[where] = done.stdout
    assert "Success! Your notebook passes all the tests." in verdicts[course.NOTEBOOKS], verdicts[course.NOTEBOOKS]
    assert "VALIDATION FAILED ON 1 CELL(S)!" in verdicts[tmp_path] and "RuntimeWarning" in verdicts[tmp_path]


def test_validate_gives_a_cell_the_time_grading_gives_it(monkeypatch):
    from nbgrader.apps import NbGrader

    from autograder.grading.batch import Settings

    monkeypatch.chdir(course.NOTEBOOKS)  # where the lab runs, as its Validate loads the settings
    app = NbGrader()
    app.load_config_file()
    assert app.config.Execute.timeout == Settings().cell_seconds != 30  # nbgrader's default is 30 s
