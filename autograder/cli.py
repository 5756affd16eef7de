"""Instructor commands: nbgrader for the course lifecycle and the gradebook, autograder.grading for grading.

    python -m autograder release week2             # student versions -> notebooks/week2/
    python -m autograder grade week2 SUBMISSIONS   # grade a folder of hand-ins: parallel, sandboxed
    python -m autograder feedback week2            # feedback pages again, from the stored results
    python -m autograder export week2 grades.csv   # grade sheet: a row per student, a column per exercise
    python -m autograder expected [MODULE ...]     # store the public checks' expected values (after editing a check)

`--course DIR` points any command at another copy of the course folder (the tests use one).
SUBMISSIONS is either nbgrader's layout, `<student>/<assignment>/<notebook>.ipynb`, or a plain
folder of `<student>.ipynb` files as an LMS download gives them (also `<student>__<anything>.ipynb`);
a plain file is matched to its notebook by the nbgrader cell ids it contains (autograder.grading).
"""
import argparse
import os
import shutil
import sys
from pathlib import Path

from .nbgrader_command import NbgraderFailed, run_nbgrader

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "autograder"
NOTEBOOKS = REPO / "notebooks"


class CommandError(Exception):
    """A problem the instructor can fix; printed without a traceback."""


def assignments(course):
    return sorted(p.name for p in (course / "source").iterdir() if p.is_dir())


def check_assignment(course, assignment):
    if not (course / "source" / assignment).is_dir():
        raise CommandError(
            f"No assignment {assignment!r} in {course / 'source'}; the assignments are: {', '.join(assignments(course))}."
        )


def generate(course, assignment):
    """nbgrader generate_assignment: student versions in release/, gradebook synced with the masters."""
    check_assignment(course, assignment)
    try:
        run_nbgrader(course, "generate_assignment", assignment, "--force")
    except NbgraderFailed as exc:
        raise CommandError(str(exc)) from None


def release(course, assignment, notebooks=NOTEBOOKS):
    """Generate the student versions and copy them to notebooks/<assignment>/ (old ones replaced)."""
    generate(course, assignment)
    target = notebooks / assignment
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.ipynb"):
        old.unlink()
    for new in sorted((course / "release" / assignment).glob("*.ipynb")):
        shutil.copy2(new, target / new.name)
        print(f"released {target / new.name}")


def grade(course, assignment, folder, workers=2, scheduler=None, db_url=None, isolated=True):
    """Grade every hand-in in `folder` in parallel, each in its own sandbox; store, report, summarise.

    scheduler -- address of a dask.distributed scheduler ("tcp://host:8786"): grade on that cluster
                 instead of `workers` local processes.
    """
    from .grading import batch, sandbox

    check_assignment(course, assignment)
    settings = batch.Settings(isolated=isolated)
    try:
        if scheduler:
            from dask.distributed import Client

            with Client(scheduler) as client:
                return batch.grade_class(course, assignment, folder, executor=client.get_executor(), settings=settings, db_url=db_url)
        return batch.grade_class(course, assignment, folder, workers=workers, settings=settings, db_url=db_url)
    except sandbox.SandboxUnavailable as exc:
        raise CommandError(f"{exc}\n(Or grade without isolation, trusted notebooks only: --no-sandbox.)") from None
    except ValueError as exc:  # no such folder, no notebooks in it
        raise CommandError(str(exc)) from None


def stored_results(course, assignment):
    from .grading import gradebook

    results = gradebook.load_results(course, assignment)
    if not results:
        raise CommandError(f"No graded submissions of {assignment} yet: run the grade command first.")
    return results


def feedback(course, assignment):
    """Write the feedback pages again from the stored results: points and messages, nothing hidden."""
    from .grading import reports

    check_assignment(course, assignment)
    paths = reports.write_feedback(stored_results(course, assignment), course / "feedback")
    print(f"wrote {len(paths)} feedback pages in {course / 'feedback'}/<student>/{assignment}/")


def export(course, assignment, path):
    """The grade sheet of one assignment as CSV: a row per student, a column per exercise, total, status, reason."""
    from .grading import batch, reports

    check_assignment(course, assignment)
    results = stored_results(course, assignment)
    reports.write_grade_sheet(results, path, batch.exercise_points(course, assignment))
    print(f"wrote {len(results)} students to {path}")


def store_expected(modules):
    """Write dnn_utils/exercises/expected/<module>.json from the masters' solutions (all modules by default)."""
    from . import expected

    unknown = sorted(set(modules) - set(expected.public_modules()))
    if unknown:
        raise CommandError(f"No public check module {', '.join(unknown)}; the modules are: {', '.join(expected.public_modules())}.")
    for path in expected.write(modules or None):
        print(f"wrote {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=COURSE, help="the nbgrader course folder (default: autograder/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="student versions -> notebooks/<assignment>/").add_argument("assignment")
    grading = commands.add_parser("grade", help="grade every submission in a folder, in parallel, sandboxed")
    grading.add_argument("assignment")
    grading.add_argument("submissions", type=Path)
    grading.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1), help="parallel gradings (default: one per core)")
    grading.add_argument("--scheduler", help="grade on a dask.distributed cluster: its scheduler address")
    grading.add_argument("--db-url", help="gradebook database URL (default: sqlite in the course folder)")
    grading.add_argument("--no-sandbox", action="store_true", help="run notebooks without isolation (trusted notebooks only)")
    commands.add_parser("feedback", help="feedback pages for every graded student").add_argument("assignment")
    exporting = commands.add_parser("export", help="grade sheet of an assignment as CSV")
    exporting.add_argument("assignment")
    exporting.add_argument("csv", type=Path)
    storing = commands.add_parser("expected", help="store the public checks' expected values, computed from the masters")
    storing.add_argument("modules", nargs="*", help="public check modules, e.g. week2_numpy_basics (default: all)")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    try:
        if args.command == "release":
            release(course, args.assignment)
        elif args.command == "grade":
            grade(course, args.assignment, args.submissions, args.workers, args.scheduler, args.db_url, not args.no_sandbox)
        elif args.command == "expected":
            store_expected(args.modules)
        elif args.command == "feedback":
            feedback(course, args.assignment)
        else:
            export(course, args.assignment, args.csv)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
