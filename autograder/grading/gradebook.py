"""nbgrader's gradebook is the record of a grading run (SQLite by default, PostgreSQL by db_url),
with each hand-in in nbgrader's layout beside it and a JSON record of what nbgrader cannot hold.

For each graded student, as nbgrader's own autograde leaves it (so Formgrader lists, opens and
adjusts it, and `nbgrader generate_feedback` and `nbgrader export` work on it; layout.py writes the
files):
    <course>/submitted/<student>/<assignment>/<notebook>.ipynb  -- the notebooks as handed in, and
        timestamp.txt, when they were handed in (nbgrader's format)
    <course>/autograded/<student>/<assignment>/<notebook>.ipynb -- the graded copy: the student's
        cells, each check cell as released with the judge's message as its output, and timestamp.txt
    the gradebook -- a submission with its time, an auto_score per check cell, the judge's message as
        the auto_comment of each answer cell, and the late penalty per notebook
A student who could not be graded has no submission there (nbgrader would show a fake 0); their
status and reason live in the JSON record every result gets,
<course>/autograded/<student>/<assignment>/result.json, which load_results reads back.

A regrade updates the student's submission in place: the auto scores and comments are the new
ones, what was set by hand in Formgrader (a manual score, extra credit, a manual comment) stays. A
cell whose manual score stays while its auto score changed is marked "needs manual grade" for
Formgrader, as nbgrader's own autograde does. Numbers are read back from the gradebook
(as_recorded): a manual score when set, else the auto score, plus extra credit, less the late
penalty, as `nbgrader export` computes them; reports flag each manually adjusted exercise.

A regrade never deletes a grade: when a student's new hand-in cannot be graded, their earlier
submission, files and graded record stay; the failed attempt is recorded beside it as
not_graded.json, until a later grade replaces both. And every result stored, graded or not, is
appended to history.jsonl beside them, with its time and the points it had out of what (`history`
reads it): a regrade replaces the grade of record, never its past.

nbgrader.api is imported inside the functions: importing nbgrader takes seconds, and the grading
workers, which import this package, never need it.
"""
import json
import re
import shutil
import tempfile
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path

from ..nbgrader_command import NbgraderFailed, run_nbgrader
from . import layout, reports
from .outcome import from_json


class GradebookError(ValueError):
    """The gradebook or a stored result is not what grading needs; the message says how to fix it."""


def default_db_url(course):
    """The course's own SQLite gradebook, as nbgrader_config.py sets it."""
    return f"sqlite:///{Path(course).resolve()}/gradebook.db"


def sync_assignment(course, assignment, db_url):
    """Record the assignment, its notebooks and their graded cells with points, by nbgrader itself.

    Runs `nbgrader generate_assignment <assignment> --force` in the course folder against db_url
    (it also rewrites <course>/release/<assignment>/). nbgrader deletes that folder when it fails,
    so it is kept aside first and put back if nbgrader fails: a failed run deletes nothing. Masters
    whose graded cells differ from those of grades already recorded stop it first
    (check_cells_unchanged).
    """
    check_cells_unchanged(course, assignment, db_url)
    release = Path(course) / "release" / assignment
    with tempfile.TemporaryDirectory(prefix=f"release-{assignment}-") as kept:
        if release.is_dir():
            shutil.copytree(release, Path(kept) / assignment, symlinks=True)
        try:
            run_nbgrader(Path(course), "generate_assignment", assignment, "--force", db_url=sqlalchemy_url(db_url))
        except NbgraderFailed:
            if (Path(kept) / assignment).is_dir():
                shutil.rmtree(release, ignore_errors=True)
                shutil.copytree(Path(kept) / assignment, release, symlinks=True)
            raise GradebookError(
                f"nbgrader generate_assignment {assignment} could not record {assignment} in the gradebook "
                f"{shown(db_url)} (its messages are above). Check that {Path(course) / 'source' / assignment} "
                "holds the masters and that the database is reachable."
            ) from None


def check_cells_unchanged(course, assignment, db_url):
    """GradebookError, before nbgrader runs, when a notebook of `assignment` that has grades in the
    gradebook has other graded or answer cells in its master now (a quiz added, an exercise removed):
    nbgrader keeps the cells of a graded notebook fixed, and would only fail. Nothing to compare
    (no gradebook yet, the assignment or notebook not recorded, no grades) passes."""
    from nbgrader.api import MissingEntry

    from .. import masters

    try:
        with open_gradebook(db_url) as gb:
            recorded = {notebook.name: notebook for notebook in gb.find_assignment(assignment).notebooks}
            changes = []
            for path in sorted((Path(course) / "source" / assignment).glob("*.ipynb")):
                notebook = recorded.get(path.stem)
                if notebook is None or not notebook.submissions:
                    continue
                cells = [masters.nbgrader(c) for c in masters.read(path)["cells"]]
                now = {c["grade_id"] for c in cells if c.get("grade") or c.get("solution")}
                before = {c.name for c in (*notebook.grade_cells, *notebook.solution_cells)}
                changes += [f"{path.stem}:{name} added" for name in sorted(now - before)]
                changes += [f"{path.stem}:{name} removed" for name in sorted(before - now)]
                graded = len(notebook.submissions)
    except (GradebookError, MissingEntry):  # no gradebook, or no such assignment in it, yet
        return
    if changes:
        raise GradebookError(
            f"The masters of {assignment} have other graded cells than those {graded} student(s) were graded under "
            f"in {shown(db_url)} ({', '.join(changes)}), and nbgrader keeps a graded notebook's cells fixed: nothing "
            f"was graded or changed. Grade with the masters as they were, or record the new {assignment} in a new "
            "gradebook (--db-url sqlite:////path/to/new.db).")


def check_database(db_url):
    """Connect to db_url once; GradebookError, one line naming the cause, if that fails (a wrong URL,
    no driver for it, no server, a wrong password, no such database). An empty database passes:
    nbgrader creates the gradebook in it."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(sqlalchemy_url(db_url))
        try:
            with engine.connect():
                pass
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        cause = " ".join(str(getattr(exc, "orig", None) or exc).split())  # the driver's own words, on one line
        if isinstance(exc, ImportError):
            cause = f"the database driver is not installed ({cause})"
        cause += "" if cause.endswith((".", "?", "!")) else "."
        raise GradebookError(f"Cannot open the gradebook {shown(db_url)}: {cause} Check the URL given to --db-url "
                             "(user, password, host, port, database name): nothing was graded or changed.") from None


def store(results, course, db_url, hand_ins=None):
    """Write each SubmissionResult as JSON, then record it in the gradebook (and nbgrader's layout).

    A graded result updates the student's submission (record_submission): its auto scores and
    comments are the new ones, manual adjustments stay. With `hand_ins` ({student: HandIn} of the
    hand-ins graded), a graded student's notebooks are stored in nbgrader's layout too
    (layout.store_hand_in). A not-graded result changes no grade: a student graded before keeps that
    submission, those files and that result.json (the attempt goes to not_graded.json); one never
    graded gets no submission. The JSON records are written first, so a gradebook problem never
    loses a grading run. Returns {student: earlier graded SubmissionResult} of the grades kept that way.
    """
    results = list(results)
    kept = {}
    for result in results:
        path = result_path(course, result.student, result.assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        append_history(path.parent, result)
        attempt = path.with_name(ATTEMPT)
        earlier = None if result.graded else graded_record(path)
        if earlier is not None:
            kept[result.student] = earlier
            path = attempt
        else:
            attempt.unlink(missing_ok=True)
        path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    with open_gradebook(db_url) as gb:
        cells = {assignment: graded_cells(gb, assignment, db_url) for assignment in {r.assignment for r in results}}
        for result in results:
            check_known(result, cells[result.assignment], db_url)
        for result in results:
            if result.graded and result.student in (hand_ins or {}):
                layout.store_hand_in(course, result, hand_ins[result.student].files)
            record_submission(gb, result)
    return kept


ATTEMPT = "not_graded.json"  # beside result.json: the latest attempt that could not be graded
HISTORY = "history.jsonl"  # beside result.json: every result ever stored, one JSON line each, oldest first
BEFORE_HISTORY = "stored before history was kept; its time is its file's"


def append_history(folder, result):
    """Add `result` to the history in `folder`, timed now. The first time, the records already
    there (stored before history was kept) go in first, timed by their files."""
    history = folder / HISTORY
    entries = []
    if not history.exists():
        earlier = sorted((p for p in (folder / "result.json", folder / ATTEMPT) if p.exists()), key=lambda p: p.stat().st_mtime)
        for path in earlier:
            try:
                entries.append(history_entry(read_result(path), file_time(path), note=BEFORE_HISTORY))
            except GradebookError:
                pass  # a damaged record has nothing to keep
    entries.append(history_entry(result, datetime.now(timezone.utc).isoformat(timespec="seconds")))
    with history.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(entry) + "\n" for entry in entries)


def history_entry(result, time, note=None):
    """One line of a history: when, the status, the points per exercise and out of what, the reason."""
    entry = {
        "time": time, "status": result.status,
        "total": result.total if result.graded else None, "max_score": result.max_score if result.graded else None,
        "points": {f"{e.notebook}:{e.grade_id}": e.points for e in result.exercises},
        "max_points": {f"{e.notebook}:{e.grade_id}": e.max_points for e in result.exercises},
        "reason": result.reason,
    }
    return {**entry, "note": note} if note else entry


def file_time(path):
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")


def history(course, assignment, student=None):
    """Every result stored for `assignment` (of one student when given), oldest first per student,
    students sorted: dicts of history_entry with "student" added."""
    entries = []
    for path in sorted(Path(course, "autograded").glob(f"{student or '*'}/{assignment}/{HISTORY}")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                entries.append({"student": path.parents[1].name, **json.loads(line)})
            except (ValueError, TypeError):
                raise GradebookError(f"{path}, line {number}, is not a history entry this grader wrote; "
                                     "delete that line (the other grades stay).") from None
    return entries


def result_path(course, student, assignment):
    return Path(course) / "autograded" / student / assignment / "result.json"


def graded_record(path):
    """The graded SubmissionResult stored in `path`, or None (no record, not graded, unreadable)."""
    try:
        earlier = read_result(path)
    except (OSError, GradebookError):
        return None
    return earlier if earlier.graded else None


def load_results(course, assignment=None):
    """The SubmissionResults stored in the course (of every assignment when None), sorted by (assignment, student)."""
    paths = (Path(course) / "autograded").glob(f"*/{assignment or '*'}/result.json")
    return sorted((read_result(path) for path in paths), key=lambda r: (r.assignment, r.student))


def read_result(path):
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise GradebookError(
            f"{path} is not a result record this grader wrote ({type(exc).__name__}: {exc}). "
            "Delete it, or grade that assignment again to rewrite it."
        ) from None


def scores(db_url, assignment):
    """What nbgrader's gradebook holds: student -> {"<notebook>:<grade_id>": score}, for every submission."""
    with open_gradebook(db_url) as gb:
        find_assignment(gb, assignment, db_url)
        return {
            submission.student_id: {
                f"{notebook.name}:{grade.name}": grade.score for notebook in submission.notebooks for grade in notebook.grades
            }
            for submission in gb.assignment_submissions(assignment)
        }


def open_gradebook(db_url):
    """nbgrader's Gradebook on an existing gradebook; a missing, empty or unreachable database is an
    error (GradebookError, one line naming the cause).

    (On an empty database nbgrader would create a new gradebook, running `alembic` to do so.) The
    course id stays nbgrader's default, as in nbgrader's own SaveAutoGrades: it only names the
    course of new assignments, and sync_assignment creates those through nbgrader_config.py.
    """
    from nbgrader.api import Gradebook
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    url = make_url(sqlalchemy_url(db_url))
    if url.drivername.startswith("sqlite") and url.database and not Path(url.database).is_file():
        raise GradebookError(f"No gradebook in {shown(db_url)}: there is no such file. Grade the assignment first "
                             "(that creates it), or give the URL of the gradebook that holds it (--db-url).")
    check_database(db_url)
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        tables = inspect(engine).get_table_names()
    except OperationalError as exc:
        raise GradebookError(f"Cannot open the gradebook {shown(db_url)}: {exc.orig}") from None
    finally:
        engine.dispose()
    if not tables:
        raise GradebookError(
            f"No gradebook in {shown(db_url)}. Create it with sync_assignment(course, assignment, db_url), "
            "which the grade command does, or point db_url at the course's gradebook."
        )
    return Gradebook(sqlalchemy_url(db_url))


def find_assignment(gb, assignment, db_url):
    from nbgrader.api import MissingEntry

    try:
        return gb.find_assignment(assignment)
    except MissingEntry:
        raise GradebookError(
            f"The gradebook {shown(db_url)} has no assignment {assignment!r}: "
            f"run sync_assignment(course, {assignment!r}, db_url) first (the grade command does)."
        ) from None


def graded_cells(gb, assignment, db_url):
    """{(notebook, grade_id)} of the assignment's graded cells, as the gradebook records them."""
    recorded = find_assignment(gb, assignment, db_url)
    return {(notebook.name, cell.name) for notebook in recorded.notebooks for cell in notebook.grade_cells}


def check_known(result, known, db_url):
    """Every exercise of the result must be a graded cell the gradebook knows."""
    unknown = [f"{e.notebook}:{e.grade_id}" for e in result.exercises if (e.notebook, e.grade_id) not in known]
    if unknown:
        raise GradebookError(
            f"{result.student}'s {result.assignment} result has cells the gradebook {shown(db_url)} does not know: "
            f"{', '.join(unknown)}. The gradebook was synced from other masters: run "
            f"sync_assignment(course, {result.assignment!r}, db_url) again, then store the results."
        )


def record_submission(gb, result):
    """Record a graded result as the student's submission, updated in place when they have one:
    the time, the auto score of each check cell, the judge's message as the auto comment of its
    answer cell, the late penalty. What a grader set by hand (manual score, extra credit, manual
    comment) stays; a cell whose manual score stays while its auto score changed is marked as
    needing a manual grade, as nbgrader's autograde marks it. A not-graded result records only the
    student: whatever submission they have stays (a regrade that failed deletes no grade)."""
    from nbgrader.api import MissingEntry

    gb.update_or_create_student(result.student)
    if not result.graded:
        return
    try:
        submission = gb.find_submission(result.assignment, result.student)
    except MissingEntry:
        # add_submission reads the assignment's notebooks before it adds the new submission to the
        # session; an autoflush at that moment makes SQLAlchemy 2 warn that it cannot save it yet.
        with gb.db.no_autoflush:
            submission = gb.add_submission(result.assignment, result.student)
    # nbgrader's own lateness (Formgrader, nbgrader export) reads this naive UTC time
    submission.timestamp = utc_naive(result.submitted) if result.submitted else None
    grades = {(notebook.name, grade.name): grade for notebook in submission.notebooks for grade in notebook.grades}
    comments = {(notebook.name, comment.name): comment for notebook in submission.notebooks for comment in notebook.comments}
    for exercise in result.exercises:
        grade = grades[(exercise.notebook, exercise.grade_id)]
        changed = grade.auto_score != exercise.points
        grade.auto_score = exercise.points
        if grade.manual_score is None:
            grade.needs_manual_grade = False  # as nbgrader's SaveAutoGrades marks an autograded cell
        elif changed:
            grade.needs_manual_grade = True
        comment = comments.get((exercise.notebook, answer_of(exercise.grade_id)))
        if comment is not None:
            comment.auto_comment = reports.exercise_comment(exercise)
    left = result.penalty
    for notebook in submission.notebooks:  # nbgrader keeps a late penalty per notebook, each at most its score
        earned = sum(score_of(grade) for grade in notebook.grades)
        taken = min(left, earned)
        notebook.late_submission_penalty = taken or None
        left -= taken
    gb.db.commit()


def answer_of(check_grade_id):
    """The grade id of the answer cell a check cell checks: sigmoid_check -> sigmoid (masters.exercises)."""
    return check_grade_id.removesuffix("_check")


def score_of(grade):
    """A grade's score as nbgrader computes it (Grade.score, which is only read from the database):
    the manual score when set, else the auto score, plus extra credit."""
    score = grade.manual_score if grade.manual_score is not None else grade.auto_score
    return float(score or 0.0) + float(grade.extra_credit or 0.0)


def utc_naive(moment):
    """An ISO 8601 time as nbgrader's database keeps it: UTC, without a zone."""
    return datetime.fromisoformat(moment).astimezone(timezone.utc).replace(tzinfo=None)


# ----------------------------------------------------------------------------- the numbers of record
def as_recorded(results, db_url):
    """The results with the numbers nbgrader's gradebook holds for them, which Formgrader may have
    adjusted: each exercise's points are its grade's score (the manual score when set, else the
    auto score, plus extra credit) and the penalty is the submission's late penalty, so `total` is
    what `nbgrader export` gives. An adjusted exercise says so in a note (reports.ADJUSTED), and a
    grader's comment in Formgrader joins the notes. Not-graded results, and graded ones the
    gradebook has no submission of (not stored there), stay as they are."""
    from nbgrader.api import MissingEntry

    results = list(results)
    if not any(r.graded for r in results):
        return results
    recorded = []
    with open_gradebook(db_url) as gb:
        for result in results:
            if not result.graded:
                recorded.append(result)
                continue
            try:
                recorded.append(recorded_result(result, gb.find_submission(result.assignment, result.student)))
            except MissingEntry:
                recorded.append(result)
    return recorded


def recorded_result(result, submission):
    """One graded result with the numbers of its gradebook submission (as_recorded)."""
    grades = {(notebook.name, grade.name): grade for notebook in submission.notebooks for grade in notebook.grades}
    comments = {(notebook.name, comment.name): comment for notebook in submission.notebooks for comment in notebook.comments}
    exercises = []
    for exercise in result.exercises:
        grade = grades.get((exercise.notebook, exercise.grade_id))
        if grade is None:
            exercises.append(exercise)
            continue
        notes = list(exercise.notes)
        if grade.manual_score is not None:
            notes.append(f"{reports.ADJUSTED}: {reports.number(float(grade.manual_score))} / "
                         f"{reports.number(exercise.max_points)} (the checks gave {reports.number(exercise.points)})")
        if grade.extra_credit:
            notes.append(f"{reports.ADJUSTED}: {reports.number(float(grade.extra_credit))} extra credit")
        comment = comments.get((exercise.notebook, answer_of(exercise.grade_id)))
        if comment is not None and comment.manual_comment:
            notes.append(f"your grader's comment: {comment.manual_comment}")
        exercises.append(replace(exercise, points=score_of(grade), notes=tuple(notes)))
    return replace(result, exercises=tuple(exercises), penalty=float(submission.late_submission_penalty or 0.0))


def rewrite_feedback(notebooks, db_url):
    """nbgrader's generate_feedback hook (nbgrader_config.py): after nbgrader wrote one student's
    feedback, write ours beside it again (nbgrader deletes the folder first), with the gradebook's
    numbers. `notebooks` are the paths of that student's graded notebooks,
    <course>/autograded/<student>/<assignment>/<notebook>.ipynb."""
    for folder in dict.fromkeys(Path(notebook).resolve().parent for notebook in notebooks):
        course, student, assignment = folder.parents[2], folder.parent.name, folder.name
        record = result_path(course, student, assignment)
        if record.exists():
            reports.write_feedback(as_recorded([read_result(record)], db_url), course / "feedback")


def due_date(assignment, db_url, due=None):
    """The assignment's due date in the gradebook (nbgrader's Assignment.duedate, as `nbgrader db
    assignment add --duedate` or Formgrader set it), an aware UTC datetime or None; `due` (aware)
    is recorded there first when given."""
    with open_gradebook(db_url) as gb:
        recorded = find_assignment(gb, assignment, db_url)
        if due is not None:
            recorded.duedate = due.astimezone(timezone.utc).replace(tzinfo=None)  # nbgrader keeps naive UTC
            gb.db.commit()
        duedate = recorded.duedate
    return None if duedate is None else duedate.replace(tzinfo=timezone.utc)


def record_students(people, db_url):
    """Write what is known of each student (roster.Student: name, email, LMS id) into nbgrader's
    student records, where Formgrader and `nbgrader export` show it; an unknown field changes nothing."""
    with open_gradebook(db_url) as gb:
        for person in people:
            first, _, last = person.name.rpartition(" ")
            fields = {"first_name": first, "last_name": last, "email": person.email, "lms_user_id": person.lms_id}
            gb.update_or_create_student(person.id, **{key: value for key, value in fields.items() if value})


def students(db_url):
    """{id: roster.Student} of every student nbgrader's gradebook knows, with their name, email and LMS id."""
    from .roster import Student

    with open_gradebook(db_url) as gb:
        return {s.id: Student(s.id, " ".join(filter(None, (s.first_name, s.last_name))), s.email or "",
                              lms_id=s.lms_user_id or "") for s in gb.students}


def sqlalchemy_url(db_url):
    """db_url as SQLAlchemy must read it: a bare postgresql:// means psycopg2, the driver requirements.txt
    installs (SQLAlchemy 2.1 would look for psycopg 3)."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg2")
    return url.render_as_string(hide_password=False)


def shown(db_url):
    """The URL for messages, password hidden (also in a URL SQLAlchemy cannot read)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", str(db_url))
