"""nbgrader's pipeline for real, through our commands, on a temporary copy of the course."""
import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder import cli
from notebook_tools import COURSE, REPO, copy_course, grade_cells

ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())
# L1 is the exercise no later one builds on, so a wrong L1 costs exactly its own points.
WRONG_L1 = "import numpy as np\n\ndef L1(yhat, y):\n    return float(np.sum(y - yhat))\n"


def points(notebook_path):
    """grade_id -> points of a master's check cells."""
    nb = nbformat.read(notebook_path, as_version=4)
    return {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points for c in grade_cells(nb)}


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


def make_submissions(course, folder):
    """Three students for week2: the master's solutions (nbgrader layout), the untouched release
    (plain LMS files) and the solutions with one wrong exercise (plain files, one named <student>.ipynb).
    """
    masters = sorted((course / "source" / "week2").glob("*.ipynb"))
    for master in masters:
        target = folder / "solver" / "week2" / master.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(master, target)
        shutil.copy(course / "release" / "week2" / master.name, folder / f"blank__{master.stem}.ipynb")
    first, *rest = masters
    nb = nbformat.read(first, as_version=4)
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "L1")
    cell.source = WRONG_L1
    nbformat.write(nb, folder / "onewrong.ipynb")
    for master in rest:
        shutil.copy(master, folder / f"onewrong__{master.stem}.ipynb")


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    submissions = tmp_path_factory.mktemp("submissions")
    make_submissions(course, submissions)
    cli.grade(course, "week2", submissions)
    cli.feedback(course, "week2")
    return {row["student"]: row for row in cli.grade_sheet(course, "week2")}


def test_master_solutions_get_full_marks(graded):
    row = graded["solver"]
    for master in sorted((COURSE / "source" / "week2").glob("*.ipynb")):
        for grade_id, most in points(master).items():
            assert row[f"week2/{master.stem}:{grade_id}"] == most, grade_id
    assert row["total"] == row["max_score"] > 0


def test_untouched_release_gets_zero_on_every_exercise(graded):
    row = graded["blank"]
    scores = {k: v for k, v in row.items() if ":" in k}
    assert scores and all(v == 0 for v in scores.values()), scores


def test_one_wrong_exercise_costs_exactly_its_points(graded):
    l1_points = points(COURSE / "source" / "week2" / "01_numpy_basics.ipynb")["L1_check"]
    row = graded["onewrong"]
    assert row["week2/01_numpy_basics:L1_check"] == 0
    assert row["total"] == row["max_score"] - l1_points


def test_feedback_exists_and_hides_the_hidden_tests(course, graded):
    for student in ("solver", "blank", "onewrong"):
        pages = sorted((course / "feedback" / student / "week2").glob("*.html"))
        assert len(pages) == len(list((course / "source" / "week2").glob("*.ipynb")))
        for page in pages:
            html = page.read_text()
            for secret in ("BEGIN HIDDEN TESTS", "check_hidden", "autograder", "site-packages"):
                assert secret not in html, f"{student}/{page.name} shows {secret!r}"
    wrong = (course / "feedback" / "onewrong" / "week2" / "01_numpy_basics.html").read_text()
    assert "L1: failed at the values check" in wrong


def test_export_writes_one_row_per_student_with_exercise_columns(course, graded, tmp_path):
    path = tmp_path / "grades.csv"
    cli.export(course, path)
    with open(path, newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"solver", "blank", "onewrong"}
    week2_points = sum(sum(points(p).values()) for p in (COURSE / "source" / "week2").glob("*.ipynb"))
    assert float(rows["solver"]["total"]) == week2_points
    assert rows["solver"]["week2/01_numpy_basics:L1_check"] == "1.0"
    other = [k for k in rows["solver"] if ":" in k and not k.startswith("week2/")]
    assert all(rows["solver"][k] == "" for k in other), "assignments not handed in are empty, not 0"


def test_commands_explain_a_wrong_assignment_and_a_missing_folder(course, tmp_path):
    with pytest.raises(cli.CommandError, match="No assignment 'week9'.*the assignments are: week2"):
        cli.generate(course, "week9")
    with pytest.raises(cli.CommandError, match="does not exist"):
        cli.collect(course, "week2", tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(cli.CommandError, match="expected <student>.ipynb files"):
        cli.collect(course, "week2", tmp_path / "empty")
