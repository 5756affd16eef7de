"""Grades from nbgrader's gradebook as the files an LMS imports, and as `nbgrader export` writes them.

    canvas -- Canvas's gradebook import (Grades > Import): the columns Student, ID, SIS User ID,
              SIS Login ID, Section, then the assignment's column, whose second row, "Points
              Possible", holds its points. Canvas finds the student by ID (its user id), else by
              SIS User ID.
    moodle -- Moodle's grading worksheet (the assignment's "Upload grading worksheet"): Identifier
              ("Participant <id>", the id of Moodle's download folders), Grade, Last modified
              (grade); with Full name, Email address and ID number beside them, so that the
              gradebook's "Import > CSV file" can map a student by email or ID number instead.

A student the gradebook knows but who has no submission of the assignment (never graded, or not
graded: why) gets an EMPTY grade, which both LMSs leave alone, never a 0. The score is nbgrader's:
the submission's score (manual adjustments included) less its late penalty, as `nbgrader export`
computes it. Each is also an nbgrader export plugin:

    nbgrader export --exporter=autograder.grading.exports.CanvasExport --assignment=week2 --to=canvas.csv
    (--CanvasExport.roster=roster.csv adds the roster's SIS ids, emails and sections)

CsvExport is the course's `nbgrader export` (nbgrader_config.py sets it): nbgrader's own CSV, its
columns and numbers (raw_score the submission's score, manual scores and extra credit included;
score that less the late penalty), with two more, status and reason, and an empty score, never 0,
for a student without a grade: "not graded" (their record, result.json, says why) or "no
submission".
"""
import csv
import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.plugins import ExportPlugin
from traitlets import Unicode

from . import roster as rosters
from .gradebook import ATTEMPT, GradebookError, load_results, read_result, result_path
from .outcome import NOT_GRADED
from .reports import ADJUSTED, number, sheet_text

FORMATS = ("canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "ID number", "Grade", "Maximum Grade",
                  "Last modified (grade)"]


@dataclass(frozen=True)
class Grade:
    """One student's grade of one assignment: score None when not graded."""

    who: rosters.Student
    score: float | None


def grades(gb, assignment, roster=None):
    """The Grades of every student the gradebook (or the roster) knows, by id, and the points possible."""
    record = gb.find_assignment(assignment)
    submitted = {s.student_id: s for s in gb.assignment_submissions(assignment)}
    people = {s.id: rosters.Student(s.id, " ".join(filter(None, (s.first_name, s.last_name))), s.email or "",
                                    lms_id=s.lms_user_id or "") for s in gb.students}
    for listed in roster or ():
        known = people.get(listed.id, listed)
        people[listed.id] = replace(listed, name=listed.name or known.name, email=listed.email or known.email,
                                    lms_id=known.lms_id or listed.lms_id)
    rows = []
    for student_id, who in sorted(people.items()):
        submission = submitted.get(student_id)
        score = None if submission is None else max(0.0, submission.score - (submission.late_submission_penalty or 0))
        rows.append(Grade(who, score))
    return rows, record.max_score


def canvas_id(who):
    """Canvas's user id of a student: the LMS id, else an id that is all digits (Canvas's are)."""
    return who.lms_id if who.lms_id.isdigit() else who.id if who.id.isdigit() else ""


def sortable(name):
    """A name as Canvas's Student column sorts it: "Alice Smith" -> "Smith, Alice"."""
    first, _, last = name.rpartition(" ")
    return f"{last}, {first}" if first else name


def write_canvas(rows, points, assignment, path):
    """Canvas's gradebook import CSV; returns notes on the students Canvas cannot find."""
    notes = []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*CANVAS_COLUMNS, assignment])
        writer.writerow(["    Points Possible", "", "", "", "", number(points)])
        for row in rows:
            who = row.who
            if not canvas_id(who) and not who.sis_id:
                notes.append(f"{who.id}: no Canvas user id or SIS id, so Canvas cannot find them: grade a Canvas "
                             "download, or give a roster whose id is Canvas's user id")
            writer.writerow([sheet_text(sortable(who.name or who.id)), canvas_id(who), sheet_text(who.sis_id), "",
                             sheet_text(who.section), "" if row.score is None else number(row.score)])
    return notes


def write_moodle(rows, points, assignment, path):
    """Moodle's grading worksheet CSV; returns notes on the students Moodle cannot find."""
    notes = []
    modified = datetime.now(timezone.utc).isoformat(timespec="seconds")  # newer than Moodle's grades: it imports them
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MOODLE_COLUMNS)
        for row in rows:
            who = row.who
            participant = who.lms_id if who.lms_id.isdigit() else who.id if who.id.isdigit() else ""
            if not participant and not who.email and not who.sis_id:
                notes.append(f"{who.id}: no Moodle participant id, email or ID number, so Moodle cannot find them: "
                             "grade a Moodle download, or give a roster with their emails")
            writer.writerow([f"Participant {participant}" if participant else "", sheet_text(who.name or who.id),
                             sheet_text(who.email), sheet_text(who.sis_id),
                             "" if row.score is None else number(row.score), number(points), modified])
    return notes


WRITERS = {"canvas": write_canvas, "moodle": write_moodle}


def export(gb, assignment, path, lms, roster=None):
    """Write `assignment`'s grades from the gradebook `gb` for `lms` ("canvas" or "moodle") to `path`.
    Returns (number of students written, notes on students the LMS cannot find)."""
    rows, points = grades(gb, assignment, roster)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return len(rows), WRITERS[lms](rows, points, assignment, path)


class LmsExport(ExportPlugin):
    """An nbgrader export plugin writing one assignment (--assignment) for an LMS."""

    lms = ""
    roster = Unicode("", help="a roster CSV (id, name, email, sis_id, section): the students' SIS ids, "
                              "emails and sections").tag(config=True)

    def export(self, gradebook):
        names = [str(a) for a in self.assignment] or [a.name for a in gradebook.assignments]
        if len(names) != 1:
            self.log.error("Give one assignment to export for %s: --assignment=<assignment> (the gradebook has %s).",
                           self.lms, ", ".join(a.name for a in gradebook.assignments) or "none")
            raise SystemExit(1)
        path = self.to or f"{names[0]}-{self.lms}.csv"
        try:
            count, notes = export(gradebook, names[0], path, self.lms, rosters.read(self.roster) if self.roster else None)
        except ValueError as exc:  # a roster problem, said with its line
            self.log.error("%s", exc)
            raise SystemExit(1) from None
        for note in notes:
            self.log.warning(note)
        self.log.info("Wrote %d students to %s", count, path)


class CanvasExport(LmsExport):
    """Canvas's gradebook import CSV (Grades > Import)."""

    lms = "canvas"


class MoodleExport(LmsExport):
    """Moodle's grading worksheet CSV (the assignment's Upload grading worksheet)."""

    lms = "moodle"


NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]  # nbgrader's CsvExportPlugin's
NO_SUBMISSION = "no submission"


class CsvExport(ExportPlugin):
    """`nbgrader export` for this course: nbgrader's CSV with status and reason columns, and an
    empty score for a student without a grade ("not graded" or "no submission"), never 0."""

    def export(self, gradebook):
        coursedir = getattr(self.parent, "coursedir", None)
        course = coursedir.root if coursedir is not None else os.getcwd()
        wanted_students, wanted = {str(s) for s in self.student}, {str(a) for a in self.assignment}
        path = self.to or "grades.csv"
        self.log.info("Exporting grades to %s", path)
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, NBGRADER_COLUMNS + ["status", "reason"])
            writer.writeheader()
            for assignment in gradebook.assignments:
                if wanted and assignment.name not in wanted:
                    continue
                records = {r.student: r for r in load_results(course, assignment.name)}
                submitted = {s.student_id: s for s in gradebook.assignment_submissions(assignment.name)}
                for student in gradebook.students:
                    if wanted_students and student.id not in wanted_students:
                        continue
                    writer.writerow(csv_row(course, assignment, student, submitted.get(student.id),
                                            records.get(student.id)))


def adjusted_cells(submission):
    """"manually adjusted in the gradebook: <notebook>:<cell>, ..." for a submission with grades set by hand, or ""."""
    cells = [f"{notebook.name}:{grade.name}" for notebook in submission.notebooks for grade in notebook.grades
             if grade.manual_score is not None or grade.extra_credit]
    return f"{ADJUSTED}: {', '.join(cells)}" if cells else ""


def later_attempt(course, student, assignment):
    """The note on a grade that stands because a later hand-in could not be graded, or ""."""
    attempt = result_path(course, student, assignment).with_name(ATTEMPT)
    if not attempt.exists():
        return ""
    try:
        return f"a later hand-in was not graded ({read_result(attempt).reason}); this grade stands"
    except GradebookError:
        return "a later hand-in was not graded; this grade stands"


def csv_row(course, assignment, student, submission, record):
    """One student's row of CsvExport: nbgrader's numbers when they have a submission (the reason
    says what was adjusted by hand, and whether a later hand-in could not be graded), else empty
    ones with the status and the reason of their record (result.json)."""
    row = {"assignment": assignment.name, "duedate": assignment.duedate or "", "student_id": student.id,
           "last_name": sheet_text(student.last_name or ""), "first_name": sheet_text(student.first_name or ""),
           "email": sheet_text(student.email or ""), "max_score": number(assignment.max_score)}
    if submission is None:
        not_graded = record is not None and record.status == NOT_GRADED
        return {**row, "timestamp": "", "raw_score": "", "late_submission_penalty": "", "score": "",
                "status": NOT_GRADED if not_graded else NO_SUBMISSION,
                "reason": sheet_text(record.reason) if not_graded else ""}
    penalty = submission.late_submission_penalty or 0.0
    return {**row, "timestamp": submission.timestamp or "", "raw_score": number(submission.score),
            "late_submission_penalty": number(penalty), "score": number(max(0.0, submission.score - penalty)),
            "status": "graded", "reason": sheet_text("; ".join(filter(None, (
                adjusted_cells(submission), later_attempt(course, student.id, assignment.name)))))}
