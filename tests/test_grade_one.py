"""Grade one, keep all, for real: a class graded, then one student (`--student`) or one file graded
alone; the reports (grade sheet, plot, results.json, summary) still cover the whole class from the
stored results, every grade is kept in the history, and a master whose points changed flags the
students graded under the old points. The feedback pages show each student's code."""
import contextlib
import csv
import io
import json
import shutil

import nbformat
import pytest

from autograder import cli
from autograder.grading import gradebook
from notebook_tools import sandbox_skip_reason, copy_course

SKIP = sandbox_skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=SKIP or "")

ASSIGNMENT = "week2"
WRONG_L1 = "import numpy as np\n\ndef L1(yhat, y):\n    # <mine>\n    return float(np.sum(y - yhat))\n"


def masters(course):
    return sorted((course / "source" / ASSIGNMENT).glob("*.ipynb"))


def with_wrong_L1(master, target):
    nb = nbformat.read(master, as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "L1":
            cell.source = WRONG_L1
    nbformat.write(nb, target)


def grade(course, target, **options):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        results = cli.grade(course, ASSIGNMENT, target, workers=2, **options)
    return results, printed.getvalue()


def sheet(course):
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    cli.generate(course, ASSIGNMENT)
    return course


@pytest.fixture(scope="module")
def folder(course, tmp_path_factory):
    """alice: the masters as LMS files; bob: the masters with a wrong L1; carol: nbgrader's layout."""
    folder = tmp_path_factory.mktemp("class")
    first, second = masters(course)
    for master in (first, second):
        shutil.copy(master, folder / f"alice__{master.stem}.ipynb")
        (folder / "carol" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
        shutil.copy(master, folder / "carol" / ASSIGNMENT / master.name)
    with_wrong_L1(first, folder / f"bob__{first.stem}.ipynb")
    shutil.copy(second, folder / f"bob__{second.stem}.ipynb")
    return folder


@pytest.fixture(scope="module")
def first(course, folder):
    results, printed = grade(course, folder)
    return {r.student: r for r in results}, printed


def test_the_first_run_grades_the_class(first):
    results, _ = first
    assert sorted(results) == ["alice", "bob", "carol"]
    assert results["alice"].total == results["alice"].max_score == results["carol"].total
    assert results["bob"].total == results["bob"].max_score - 1


def test_feedback_shows_the_students_own_code_and_a_verdict(course, first):
    page = (course / "feedback" / "bob" / ASSIGNMENT / "feedback.html").read_text(encoding="utf-8")
    assert '<pre class="code">import numpy as np\n\ndef L1(yhat, y):\n    # &lt;mine&gt;\n' in page
    assert '<p class="verdict">Failed at the values check of the public checks: loss has wrong values' in page
    assert "run this cell again" not in page


def test_grading_one_student_reports_the_whole_class_and_keeps_the_old_grade(course, folder, first):
    shutil.copy(masters(course)[0], folder / "bob__01_numpy_basics.ipynb")  # bob hands in a fixed L1
    results, printed = grade(course, folder, student="bob")
    assert [r.student for r in results] == ["bob"] and results[0].total == results[0].max_score
    rows = sheet(course)
    assert sorted(rows) == ["alice", "bob", "carol"], "the sheet covers the whole class"
    assert rows["bob"]["total"] == rows["alice"]["total"] == rows["carol"]["total"]
    stored = json.loads((course / "reports" / ASSIGNMENT / "results.json").read_text())
    assert sorted(r["student"] for r in stored) == ["alice", "bob", "carol"]
    assert f"{ASSIGNMENT}: 3 submissions, 3 graded, 0 not graded" in printed
    assert "this run: 1 hand-in (bob): 1 graded" in printed
    totals = [h["total"] for h in gradebook.history(course, ASSIGNMENT, "bob")]
    assert totals == [first[0]["bob"].total, results[0].total], "the earlier grade is kept in the history"
    with open(course / "reports" / ASSIGNMENT / "history.csv", newline="") as handle:
        assert [row["student"] for row in csv.DictReader(handle)] == ["alice", "bob", "bob", "carol"]


def test_grading_a_single_file_grades_its_student_with_all_their_notebooks(course, folder, first):
    results, _ = grade(course, folder / "carol" / ASSIGNMENT / "02_logistic_regression.ipynb")
    assert [r.student for r in results] == ["carol"]
    assert results[0].total == results[0].max_score, [e.message for e in results[0].exercises if e.points < e.max_points]
    results, _ = grade(course, folder / "alice__01_numpy_basics.ipynb")
    assert [r.student for r in results] == ["alice"] and results[0].total == results[0].max_score
    assert sorted(sheet(course)) == ["alice", "bob", "carol"]
    assert len(gradebook.history(course, ASSIGNMENT, "alice")) == 2


def test_a_student_or_file_that_is_not_there_is_named(course, folder, first):
    with pytest.raises(cli.CommandError, match=r"No hand-in of 'zed' in .*: the students there are alice, bob, carol"):
        grade(course, folder, student="zed")
    with pytest.raises(cli.CommandError, match=r"nothing\.ipynb is not a folder nor a file"):
        grade(course, folder / "nothing.ipynb")
    (folder / "notes.txt").write_text("hello")
    with pytest.raises(cli.CommandError, match=r"notes\.txt is not a notebook"):
        grade(course, folder / "notes.txt")


def test_a_points_change_in_a_master_flags_the_students_graded_under_the_old_points(course, folder, first):
    master = course / "source" / ASSIGNMENT / "01_numpy_basics.ipynb"
    nb = json.loads(master.read_text())
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "L1_check":
            cell["metadata"]["nbgrader"]["points"] = 3
    master.write_text(json.dumps(nb, indent=1))
    _, printed = grade(course, folder, student="bob")
    rows = sheet(course)
    flag = "graded under the old points (01_numpy_basics:L1_check was out of 1, now 3): regrade them"
    assert rows["alice"]["reason"].startswith(flag) and rows["carol"]["reason"].startswith(flag)
    assert "old points" not in rows["bob"]["reason"]
    assert rows["bob"]["max_score"] == str(int(rows["alice"]["max_score"]) + 2)
    assert "  graded under the old points: alice (01_numpy_basics:L1_check was out of 1, now 3): regrade them" in printed
