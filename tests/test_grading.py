"""Grading for real, through our commands, on a temporary copy of the course: every master gets full
marks, every untouched release gets 0, one wrong exercise costs exactly its points; feedback and the
grade sheet show points and messages, nothing hidden."""
import csv
import json
import shutil

import nbformat
import pytest

from autograder import cli
from autograder.grading import gradebook
from notebook_tools import COURSE, REPO, copy_course, grade_cells

ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())
# L1 is the exercise no later one builds on, so a wrong L1 costs exactly its own points.
WRONG_L1 = "import numpy as np\n\ndef L1(yhat, y):\n    return float(np.sum(y - yhat))\n"


def points(notebook_path):
    """grade_id -> points of a master's check cells."""
    nb = nbformat.read(notebook_path, as_version=4)
    return {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points for c in grade_cells(nb)}


def masters(assignment):
    return sorted((COURSE / "source" / assignment).glob("*.ipynb"))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    for assignment in ASSIGNMENTS:
        cli.generate(root, assignment)
    return root


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_student_notebooks_equal_the_release(course, assignment):
    released = sorted((course / "release" / assignment).glob("*.ipynb"))
    committed = sorted((REPO / "notebooks" / assignment).glob("*.ipynb"))
    assert [p.name for p in committed] == [p.name for p in released], "run: python3 course.py release " + assignment
    for mine, fresh in zip(committed, released):
        assert json.loads(mine.read_text()) == json.loads(fresh.read_text()), (
            f"{mine} drifted from its master: run python3 course.py release {assignment}"
        )


def test_student_versions_hide_solutions_and_hidden_tests(course):
    for path in (course / "release").glob("*/*.ipynb"):
        text = path.read_text()
        for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "check_hidden", "autograder"):
            assert secret not in text, f"{path.name} contains {secret!r}"
        assert "raise NotImplementedError()" in text


def make_submissions(course, assignment, folder):
    """The master's solutions (nbgrader layout), the untouched release (plain LMS files) and, for
    week2, the solutions with one wrong exercise (plain files, one named <student>.ipynb)."""
    for master in masters(assignment):
        target = folder / "solver" / assignment / master.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(master, target)
        shutil.copy(course / "release" / assignment / master.name, folder / f"blank__{master.stem}.ipynb")
    if assignment != "week2":
        return
    first, *rest = masters(assignment)
    nb = nbformat.read(first, as_version=4)
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "L1")
    cell.source = WRONG_L1
    nbformat.write(nb, folder / "onewrong.ipynb")
    for master in rest:
        shutil.copy(master, folder / f"onewrong__{master.stem}.ipynb")


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    """assignment -> student -> SubmissionResult, every assignment graded through the command."""
    results = {}
    for assignment in ASSIGNMENTS:
        submissions = tmp_path_factory.mktemp(f"submissions-{assignment}")
        make_submissions(course, assignment, submissions)
        results[assignment] = {r.student: r for r in cli.grade(course, assignment, submissions, workers=2)}
    return results


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_master_solutions_get_full_marks(graded, assignment):
    result = graded[assignment]["solver"]
    assert result.graded, result.reason
    expected = {(m.stem, grade_id): most for m in masters(assignment) for grade_id, most in points(m).items()}
    got = {(e.notebook, e.grade_id): e.points for e in result.exercises}
    assert got == expected, [e.message for e in result.exercises if e.points < e.max_points]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_gets_zero_on_every_exercise(graded, assignment):
    result = graded[assignment]["blank"]
    assert result.graded and result.exercises, result.reason
    assert all(e.points == 0 for e in result.exercises)
    assert all("is not written yet" in e.message or "is not defined" in e.message for e in result.exercises)


def test_one_wrong_exercise_costs_exactly_its_points(graded):
    result = graded["week2"]["onewrong"]
    lost = {(e.notebook, e.grade_id) for e in result.exercises if e.points < e.max_points}
    assert lost == {("01_numpy_basics", "L1_check")}
    assert result.total == result.max_score - points(COURSE / "source" / "week2" / "01_numpy_basics.ipynb")["L1_check"]


def test_the_gradebook_holds_the_same_scores(course, graded):
    scores = gradebook.scores(gradebook.default_db_url(course), "week2")
    assert scores["onewrong"]["01_numpy_basics:L1_check"] == 0
    assert scores["solver"]["01_numpy_basics:L1_check"] == 1


def test_feedback_shows_points_and_messages_and_nothing_hidden(course, graded):
    for assignment in ASSIGNMENTS:
        for student in ("solver", "blank"):
            html = (course / "feedback" / student / assignment / "feedback.html").read_text()
            for secret in ("BEGIN HIDDEN TESTS", "check_hidden", "autograder", "Traceback", "site-packages", "expected:"):
                assert secret not in html, f"{student}/{assignment} feedback shows {secret!r}"
    wrong = (course / "feedback" / "onewrong" / "week2" / "feedback.html").read_text()
    assert "L1: failed at the values check" in wrong


def test_export_writes_one_row_per_student_with_exercise_columns(course, graded, tmp_path):
    path = tmp_path / "grades.csv"
    cli.export(course, "week2", path)
    with open(path, newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"solver", "blank", "onewrong"}
    week2_points = sum(sum(points(p).values()) for p in masters("week2"))
    assert float(rows["solver"]["total"]) == week2_points
    assert rows["onewrong"]["01_numpy_basics:L1_check"] == "0"
    assert all(row["status"] == "graded" for row in rows.values())


def test_commands_explain_a_wrong_assignment_and_a_missing_folder(course, tmp_path):
    with pytest.raises(cli.CommandError, match="No assignment 'week9'.*the assignments are: week"):
        cli.generate(course, "week9")
    with pytest.raises(cli.CommandError, match="is not a folder"):
        cli.grade(course, "week2", tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(cli.CommandError, match="ipynb"):
        cli.grade(course, "week2", tmp_path / "empty")
