"""Every grade kept: each store appends the student's history (time, status, points), a grade stored
before history existed joins it, a record written before a field was added still loads, and a
master whose points changed flags the students graded under the old points."""
import csv
import json
from dataclasses import asdict
from datetime import datetime

import pytest

from autograder.grading import gradebook, reports
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult, not_graded
from notebook_tools import copy_course

ASSIGNMENT = "week2"
L1, SIGMOID = ("01_numpy_basics", "L1_check"), ("01_numpy_basics", "basic_sigmoid_check")


def result(student, l1, sigmoid=1.0, l1_out_of=1.0):
    exercises = (ExerciseResult(*SIGMOID, sigmoid, 1.0, "m", code="def basic_sigmoid(x): ..."),
                 ExerciseResult(*L1, l1, l1_out_of, "m", notes=("a note",)))
    return SubmissionResult(student, ASSIGNMENT, GRADED, "", exercises, 1.0)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    gradebook.sync_assignment(course, ASSIGNMENT, gradebook.default_db_url(course))
    return course


def store(course, *results):
    return gradebook.store(results, course, gradebook.default_db_url(course))


def test_every_store_of_a_student_is_kept_in_order_with_its_time_and_points(course):
    store(course, result("alice", 0.0))
    store(course, result("alice", 1.0), result("bob", 0.5))
    store(course, not_graded("alice", ASSIGNMENT, "not valid JSON"))
    history = gradebook.history(course, ASSIGNMENT, "alice")
    assert [(h["status"], h["total"], h["max_score"]) for h in history] == [
        ("graded", 1.0, 2.0), ("graded", 2.0, 2.0), ("not graded", None, None)]
    assert history[0]["points"] == {"01_numpy_basics:basic_sigmoid_check": 1.0, "01_numpy_basics:L1_check": 0.0}
    assert history[0]["max_points"] == {"01_numpy_basics:basic_sigmoid_check": 1.0, "01_numpy_basics:L1_check": 1.0}
    assert history[2]["reason"] == "not valid JSON"
    times = [datetime.fromisoformat(h["time"]) for h in history]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)
    assert gradebook.load_results(course, ASSIGNMENT)[0] == result("alice", 1.0), "the failed attempt deleted nothing"
    everyone = gradebook.history(course, ASSIGNMENT)
    assert [(h["student"], h["total"]) for h in everyone] == [("alice", 1.0), ("alice", 2.0), ("alice", None), ("bob", 1.5)]


def test_a_grade_stored_before_history_was_kept_joins_the_history(course):
    record = gradebook.result_path(course, "carol", ASSIGNMENT)
    record.parent.mkdir(parents=True)
    old = asdict(result("carol", 0.0))
    for exercise in old["exercises"]:  # a record of a grader that had no code, added cells or notes yet
        del exercise["code"], exercise["added"], exercise["notes"]
    record.write_text(json.dumps(old))
    loaded = gradebook.read_result(record)
    assert loaded.total == 1.0 and all(e.code == "" and e.added == () and e.notes == () for e in loaded.exercises)
    store(course, result("carol", 1.0))
    first, second = gradebook.history(course, ASSIGNMENT, "carol")
    assert (first["total"], second["total"]) == (1.0, 2.0)
    assert "before" in first["note"] and "note" not in second


def test_a_record_round_trips_with_its_code_added_cells_and_notes(course):
    graded = SubmissionResult("dave", ASSIGNMENT, GRADED, "", (
        ExerciseResult(*L1, 1.0, 1.0, "m", code="def L1(yhat, y):\n    pass\n", added=("x = 1\n",), notes=("n1", "n2")),))
    store(course, graded)
    assert gradebook.read_result(gradebook.result_path(course, "dave", ASSIGNMENT)) == graded


def test_history_sheet_lists_every_grade_of_every_student(course, tmp_path):
    path = reports.write_history(gradebook.history(course, ASSIGNMENT), tmp_path / "history.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    alice = [row for row in rows if row["student"] == "alice"]
    assert [(row["status"], row["total"], row["max_score"]) for row in alice] == [
        ("graded", "1", "2"), ("graded", "2", "2"), ("not graded", "", "")]
    assert alice[2]["reason"] == "not valid JSON"


# ---- a master's points changed since some students were graded

NOW = {"01_numpy_basics:basic_sigmoid_check": 1.0, "01_numpy_basics:L1_check": 3.0}


def test_students_graded_under_other_points_are_flagged(tmp_path):
    results = [result("alice", 1.0), result("bob", 2.0, l1_out_of=3.0), not_graded("carl", ASSIGNMENT, "empty file")]
    assert reports.old_points(results, NOW) == {"alice": "01_numpy_basics:L1_check was out of 1, now 3"}
    _, rows = read_sheet(reports.write_grade_sheet(results, tmp_path / "grades.csv", NOW))
    assert rows["alice"]["reason"] == "graded under the old points (01_numpy_basics:L1_check was out of 1, now 3): regrade them"
    assert rows["bob"]["reason"] == "" and rows["carl"]["reason"] == "empty file"
    summary = reports.summary(results, NOW)
    assert "  graded under the old points: alice (01_numpy_basics:L1_check was out of 1, now 3): regrade them" \
        in summary.splitlines()
    assert "bob" not in summary


def test_an_exercise_added_or_removed_flags_too():
    added = {**NOW, "01_numpy_basics:L2_check": 1.0}
    assert reports.old_points([result("bob", 2.0, l1_out_of=3.0)], added) == {
        "bob": "01_numpy_basics:L2_check is new"}
    removed = {"01_numpy_basics:L1_check": 3.0}
    assert reports.old_points([result("bob", 2.0, l1_out_of=3.0)], removed) == {
        "bob": "01_numpy_basics:basic_sigmoid_check was removed"}


def read_sheet(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, {row["student"]: row for row in reader}


def test_export_writes_the_history(course, tmp_path, capsys):
    from autograder import cli

    cli.export(course, ASSIGNMENT, tmp_path / "history.csv", history=True)
    with open(tmp_path / "history.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["student"] for row in rows][:3] == ["alice"] * 3 and "wrote" in capsys.readouterr().out
    with pytest.raises(cli.CommandError, match="No grades of week3 stored yet"):
        cli.export(course, "week3", tmp_path / "none.csv", history=True)
