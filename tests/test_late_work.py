"""Late work: a due date (the gradebook's, or --due), a time for each hand-in (nbgrader's
timestamp.txt, the roster's submitted_at, the LMS's LATE flag), a per-hour penalty by an nbgrader
LateSubmissionPlugin, shown in the grade sheet and the feedback. Grading itself is pretended (full
marks, no sandbox): what is tested is what happens around it."""
import csv
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest

from autograder import cli, masters
from autograder.grading import batch, gradebook
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult
from notebook_tools import copy_course

ASSIGNMENT = "week2"
DUE = datetime(2026, 12, 1, 23, 59, tzinfo=timezone.utc)


def full_marks(course, assignment, hand_in, settings=batch.Settings()):
    exercises = tuple(ExerciseResult(e.notebook, e.grade_id, float(e.points), float(e.points), "all checks passed")
                      for e in masters.all_exercises(course, assignment))
    return SubmissionResult(hand_in.student, assignment, GRADED, "", exercises)


@pytest.fixture(autouse=True)
def pretend_grading(monkeypatch):
    monkeypatch.setattr(batch, "grade_submission", full_marks)


@pytest.fixture
def course(tmp_path):
    return copy_course(tmp_path / "autograder")


def nbgrader_hand_in(folder, course, student, timestamp):
    """<folder>/<student>/week2/: the masters and nbgrader's timestamp.txt."""
    target = folder / student / ASSIGNMENT
    target.mkdir(parents=True)
    for master in sorted((course / "source" / ASSIGNMENT).glob("*.ipynb")):
        shutil.copy(master, target / master.name)
    (target / "timestamp.txt").write_text(timestamp)


def grade(course, folder, **options):
    with ThreadPoolExecutor(1) as executor:
        results = batch.grade_class(course, ASSIGNMENT, folder, executor=executor,
                                    settings=batch.Settings(isolated=False), **options)
    return {r.student: r for r in results}


def sheet(course):
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def feedback(course, student):
    return (course / "feedback" / student / ASSIGNMENT / "feedback.html").read_text(encoding="utf-8")


def test_a_hand_in_after_the_due_date_gets_the_penalty_one_before_none(course, tmp_path):
    folder = tmp_path / "class"
    nbgrader_hand_in(folder, course, "late", "2026-12-02 02:30:00.000000 UTC")  # 2 h 31 min: 3 hours begun
    nbgrader_hand_in(folder, course, "ontime", "2026-12-01 20:00:00.000000 UTC")
    results = grade(course, folder, due=DUE, late_penalty_per_hour=1)
    out_of = results["late"].max_score
    assert results["late"].penalty == 3 and results["late"].total == out_of - 3
    assert results["late"].late_seconds == 2 * 3600 + 31 * 60
    assert results["ontime"].penalty == 0 and results["ontime"].late_seconds == 0 and results["ontime"].total == out_of
    rows = sheet(course)
    assert rows["late"]["late_by"] == "2 h 31 min" and rows["late"]["penalty"] == "3"
    assert rows["late"]["total"] == f"{out_of - 3:g}" and rows["late"]["submitted"] == "2026-12-02T02:30:00+00:00"
    assert rows["ontime"]["late_by"] == "" and rows["ontime"]["penalty"] == "0"
    page = feedback(course, "late")
    assert "Handed in 2 h 31 min late" in page and "3 points were taken off" in page
    assert f"Total: {out_of - 3:g} / {out_of:g}" in page
    assert 'class="late"' not in feedback(course, "ontime")
    with gradebook.open_gradebook(gradebook.default_db_url(course)) as gb:  # nbgrader sees the same lateness
        submitted = gb.find_submission(ASSIGNMENT, "late")
        assert submitted.total_seconds_late == results["late"].late_seconds
        assert sum(n.late_submission_penalty or 0 for n in submitted.notebooks) == 3


def test_the_penalty_never_takes_a_total_below_zero(course, tmp_path):
    folder = tmp_path / "class"
    nbgrader_hand_in(folder, course, "verylate", "2026-12-20 10:00:00 UTC")
    result = grade(course, folder, due=DUE, late_penalty_per_hour=1)["verylate"]
    assert result.total == 0 and result.penalty == result.max_score
    assert sheet(course)["verylate"]["total"] == "0"


def test_no_penalty_by_default_but_the_lateness_is_shown(course, tmp_path):
    folder = tmp_path / "class"
    nbgrader_hand_in(folder, course, "late", "2026-12-02 00:59:00 UTC")
    result = grade(course, folder, due=DUE)["late"]
    assert result.late_seconds == 3600 and result.penalty == 0 and result.total == result.max_score
    assert sheet(course)["late"]["late_by"] == "1 h"
    assert "no points were taken off" in feedback(course, "late")


def test_the_due_date_comes_from_nbgraders_assignment_record(course, tmp_path):
    folder = tmp_path / "class"
    nbgrader_hand_in(folder, course, "late", "2026-12-02 01:00:00 UTC")
    grade(course, folder)  # no due date yet: nobody is late
    assert gradebook.due_date(ASSIGNMENT, gradebook.default_db_url(course)) is None
    assert "late_by" not in next(iter(sheet(course).values()))
    with gradebook.open_gradebook(gradebook.default_db_url(course)) as gb:  # as `nbgrader db assignment add --duedate`
        gb.update_or_create_assignment(ASSIGNMENT, duedate=DUE.replace(tzinfo=None))
    result = grade(course, folder, late_penalty_per_hour=0.5)["late"]
    assert result.late_seconds == 61 * 60 and result.penalty == 1.0


def test_the_due_option_is_recorded_in_the_gradebook(course, tmp_path, monkeypatch):
    folder = tmp_path / "class"
    nbgrader_hand_in(folder, course, "late", "2026-12-02 01:00:00 UTC")
    monkeypatch.setattr(batch, "ProcessPoolExecutor", ThreadPoolExecutor)
    cli.main(["--course", str(course), "grade", ASSIGNMENT, str(folder), "--workers", "1", "--no-sandbox",
              "--due", "2026-12-01 23:59", "--late-penalty-per-hour", "2"])
    assert gradebook.due_date(ASSIGNMENT, gradebook.default_db_url(course)) == DUE
    assert sheet(course)["late"]["penalty"] == "4"


def test_a_due_option_that_is_no_time_is_named():
    with pytest.raises(cli.CommandError, match=r"--due 'tomorrow' is not a date and time: give it as"):
        cli.due_time("tomorrow")


def test_the_lms_late_flag_without_a_time_is_noted_and_costs_nothing(course, tmp_path):
    folder = tmp_path / "canvas"
    folder.mkdir()
    for master in sorted((course / "source" / ASSIGNMENT).glob("*.ipynb")):
        shutil.copy(master, folder / f"smithalice_LATE_1001_50001_{master.name}")
    result = grade(course, folder, due=DUE, late_penalty_per_hour=1)["1001"]
    assert result.penalty == 0 and result.total == result.max_score
    assert "the LMS marks it LATE but gives no time: no late penalty was applied" in result.reason
    assert "no late penalty was applied" in sheet(course)["1001"]["reason"]
    assert "no late penalty was applied" in feedback(course, "1001")


def test_the_rosters_submitted_at_column_is_the_time(course, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for master in sorted((course / "source" / ASSIGNMENT).glob("*.ipynb")):
        shutil.copy(master, folder / f"ana__{master.stem}.ipynb")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,submitted_at\nana,Ana Lima,2026-12-02 00:30\n", encoding="utf-8")
    from autograder.grading import roster as rosters

    result = grade(course, folder, due=DUE, late_penalty_per_hour=1, roster=rosters.read(roster))["ana"]
    assert result.late_seconds == 31 * 60 and result.penalty == 1
    assert "from the roster's submitted_at" in result.reason
