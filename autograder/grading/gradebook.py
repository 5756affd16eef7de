"""Results of a grading run into nbgrader's gradebook (SQLite by default, PostgreSQL by db_url), and as JSON.

nbgrader's gradebook holds what nbgrader can show: a submission per graded student, with an
auto_score per graded cell. A student who could not be graded has no submission there (nbgrader
would show a fake 0); their status and reason live in the JSON record every result also gets,
<course>/autograded/<student>/<assignment>/result.json, which load_results reads back.

A regrade never deletes a grade: when a student's new hand-in cannot be graded, their earlier
submission stays in the gradebook and their earlier graded record stays result.json; the failed
attempt is recorded beside it as not_graded.json, until a later grade replaces both.

nbgrader.api is imported inside the functions: importing nbgrader takes seconds, and the grading
workers, which import this package, never need it.
"""
import json
from dataclasses import asdict
from pathlib import Path

from ..nbgrader_command import NbgraderFailed, run_nbgrader
from .outcome import ExerciseResult, SubmissionResult


class GradebookError(ValueError):
    """The gradebook or a stored result is not what grading needs; the message says how to fix it."""


def default_db_url(course):
    """The course's own SQLite gradebook, as nbgrader_config.py sets it."""
    return f"sqlite:///{Path(course).resolve()}/gradebook.db"


def sync_assignment(course, assignment, db_url):
    """Record the assignment, its notebooks and their graded cells with points, by nbgrader itself.

    Runs `nbgrader generate_assignment <assignment> --force` in the course folder against db_url
    (it also rewrites <course>/release/<assignment>/).
    """
    try:
        run_nbgrader(Path(course), "generate_assignment", assignment, "--force", db_url=sqlalchemy_url(db_url))
    except NbgraderFailed:
        raise GradebookError(
            f"nbgrader generate_assignment {assignment} could not record {assignment} in the gradebook "
            f"{shown(db_url)} (its messages are above). Check that {Path(course) / 'source' / assignment} "
            "holds the masters and that the database is reachable."
        ) from None


def store(results, course, db_url):
    """Write each SubmissionResult as JSON, then replace each student's submission in the gradebook.

    A graded result becomes a submission whose grade cells carry the points earned, replacing any
    earlier one. A not-graded result changes no grade: a student graded before keeps that
    submission and that result.json (the attempt goes to not_graded.json); one never graded gets
    no submission. The JSON records are written first, so a gradebook problem never loses a
    grading run. Returns {student: earlier graded SubmissionResult} of the grades kept that way.
    """
    results = list(results)
    kept = {}
    for result in results:
        path = result_path(course, result.student, result.assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
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
            replace_submission(gb, result)
    return kept


ATTEMPT = "not_graded.json"  # beside result.json: the latest attempt that could not be graded


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
        fields = json.loads(path.read_text(encoding="utf-8"))
        exercises = tuple(ExerciseResult(**exercise) for exercise in fields.pop("exercises"))
        return SubmissionResult(**fields, exercises=exercises)
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
    """nbgrader's Gradebook on an existing gradebook; an empty or unreachable database is an error.

    (On an empty database nbgrader would create a new gradebook, running `alembic` to do so.) The
    course id stays nbgrader's default, as in nbgrader's own SaveAutoGrades: it only names the
    course of new assignments, and sync_assignment creates those through nbgrader_config.py.
    """
    from nbgrader.api import Gradebook
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import OperationalError

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


def replace_submission(gb, result):
    """Replace the student's submission of the assignment by the new one when graded; when not
    graded, keep whatever submission they have (a regrade that failed deletes no grade)."""
    from nbgrader.api import MissingEntry

    gb.update_or_create_student(result.student)
    if not result.graded:
        return
    try:
        gb.remove_submission(result.assignment, result.student)
    except MissingEntry:
        pass  # first submission of this student for this assignment
    # add_submission reads the assignment's notebooks before it adds the new submission to the
    # session; an autoflush at that moment makes SQLAlchemy 2 warn that it cannot save it yet.
    with gb.db.no_autoflush:
        submission = gb.add_submission(result.assignment, result.student)
    grades = {(notebook.name, grade.name): grade for notebook in submission.notebooks for grade in notebook.grades}
    for exercise in result.exercises:
        grade = grades[(exercise.notebook, exercise.grade_id)]
        grade.auto_score = exercise.points
        grade.needs_manual_grade = False  # as nbgrader's SaveAutoGrades marks an autograded cell
    gb.db.commit()


def sqlalchemy_url(db_url):
    """db_url as SQLAlchemy must read it: a bare postgresql:// means psycopg2, the driver requirements.txt
    installs (SQLAlchemy 2.1 would look for psycopg 3)."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg2")
    return url.render_as_string(hide_password=False)


def shown(db_url):
    """The URL for messages, password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(db_url).render_as_string(hide_password=True)
