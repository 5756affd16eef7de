"""Instructor commands: nbgrader for the course lifecycle and the gradebook, autograder.grading for
grading; and the students' progress.

    python -m autograder progress [FOLDER]         # every saved notebook's exercises: which pass, why not (default: notebooks/)
    python -m autograder release week2             # student versions -> notebooks/week2/
    python -m autograder grade week2 SUBMISSIONS   # grade a folder of hand-ins: parallel, sandboxed
    python -m autograder grade week2 FILE.ipynb    # grade one hand-in (or --student ID of a folder); reports cover the class
    python -m autograder feedback week2            # feedback pages again, from the stored results and the gradebook
    python -m autograder similarity week2 [FOLDER] # near-identical hand-ins, side by side (reports/week2/similarity.html)
    python -m autograder export week2 grades.csv   # grade sheet: a row per student, a column per exercise
    python -m autograder export week2 canvas.csv --format canvas   # what Canvas (or moodle: Moodle) imports
    python -m autograder expected [MODULE ...]     # store the public checks' expected values (after editing a check)
    python -m autograder restore week2 01_numpy_basics sigmoid  # that answer cell back as released, the rest kept

`--course DIR` points any command at another copy of the course folder (the tests use one).
SUBMISSIONS is either nbgrader's layout, `<student>/<assignment>/<notebook>.ipynb`, a plain folder
of `<student>.ipynb` files (also `<student>__<anything>.ipynb`), or a Canvas or Moodle download as it
unzips; a plain file is matched to its notebook by the nbgrader cell ids it contains
(autograder.grading). `--roster roster.csv` (grade, export) says who each hand-in is. `--db-url URL`
(grade, export, feedback) names nbgrader's gradebook, e.g. PostgreSQL's (default: SQLite in the course).
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


def grade(course, assignment, folder, workers=2, scheduler=None, db_url=None, isolated=True, roster=None, student=None,
          due=None, late_penalty_per_hour=0.0):
    """Grade every hand-in in `folder` in parallel, each in its own sandbox; store, report, summarise.

    folder    -- the folder of hand-ins, or one notebook file: only its student's hand-in is graded
    student   -- grade only this student's hand-in of the folder
    The reports cover the whole class as stored, whoever this run graded.
    scheduler -- address of a dask.distributed scheduler ("tcp://host:8786"): grade on that cluster
                 instead of `workers` local processes.
    roster    -- a roster CSV (id, name, email, sis_id, section): who each hand-in is
    due       -- the due date, "2026-12-01 23:59" (UTC unless it gives a zone): recorded in the gradebook
    late_penalty_per_hour -- points off a late hand-in per hour or part of one (default 0: none)
    """
    from .grading import batch, sandbox
    from .grading import roster as rosters

    check_assignment(course, assignment)
    settings = batch.Settings(isolated=isolated)
    late = {"due": due_time(due), "late_penalty_per_hour": late_penalty_per_hour}
    try:
        people = rosters.read(roster) if roster else None
        if scheduler:
            from dask.distributed import Client

            with Client(scheduler) as client:
                return batch.grade_class(course, assignment, folder, executor=client.get_executor(), settings=settings,
                                         db_url=db_url, roster=people, student=student, **late)
        return batch.grade_class(course, assignment, folder, workers=workers, settings=settings, db_url=db_url,
                                 roster=people, student=student, **late)
    except sandbox.SandboxUnavailable as exc:
        raise CommandError(f"{exc}\n(Or grade without isolation, trusted notebooks only: --no-sandbox.)") from None
    except ValueError as exc:  # no such folder, no notebooks in it
        raise CommandError(str(exc)) from None


def due_time(due):
    """The --due text as an aware datetime (None: none given); CommandError when it is not a time."""
    from .grading import submission

    if due is None:
        return None
    moment = submission.parse_time(due)
    if moment is None:
        raise CommandError(f"--due {due!r} is not a date and time: give it as \"2026-12-01 23:59\" (UTC), or "
                           "with a zone, \"2026-12-01T23:59+01:00\".")
    return moment


def stored_results(course, assignment, db_url=None):
    """The assignment's stored results with the gradebook's numbers (manual adjustments included)."""
    from .grading import gradebook

    results = gradebook.load_results(course, assignment)
    if not results:
        raise CommandError(f"No graded submissions of {assignment} yet: run the grade command first.")
    try:
        return gradebook.as_recorded(results, db_url or gradebook.default_db_url(course))
    except gradebook.GradebookError as exc:
        raise CommandError(str(exc)) from None


def feedback(course, assignment, db_url=None):
    """Write the feedback pages again from the stored results and the gradebook's numbers: points,
    messages and notes, nothing hidden."""
    from .grading import reports

    check_assignment(course, assignment)
    paths = reports.write_feedback(stored_results(course, assignment, db_url), course / "feedback")
    print(f"wrote {len(paths)} feedback pages in {course / 'feedback'}/<student>/{assignment}/")


def export(course, assignment, path, form="csv", roster=None, db_url=None, history=False):
    """One assignment's grades as CSV, with the numbers of nbgrader's gradebook (db_url; default the
    course's): form "csv": the grade sheet, a row per student, a column per exercise, total, status,
    reason; "canvas" or "moodle": the file that LMS imports (grading.exports), with SIS ids, emails
    and sections from `roster` (a roster CSV). history=True: every grade ever stored instead, a row
    each with its time (regrades included)."""
    from .grading import batch, reports

    check_assignment(course, assignment)
    if history:
        return export_history(course, assignment, path)
    if form != "csv":
        return export_for_lms(course, assignment, path, form, roster, db_url)
    results = stored_results(course, assignment, db_url)
    reports.write_grade_sheet(results, path, batch.exercise_points(course, assignment), known_names(course, db_url))
    print(f"wrote {len(results)} students to {path}")


def export_history(course, assignment, path):
    from .grading import gradebook, reports

    try:
        entries = gradebook.history(course, assignment)
    except gradebook.GradebookError as exc:
        raise CommandError(str(exc)) from None
    if not entries:
        raise CommandError(f"No grades of {assignment} stored yet: run the grade command first.")
    reports.write_history(entries, path)
    print(f"wrote {len(entries)} grades of {len({e['student'] for e in entries})} students to {path}")


def known_names(course, db_url=None):
    """Student id -> name, as the gradebook records them ({} without a gradebook: the sheet needs none)."""
    from .grading import gradebook

    try:
        return {student: who.name for student, who in gradebook.students(db_url or gradebook.default_db_url(course)).items()
                if who.name}
    except gradebook.GradebookError:
        return {}


def export_for_lms(course, assignment, path, lms, roster=None, db_url=None):
    from .grading import exports, gradebook
    from .grading import roster as rosters

    try:
        people = rosters.read(roster) if roster else None
        db_url = db_url or gradebook.default_db_url(course)
        gradebook.check_database(db_url)
        with gradebook.open_gradebook(db_url) as gb:
            gradebook.find_assignment(gb, assignment, db_url)
            count, notes = exports.export(gb, assignment, path, lms, people)
    except ValueError as exc:  # a roster or gradebook problem
        raise CommandError(str(exc)) from None
    for note in notes:
        print(f"warning: {note}")
    where = {"canvas": "Canvas: Grades > Import", "moodle": "Moodle: the assignment's Upload grading worksheet, "
             "or Grades > Import > CSV file"}[lms]
    print(f"wrote {count} students to {path} (import it in {where})")


def similarity(course, assignment, folder=None, threshold=0.8):
    """Pairs of hand-ins whose answers are near-identical as syntax trees, in
    reports/<assignment>/similarity.html: of the hand-ins in `folder`, or the answers the stored
    results of the assignment hold."""
    from .grading import gradebook
    from .grading import similarity as similar

    check_assignment(course, assignment)
    try:
        if folder is None:
            answers, without = similar.answers_from_results(gradebook.load_results(course, assignment))
            notes = [f"{len(without)} student(s) without stored answers (not graded, or graded before answers were "
                     f"kept: grade them again, or give the folder): {', '.join(without)}"] if without else []
        else:
            answers, notes = similar.answers_from_folder(course, assignment, folder)
    except ValueError as exc:  # no such folder, no hand-ins in it, a damaged record
        raise CommandError(str(exc)) from None
    if not answers:
        raise CommandError(f"No answers of {assignment} to compare: grade {assignment} first, or give the folder of "
                           "its hand-ins.")
    for note in notes:
        print(f"note: {note}")
    flagged, path = similar.report(course, assignment, answers, threshold, notes)
    print(similar.said(flagged, len(answers), path, threshold))


def store_expected(modules):
    """Write dnn_utils/exercises/expected/<module>.json from the masters' solutions (all modules by default)."""
    from . import expected

    unknown = sorted(set(modules) - set(expected.public_modules()))
    if unknown:
        raise CommandError(f"No public check module {', '.join(unknown)}; the modules are: {', '.join(expected.public_modules())}.")
    for path in expected.write(modules or None):
        print(f"wrote {path}")


def show_progress(course, folder):
    """Each saved notebook's exercises in `folder`: the count, and why each failing one fails."""
    from . import progress

    try:
        progress.show(course, folder)
    except ValueError as exc:  # no such folder
        raise CommandError(str(exc)) from None


def student_version(master):
    """The master as nbgrader's generate_assignment releases it, in memory: solutions replaced by the
    stub, hidden tests and outputs removed, checksums computed (its gradebook step left out)."""
    import nbformat
    from nbgrader import preprocessors as nbgrader

    notebook, resources = nbformat.read(master, as_version=4), {}
    steps = (nbgrader.LockCells, nbgrader.ClearSolutions, nbgrader.ClearOutput, nbgrader.CheckCellMetadata,
             nbgrader.ComputeChecksums, nbgrader.ClearHiddenTests, nbgrader.ClearMarkScheme,
             nbgrader.ComputeChecksums, nbgrader.CheckCellMetadata)
    for step in steps:
        notebook, resources = step().preprocess(notebook, resources)
    return notebook


def restore(course, assignment, notebook, function, target=None):
    """Put one exercise's answer cell back as it was released, keeping every other cell of the notebook.

    notebook -- its name in the assignment ("01_numpy_basics"); target -- the student's file
    (default: notebooks/<assignment>/<notebook>.ipynb). The template comes from the master, so it is
    the released cell even where the student's copy lost it; a deleted answer cell is put back
    before its check cell. Prints the answer it replaced, so nothing is lost by mistake.
    """
    import nbformat

    check_assignment(course, assignment)
    name = notebook.removesuffix(".ipynb")
    master = course / "source" / assignment / f"{name}.ipynb"
    if not master.is_file():
        names = ", ".join(p.stem for p in sorted(master.parent.glob("*.ipynb")))
        raise CommandError(f"No notebook {name!r} in {assignment}; its notebooks are: {names}.")
    target = Path(target) if target else NOTEBOOKS / assignment / f"{name}.ipynb"
    if not target.is_file():
        raise CommandError(f"No notebook at {target}: give the path of yours with --file PATH.")
    answers = {grade_id(c): c for c in student_version(master).cells if is_answer(c)}
    if function not in answers:
        raise CommandError(f"{name} has no exercise {function!r}; its exercises are: {', '.join(answers)}.")
    template = answers[function]
    try:
        mine = nbformat.read(target, as_version=4)
    except Exception as exc:  # not JSON, not a notebook: say so, change nothing
        raise CommandError(f"{target} could not be read as a notebook ({exc}); nothing was changed.") from None
    ids = [grade_id(c) for c in mine.cells]
    if function in ids:
        index = len(ids) - 1 - ids[::-1].index(function)  # of two copies the last counts, as when graded
        replaced = mine.cells[index].source
        mine.cells[index] = template
    elif f"{function}_check" in ids:
        index, replaced = ids.index(f"{function}_check"), None
        mine.cells.insert(index, template)
    else:
        raise CommandError(f"{target} has neither the answer cell nor the check cell of {function}: nowhere to put it back.")
    nbformat.write(mine, target)
    print(f"restored the answer cell of {function} in {target}, as released; every other cell is as it was.")
    if replaced is not None and replaced != template.source:
        print(f"Your previous answer, in case you want some of it back:\n{replaced}")
    print("If the notebook is open in JupyterLab: File > Reload Notebook from Disk.")


def grade_id(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def is_answer(cell):
    meta = cell["metadata"].get("nbgrader", {})
    return bool(meta.get("solution")) and not meta.get("grade")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=COURSE, help="the nbgrader course folder (default: autograder/)")
    commands = parser.add_subparsers(dest="command", required=True)
    progressing = commands.add_parser("progress", help="each saved notebook's exercises: which pass, and why not")
    progressing.add_argument("folder", nargs="?", type=Path, default=NOTEBOOKS, help="the folder of your notebooks (default: notebooks/)")
    commands.add_parser("release", help="student versions -> notebooks/<assignment>/").add_argument("assignment")
    grading = commands.add_parser("grade", help="grade every submission in a folder, in parallel, sandboxed")
    grading.add_argument("assignment")
    grading.add_argument("submissions", type=Path, help="the folder of hand-ins, or one hand-in's notebook file")
    grading.add_argument("--student", help="grade only this student of the folder (the reports still cover the class)")
    grading.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1), help="parallel gradings (default: one per core)")
    grading.add_argument("--scheduler", help="grade on a dask.distributed cluster: its scheduler address")
    grading.add_argument("--db-url", help="gradebook database URL (default: sqlite in the course folder)")
    grading.add_argument("--no-sandbox", action="store_true", help="run notebooks without isolation (trusted notebooks only)")
    grading.add_argument("--roster", type=Path, help="roster CSV (id, name, email, sis_id, section): who each hand-in is")
    grading.add_argument("--due", help='due date, "2026-12-01 23:59" (UTC unless a zone is given); recorded in the '
                         "gradebook (default: the gradebook's, e.g. from nbgrader db assignment add --duedate)")
    grading.add_argument("--late-penalty-per-hour", type=float, default=0.0,
                         help="points off a late hand-in per hour or part of one, never below 0 (default: 0, none)")
    feeding = commands.add_parser("feedback", help="feedback pages for every graded student")
    feeding.add_argument("assignment")
    feeding.add_argument("--db-url", help="gradebook database URL (default: sqlite in the course folder)")
    comparing = commands.add_parser("similarity", help="pairs of near-identical hand-ins, side by side")
    comparing.add_argument("assignment")
    comparing.add_argument("folder", nargs="?", type=Path, help="a folder of hand-ins (default: the stored answers of the graded)")
    comparing.add_argument("--threshold", type=float, default=0.8, help="flag pairs with this score or more (default: 0.8)")
    exporting = commands.add_parser("export", help="grade sheet of an assignment as CSV")
    exporting.add_argument("assignment")
    exporting.add_argument("csv", type=Path)
    exporting.add_argument("--format", dest="form", choices=("csv", "canvas", "moodle"), default="csv",
                           help="csv: the grade sheet; canvas, moodle: the file that LMS imports")
    exporting.add_argument("--roster", type=Path, help="roster CSV: SIS ids, emails and sections for canvas/moodle")
    exporting.add_argument("--history", action="store_true", help="every grade ever stored, a row each with its time")
    exporting.add_argument("--db-url", help="gradebook database URL (default: sqlite in the course folder)")
    storing = commands.add_parser("expected", help="store the public checks' expected values, computed from the masters")
    storing.add_argument("modules", nargs="*", help="public check modules, e.g. week2_numpy_basics (default: all)")
    restoring = commands.add_parser("restore", help="put one exercise's answer cell back as released, keeping the rest")
    restoring.add_argument("assignment", help="e.g. week2")
    restoring.add_argument("notebook", help="e.g. 01_numpy_basics")
    restoring.add_argument("function", help="the exercise's function, e.g. sigmoid")
    restoring.add_argument("--file", type=Path, help="your notebook's file (default: notebooks/<assignment>/<notebook>.ipynb)")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    try:
        if args.command == "progress":
            show_progress(course, args.folder)
        elif args.command == "release":
            release(course, args.assignment)
        elif args.command == "grade":
            grade(course, args.assignment, args.submissions, args.workers, args.scheduler, args.db_url, not args.no_sandbox,
                  args.roster, student=args.student, due=args.due, late_penalty_per_hour=args.late_penalty_per_hour)
        elif args.command == "expected":
            store_expected(args.modules)
        elif args.command == "restore":
            restore(course, args.assignment, args.notebook, args.function, args.file)
        elif args.command == "feedback":
            feedback(course, args.assignment, args.db_url)
        elif args.command == "similarity":
            similarity(course, args.assignment, args.folder, args.threshold)
        else:
            export(course, args.assignment, args.csv, args.form, args.roster, args.db_url, history=args.history)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
