"""Instructor commands, each a thin wrapper around nbgrader.

    python -m autograder release week2             # student versions -> notebooks/week2/
    python -m autograder grade week2 SUBMISSIONS   # autograde every submission in a folder
    python -m autograder feedback week2            # HTML feedback per student, hidden tests removed
    python -m autograder export grades.csv         # grade sheet: a row per student, a column per exercise

`--course DIR` points any command at another copy of the course folder (the tests use one).
SUBMISSIONS is either nbgrader's layout, `<student>/<assignment>/<notebook>.ipynb`, or a plain
folder of `<student>.ipynb` files as an LMS download gives them (also `<student>__<anything>.ipynb`);
a plain file is matched to its notebook by the nbgrader cell ids it contains.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "autograder"
NOTEBOOKS = REPO / "notebooks"


class CommandError(Exception):
    """A problem the instructor can fix; printed without a traceback."""


def nbgrader(course, *args, check=True):
    """Run one nbgrader command in the course folder, with the repo importable by the kernels.

    Returns True on success; with check=True a failure raises CommandError instead.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    # nbgrader runs `alembic` to create a gradebook: it must find the one beside this Python.
    env["PATH"] = os.pathsep.join((os.path.dirname(sys.executable), env.get("PATH", "")))
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course, env=env)
    if done.returncode != 0 and check:
        raise CommandError(f"nbgrader {' '.join(args)} failed (exit {done.returncode}); its messages are above.")
    return done.returncode == 0


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
    nbgrader(course, "generate_assignment", assignment, "--force")


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


def grade_ids(path):
    """The nbgrader grade ids of the cells in a notebook file (empty if unreadable)."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in cells if isinstance(c, dict)} - {None}


def match_notebook(path, masters):
    """Name of the master notebook whose cell ids the submission shares most, or None."""
    ids = grade_ids(path)
    best = max(masters, key=lambda name: len(ids & masters[name]))
    return best if ids & masters[best] else None


def collect(course, assignment, folder):
    """Copy a folder of submissions into the course's submitted/ folder; return the student ids."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CommandError(f"Submissions folder {folder} does not exist.")
    masters = {p.stem: grade_ids(p) for p in (course / "source" / assignment).glob("*.ipynb")}
    students = set()
    plain = sorted(folder.glob("*.ipynb"))
    for path in plain:
        student = path.stem.split("__")[0]
        name = match_notebook(path, masters)
        if name is None:
            print(f"skipped {path}: none of its cells belong to {assignment}'s notebooks")
            continue
        copy_submission(path, course / "submitted" / student / assignment / f"{name}.ipynb")
        students.add(student)
    for path in sorted(folder.glob(f"*/{assignment}/*.ipynb")):
        student = path.parent.parent.name
        copy_submission(path, course / "submitted" / student / assignment / path.name)
        students.add(student)
    if not students:
        raise CommandError(
            f"No submissions for {assignment} in {folder}: expected <student>.ipynb files, "
            f"or nbgrader's <student>/{assignment}/<notebook>.ipynb folders."
        )
    return sorted(students)


def copy_submission(source, target):
    if source.resolve() == target.resolve():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def grade(course, assignment, folder):
    """Autograde every submission in `folder` and print each student's score."""
    generate(course, assignment)
    students = collect(course, assignment, folder)
    failed = [s for s in students if not nbgrader(course, "autograde", assignment, "--force", f"--student={s}", check=False)]
    for row in grade_sheet(course, assignment):
        if row["student"] in failed:
            print(f"{row['student']}: not graded (nbgrader failed on this submission; see its messages above)")
        elif row["student"] in students:
            print(f"{row['student']}: {row['total']:g} / {row['max_score']:g}")


def feedback(course, assignment):
    check_assignment(course, assignment)
    nbgrader(course, "generate_feedback", assignment, "--force")
    print(f"feedback in {course / 'feedback'}/<student>/{assignment}/")


def grade_sheet(course, assignment=None):
    """One dict per student: a score per exercise ("<assignment>/<notebook>:<grade_id>"), total, maximum.

    An exercise the student did not hand in is left empty, not 0.
    """
    from nbgrader.api import Gradebook, MissingEntry

    columns = exercise_columns(course, [assignment] if assignment else assignments(course))
    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in sorted(gb.students, key=lambda s: s.id):
            row = {"student": student.id}
            for name, notebook, cell, _points in columns:
                try:
                    row[f"{name}/{notebook}:{cell}"] = gb.find_grade(cell, notebook, name, student.id).score
                except MissingEntry:
                    row[f"{name}/{notebook}:{cell}"] = ""
            row["total"] = sum(v for v in row.values() if isinstance(v, float))
            row["max_score"] = float(sum(points for *_, points in columns))
            rows.append(row)
    return rows


def exercise_columns(course, names):
    """(assignment, notebook, grade_id, points) of every graded cell, in the masters' order."""
    columns = []
    for name in names:
        for path in sorted((course / "source" / name).glob("*.ipynb")):
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if meta.get("grade"):
                    columns.append((name, path.stem, meta["grade_id"], float(meta.get("points", 0))))
    return columns


def export(course, path):
    rows = grade_sheet(course)
    if not rows:
        raise CommandError("The gradebook has no students yet: run the grade command first.")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} students to {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=COURSE, help="the nbgrader course folder (default: autograder/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="student versions -> notebooks/<assignment>/").add_argument("assignment")
    grading = commands.add_parser("grade", help="autograde every submission in a folder")
    grading.add_argument("assignment")
    grading.add_argument("submissions", type=Path)
    commands.add_parser("feedback", help="HTML feedback for every graded student").add_argument("assignment")
    commands.add_parser("export", help="grade sheet as CSV").add_argument("csv", type=Path)
    args = parser.parse_args(argv)
    course = args.course.resolve()
    try:
        if args.command == "release":
            release(course, args.assignment)
        elif args.command == "grade":
            grade(course, args.assignment, args.submissions)
        elif args.command == "feedback":
            feedback(course, args.assignment)
        else:
            export(course, args.csv)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
