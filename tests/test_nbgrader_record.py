"""nbgrader's gradebook is the record: a class graded by grade_class is stored in nbgrader's layout
(submitted/ with timestamps, autograded/ with graded notebooks) and gradebook (scores and comments),
so that nbgrader's own tools see it: its API lists the hand-ins as autograded, `nbgrader export`
reads the same numbers as our exports (a student who could not be graded is "not graded", never
0), `nbgrader generate_feedback` writes feedback from it, and a manual score set in the gradebook
survives a regrade, flagged. `export` and `feedback` read a PostgreSQL gradebook with --db-url.

The class: alice (nbgrader's layout, with timestamp.txt; the master, one check cell tampered with),
bob (a plain file: the released notebook untouched, a check cell deleted) and carol (not JSON).
Only week 2's first notebook is handed in, to grade fast; the other scores 0, not handed in."""
import contextlib
import copy
import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.utils import parse_utc

from autograder import cli, masters
from autograder.grading import batch, gradebook, layout, reports
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult, not_graded
from notebook_tools import copy_course
from test_gradebook import postgres_url  # noqa: F401 (a fixture: a real PostgreSQL server)

ASSIGNMENT, NOTEBOOK = "week2", "01_numpy_basics"
ALICE_TIME = "2026-03-01 10:00:00.000000 UTC"
BOB_TIME = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
FAKE = "print('all checks passed')\n"  # what alice typed into the L2 check cell
SECRETS = ("BEGIN HIDDEN TESTS", "check_hidden", "autograder.hidden")


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def is_check(cell):
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def is_answer(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("solution")) and not meta.get("grade")


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def grade(course, folder, **options):
    printed = io.StringIO()
    with ThreadPoolExecutor(3) as executor, contextlib.redirect_stdout(printed):
        results = batch.grade_class(course, ASSIGNMENT, folder, executor=executor,
                                    settings=batch.Settings(isolated=False), **options)
    return {r.student: r for r in results}, printed.getvalue()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    master = nbformat.read(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    released = cli.student_version(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    folder = tmp_path_factory.mktemp("class")
    alice = copy.deepcopy(master)
    for cell in alice.cells:
        if grade_id(cell) == "L2_check":
            cell.source = FAKE
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="all checks passed\n")]
        elif cell.cell_type == "code" and not grade_id(cell):
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="the student's own output\n")]
    handed = {"alice": write(alice, folder / "alice" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")}
    (folder / "alice" / ASSIGNMENT / "timestamp.txt").write_text(ALICE_TIME)
    bob = copy.deepcopy(released)
    bob.cells = [cell for cell in bob.cells if grade_id(cell) != "softmax_check"]
    handed["bob"] = write(bob, folder / "bob.ipynb")
    os.utime(handed["bob"], (BOB_TIME.timestamp(), BOB_TIME.timestamp()))
    (folder / "carol.ipynb").write_text("{ not json")
    results, printed = grade(course, folder)
    return {"course": course, "folder": folder, "results": results, "printed": printed, "handed": handed,
            "released": released, "db_url": gradebook.default_db_url(course)}


def test_the_class_is_graded(graded):
    results = graded["results"]
    assert sorted(results) == ["alice", "bob", "carol"]
    numpy_points = sum(e.max_points for e in results["alice"].exercises if e.notebook == NOTEBOOK)
    assert results["alice"].total == numpy_points and results["bob"].total == 0
    assert not results["carol"].graded


def test_each_graded_hand_in_is_stored_in_nbgraders_layout_with_its_time(graded):
    course = graded["course"]
    for student, path in graded["handed"].items():
        submitted = course / "submitted" / student / ASSIGNMENT
        assert sorted(p.name for p in submitted.iterdir()) == [f"{NOTEBOOK}.ipynb", "timestamp.txt"]
        assert (submitted / f"{NOTEBOOK}.ipynb").read_bytes() == path.read_bytes(), "the notebook as handed in"
        autograded = course / "autograded" / student / ASSIGNMENT
        assert sorted(p.name for p in autograded.iterdir()) == [
            f"{NOTEBOOK}.ipynb", "history.jsonl", "result.json", "timestamp.txt"]
        assert (autograded / "timestamp.txt").read_text() == (submitted / "timestamp.txt").read_text()
    assert (course / "submitted" / "alice" / ASSIGNMENT / "timestamp.txt").read_text() == ALICE_TIME
    assert (course / "submitted" / "bob" / ASSIGNMENT / "timestamp.txt").read_text() == "2026-03-02 09:30:00.000000 UTC"
    assert not (course / "submitted" / "carol").exists(), "a hand-in that was not graded is not stored as one"
    assert sorted(p.name for p in (course / "autograded" / "carol" / ASSIGNMENT).iterdir()) == ["history.jsonl", "result.json"]
    with Gradebook(graded["db_url"]) as gb:
        for student in ("alice", "bob"):
            stamp = (course / "submitted" / student / ASSIGNMENT / "timestamp.txt").read_text()
            assert gb.find_submission(ASSIGNMENT, student).timestamp == parse_utc(stamp)


def test_nbgraders_api_sees_them_autograded_as_formgrader_lists_them(graded):
    api = NbGraderAPI(CourseDirectory(root=str(graded["course"])))
    assert api.get_autograded_students(ASSIGNMENT) == {"alice", "bob"}
    assert api.get_submitted_students(ASSIGNMENT) == {"alice", "bob"}, "nothing left to autograde"
    listed = api.get_notebook_submissions(ASSIGNMENT, NOTEBOOK)
    assert sorted(s["student"] for s in listed) == ["alice", "bob"]
    numpy_points = sum(e.max_points for e in graded["results"]["alice"].exercises if e.notebook == NOTEBOOK)
    assert {s["student"]: s["score"] for s in listed} == {"alice": numpy_points, "bob": 0.0}


def graded_copy(graded, student):
    path = graded["course"] / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    return path, nbformat.read(path, as_version=4)


def test_the_graded_copy_holds_the_students_cells_and_the_judges_messages(graded):
    released = {grade_id(c): c for c in graded["released"].cells if grade_id(c)}
    for student in ("alice", "bob"):
        path, nb = graded_copy(graded, student)
        nbformat.validate(nb)
        MetadataValidator().validate_nb(nb)
        handed = nbformat.read(graded["handed"][student], as_version=4)
        exercises = {e.grade_id: e for e in graded["results"][student].exercises if e.notebook == NOTEBOOK}
        checks = [c for c in nb.cells if is_check(c)]
        assert [grade_id(c) for c in checks] == list(exercises), "every check cell, in order"
        for cell in checks:
            assert cell.metadata == released[grade_id(cell)].metadata, "nbgrader's metadata as released"
            assert cell.source.endswith(released[grade_id(cell)].source), "the check cell as released"
            assert [o.text for o in cell.outputs] == [reports.check_output(exercises[grade_id(cell)])]
        answers = {grade_id(c): c.source for c in handed.cells if is_answer(c)}
        assert {grade_id(c): c.source for c in nb.cells if is_answer(c)} == answers, "the student's own code"
        assert all(c.metadata.nbgrader == released[grade_id(c)].metadata.nbgrader for c in nb.cells if is_answer(c))
        others = [c for c in nb.cells if c.cell_type == "code" and not grade_id(c)]
        assert others and all(c.outputs == [] for c in others), "outputs the student saved are not the grader's"
        text = path.read_text(encoding="utf-8")
        assert not any(secret in text for secret in SECRETS)
    _, alice = graded_copy(graded, "alice")
    assert FAKE not in "".join(c.source for c in alice.cells), "a tampered check cell is shown as released"
    _, bob = graded_copy(graded, "bob")
    ids = [grade_id(c) for c in bob.cells]
    assert ids.index("softmax_check") == ids.index("softmax") + 1, "a deleted check cell is put back after its answer"
    assert bob.cells[ids.index("softmax_check")].source.startswith(layout.MISSING_CHECK)


def test_the_gradebook_holds_scores_and_the_judges_messages_as_comments(graded):
    with Gradebook(graded["db_url"]) as gb:
        for student in ("alice", "bob"):
            for exercise in graded["results"][student].exercises:
                grade = gb.find_grade(exercise.grade_id, exercise.notebook, ASSIGNMENT, student)
                assert (grade.auto_score, grade.manual_score, grade.needs_manual_grade) == (exercise.points, None, False)
                comment = gb.find_comment(gradebook.answer_of(exercise.grade_id), exercise.notebook, ASSIGNMENT, student)
                assert comment.auto_comment == reports.exercise_comment(exercise)
                assert comment.auto_comment.startswith(reports.check_output(exercise))
        assert "carol" in {s.id for s in gb.students}
        assert "carol" not in {s.student_id for s in gb.assignment_submissions(ASSIGNMENT)}, "no fake 0"


# ----------------------------------------------------------------------------- adjusted by hand, then regraded
@pytest.fixture(scope="module")
def regraded(graded):
    """In the gradebook, as Formgrader sets them: alice's L2 given full points by hand (its check
    passed), bob 0.5 extra credit and a comment on basic_sigmoid. Then alice hands in a wrong L2
    and is graded again, alone."""
    with Gradebook(graded["db_url"]) as gb:
        l2 = gb.find_grade("L2_check", NOTEBOOK, ASSIGNMENT, "alice")
        l2.manual_score = 1.0
        extra = gb.find_grade("basic_sigmoid_check", NOTEBOOK, ASSIGNMENT, "bob")
        extra.extra_credit = 0.5
        gb.find_comment("basic_sigmoid", NOTEBOOK, ASSIGNMENT, "bob").manual_comment = "Good start."
        gb.db.commit()
        ids = {"l2": l2.id, "extra": extra.id}
    path = graded["handed"]["alice"]
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if grade_id(cell) == "L2":
            cell.source = "import numpy as np\n\ndef L2(yhat, y):\n    return float(np.sum(y - yhat))\n"
    nbformat.write(nb, path)
    results, printed = grade(graded["course"], graded["folder"], student="alice")
    return {**graded, "ids": ids, "again": results["alice"], "printed_again": printed}


def test_a_manual_score_survives_a_regrade_in_the_same_gradebook_entry(regraded):
    with Gradebook(regraded["db_url"]) as gb:
        l2 = gb.find_grade("L2_check", NOTEBOOK, ASSIGNMENT, "alice")
        assert (l2.id, l2.auto_score, l2.manual_score, l2.score) == (regraded["ids"]["l2"], 0.0, 1.0, 1.0)
        assert l2.needs_manual_grade, "its auto score changed under it: Formgrader asks for a look"
        extra = gb.find_grade("basic_sigmoid_check", NOTEBOOK, ASSIGNMENT, "bob")
        assert (extra.id, extra.extra_credit) == (regraded["ids"]["extra"], 0.5)
        assert gb.find_submission(ASSIGNMENT, "alice").score == regraded["results"]["alice"].total
    first = regraded["results"]["alice"].total
    assert regraded["again"].total == first, "the manual score counts in the returned result"
    history = gradebook.history(regraded["course"], ASSIGNMENT, "alice")
    assert [h["total"] for h in history] == [first, first - 1], "the history keeps what the checks gave"


def sheet(path, key="student"):
    with open(path, newline="", encoding="utf-8") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def test_the_sheet_the_summary_and_the_feedback_flag_the_manual_adjustments(regraded):
    course = regraded["course"]
    rows = sheet(course / "reports" / ASSIGNMENT / "grades.csv")
    flag = f"{reports.ADJUSTED}: {NOTEBOOK}:L2_check 1 / 1 (the checks gave 0)"
    assert rows["alice"][f"{NOTEBOOK}:L2_check"] == "1" and rows["alice"]["reason"].startswith(flag)
    assert rows["bob"][f"{NOTEBOOK}:basic_sigmoid_check"] == "0.5"
    assert f"{reports.ADJUSTED}: {NOTEBOOK}:basic_sigmoid_check 0.5 extra credit" in rows["bob"]["reason"]
    assert f"  alice: {flag}" in regraded["printed_again"].splitlines()
    page = (course / "feedback" / "alice" / ASSIGNMENT / "feedback.html").read_text(encoding="utf-8")
    assert f"{reports.ADJUSTED}: 1 / 1 (the checks gave 0)" in page
    assert "Failed at the values check" in page, "the verdict stays the checks' own"


def page_text(path):
    """The text a browser shows of an HTML page (code highlighting splits it into many tags)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def nbgrader(course, *args):
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DNN_GRADEBOOK_URL")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_nbgrader_export_reads_the_same_numbers_as_our_exports_and_no_zero_for_the_not_graded(regraded, tmp_path):
    course = regraded["course"]
    nbgrader(course, "export", f"--to={tmp_path / 'nbgrader.csv'}")  # the course's plugin, found by nbgrader itself
    theirs = sheet(tmp_path / "nbgrader.csv", "student_id")
    cli.export(course, ASSIGNMENT, tmp_path / "ours.csv")
    cli.export(course, ASSIGNMENT, tmp_path / "canvas.csv", "canvas")
    cli.export(course, ASSIGNMENT, tmp_path / "moodle.csv", "moodle")
    ours = sheet(tmp_path / "ours.csv")
    canvas = {row["Student"]: row[ASSIGNMENT] for row in sheet(tmp_path / "canvas.csv", "Student").values()
              if "Points Possible" not in row["Student"]}
    moodle = {row["Full name"]: row["Grade"] for row in sheet(tmp_path / "moodle.csv", "Full name").values()}
    assert sorted(theirs) == sorted(ours) == sorted(canvas) == sorted(moodle) == ["alice", "bob", "carol"]
    for student in ("alice", "bob"):
        assert float(theirs[student]["score"]) == float(ours[student]["total"]) == float(canvas[student]) \
            == float(moodle[student])
        assert theirs[student]["status"] == ours[student]["status"] == "graded"
    assert float(theirs["alice"]["score"]) == regraded["results"]["alice"].total, "alice's manual score"
    assert float(theirs["bob"]["score"]) == 0.5, "bob's extra credit"
    assert theirs["alice"]["reason"] == f"{reports.ADJUSTED}: {NOTEBOOK}:L2_check"
    assert theirs["carol"]["score"] == ours["carol"]["total"] == canvas["carol"] == moodle["carol"] == "", "never a 0"
    assert theirs["carol"]["status"] == ours["carol"]["status"] == "not graded"
    assert "not valid JSON" in theirs["carol"]["reason"]


def test_nbgrader_generate_feedback_writes_feedback_from_the_gradebook_and_ours_beside_it(regraded):
    course = regraded["course"]
    ours = course / "feedback" / "alice" / ASSIGNMENT / "feedback.html"
    ours.unlink()
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    pages = {student: page_text(course / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html")
             for student in ("alice", "bob")}
    for page in pages.values():
        assert "def basic_sigmoid(x):" in page and "Public checks of basic_sigmoid" in page
        assert not any(secret in page for secret in SECRETS)
    assert "return float(np.sum(y - yhat))" in pages["alice"], "her code as graded"
    total = regraded["results"]["alice"].total
    assert f"{NOTEBOOK} (Score: {total:.1f} / {total:.1f})" in pages["alice"], "the gradebook's score, her manual one in"
    assert "Good start." in pages["bob"], "the comment set by hand"
    assert f"{reports.ADJUSTED}: 1 / 1 (the checks gave 0)" in ours.read_text(encoding="utf-8"), "ours, written again"
    bob = (course / "feedback" / "bob" / ASSIGNMENT / "feedback.html").read_text(encoding="utf-8")
    assert "your grader&#x27;s comment: Good start." in bob and f"{reports.ADJUSTED}: 0.5 extra credit" in bob


def test_nbgraders_own_autograde_refuses_and_changes_nothing(graded):
    """`nbgrader autograde` (and Formgrader's Autograde button, the same class) would run the hand-ins
    outside the sandbox and replace autograded/<student>/<assignment>/ with the records: it refuses."""
    course = graded["course"]
    before = {p: p.read_bytes() for p in sorted((course / "autograded").rglob("*")) if p.is_file()}
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DNN_GRADEBOOK_URL")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], cwd=course, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "This course grades with `python3 course.py grade" in done.stdout + done.stderr
    assert {p: p.read_bytes() for p in sorted((course / "autograded").rglob("*")) if p.is_file()} == before


# ----------------------------------------------------------------------------- --db-url: PostgreSQL
def test_export_and_feedback_read_a_postgresql_gradebook_with_db_url(postgres_url, tmp_path, capsys):  # noqa: F811
    course = copy_course(tmp_path / "autograder")
    gradebook.sync_assignment(course, ASSIGNMENT, postgres_url)
    exercises = tuple(ExerciseResult(e.notebook, e.grade_id, 0.0, e.points, "m")
                      for e in masters.all_exercises(course, ASSIGNMENT))
    gradebook.store([SubmissionResult("dana", ASSIGNMENT, GRADED, "", exercises),
                     not_graded("eli", ASSIGNMENT, "empty file")], course, postgres_url)
    with Gradebook(gradebook.sqlalchemy_url(postgres_url)) as gb:
        gb.find_grade(exercises[0].grade_id, exercises[0].notebook, ASSIGNMENT, "dana").manual_score = 1.0
        gb.db.commit()
    out = tmp_path / "grades.csv"
    assert cli.main(["--course", str(course), "export", ASSIGNMENT, str(out), "--db-url", postgres_url]) == 0
    rows = sheet(out)
    assert (rows["dana"]["total"], rows["eli"]["total"], rows["eli"]["status"]) == ("1", "", "not graded")
    assert cli.main(["--course", str(course), "feedback", ASSIGNMENT, "--db-url", postgres_url]) == 0
    page = (course / "feedback" / "dana" / ASSIGNMENT / "feedback.html").read_text(encoding="utf-8")
    assert "Total: 1 / " in page and reports.ADJUSTED in page
    capsys.readouterr()
    assert cli.main(["--course", str(course), "feedback", ASSIGNMENT]) == 1, "the default gradebook is not that one"
    assert "No gradebook in sqlite:///" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the graded copy, cell by cell
def test_the_graded_copy_keeps_the_last_of_two_answers_retypes_an_answer_and_drops_unknown_ids():
    master = Path(cli.COURSE) / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    released = cli.student_version(master)
    nb = json.loads(nbformat.writes(released))
    ids = [grade_id(c) for c in nb["cells"]]
    first, second = nb["cells"][ids.index("sigmoid")], nb["cells"][ids.index("L1")]
    nb["cells"].insert(ids.index("sigmoid") + 1, {**copy.deepcopy(first), "id": "mine", "source": "def sigmoid(x):\n    return 2\n"})
    second["cell_type"] = "markdown"  # retyped by mistake
    del second["outputs"], second["execution_count"]
    nb["cells"].append({**copy.deepcopy(first), "id": "stray", "metadata": {"nbgrader": {
        "grade_id": "tanh", "solution": True, "grade": False, "locked": False, "schema_version": 3}}})
    exercise = ExerciseResult(NOTEBOOK, "L1_check", 0.0, 1.0, "Public checks of L1:\n  FAIL  call  L1 is not defined")
    graded = layout.graded_notebook(nb, released, {"L1_check": exercise})
    nbformat.validate(graded)
    MetadataValidator().validate_nb(graded)
    sigmoids = [c for c in graded.cells if grade_id(c) == "sigmoid"]
    assert [c.source for c in sigmoids] == ["def sigmoid(x):\n    return 2\n"], "the last copy keeps the grade id"
    assert "".join(first["source"]) in [c.source for c in graded.cells if not grade_id(c)], "the other copy stays, plain"
    l1 = next(c for c in graded.cells if grade_id(c) == "L1")
    assert l1.cell_type == "code" and l1.outputs == []
    check = next(c for c in graded.cells if grade_id(c) == "L1_check")
    assert [o.text for o in check.outputs] == [reports.check_output(exercise)]
    assert "tanh" not in {grade_id(c) for c in graded.cells}, "a grade id the notebook does not have"
    assert len({c.id for c in graded.cells}) == len(graded.cells)


def test_an_adjusted_exercise_keeps_the_checks_verdict_and_is_flagged():
    failed = ExerciseResult(NOTEBOOK, "L1_check", 1.0, 1.0, "Public checks of L1:\n  FAIL  values    loss is off\n",
                            notes=(f"{reports.ADJUSTED}: 1 / 1 (the checks gave 0)",))
    passed = ExerciseResult(NOTEBOOK, "L2_check", 1.5, 1.0, "Public checks of L2:\n  PASS  values  ok\nL2: all checks passed",
                            notes=(f"{reports.ADJUSTED}: 0.5 extra credit",))
    assert reports.verdict(failed) == "Failed at the values check of the public checks: loss is off"
    assert reports.verdict(passed) == "All checks passed."
    result = SubmissionResult("zoe", ASSIGNMENT, GRADED, "", (failed, passed))
    assert reports.adjusted_note(result) == (f"{reports.ADJUSTED}: {NOTEBOOK}:L1_check 1 / 1 (the checks gave 0); "
                                             f"{NOTEBOOK}:L2_check 0.5 extra credit")
    assert f"  zoe: {reports.adjusted_note(result)}" in reports.summary([result]).splitlines()


def test_a_hand_in_graded_from_the_courses_own_submitted_folder_is_stored_in_place(graded):
    course, bob = graded["course"], graded["results"]["bob"]
    folder = course / "submitted" / "dana" / ASSIGNMENT
    try:
        handed = write(graded["released"], folder / f"{NOTEBOOK}.ipynb")
        (folder / "notes.txt").write_text("mine")
        write(graded["released"], folder / "draft.ipynb")  # not part of the hand-in
        before = handed.read_bytes()
        result = SubmissionResult("dana", ASSIGNMENT, GRADED, "", bob.exercises, submitted="2026-03-03T08:00:00+00:00")
        layout.store_hand_in(course, result, (handed,))
        assert handed.read_bytes() == before
        assert (folder / "timestamp.txt").read_text() == "2026-03-03 08:00:00.000000 UTC"
        assert sorted(p.name for p in folder.iterdir()) == [f"{NOTEBOOK}.ipynb", "draft.ipynb", "notes.txt", "timestamp.txt"]
        assert (course / "autograded" / "dana" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()
    finally:
        shutil.rmtree(course / "submitted" / "dana", ignore_errors=True)
        shutil.rmtree(course / "autograded" / "dana", ignore_errors=True)
