"""A whole class: each hand-in prepared, run in its own sandbox, judged, stored, reported.

`grade_submission` is one self-contained task (picklable arguments, picklable SubmissionResult,
never raises for a bad submission), so any concurrent.futures Executor can run a class: a local
ProcessPoolExecutor by default, or a dask.distributed client's `client.get_executor()` on a cluster.
"""
import json
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import masters
from . import gradebook, harness, judge, reports, sandbox, submission
from .outcome import GRADED, ExerciseResult, SubmissionResult, not_graded

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """How each submission runs: sandbox limits, per-cell and per-call time, isolation on or off."""

    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    cell_seconds: float = 120
    call_seconds: float = 30
    isolated: bool = True


def grade_submission(course, assignment, hand_in, settings=Settings()):
    """Grade one student's hand-in; always returns a SubmissionResult (graded or not graded: why)."""
    started = time.perf_counter()
    try:
        jobs = submission.prepare(hand_in, course, assignment)
        exercises, notes = [], []
        for job in jobs:
            outcome = run_job(course, assignment, job, settings)
            if isinstance(outcome, str):
                return not_graded(hand_in.student, assignment, f"{job.notebook}: {outcome}", time.perf_counter() - started)
            exercises.extend(outcome)
            notes.extend(f"{job.notebook}: {note}" for note in job.notes)
        exercises.extend(missing_notebooks(course, assignment, {job.notebook for job in jobs}))
        order = {(e.notebook, e.grade_id): i for i, e in enumerate(masters.all_exercises(course, assignment))}
        exercises.sort(key=lambda e: order.get((e.notebook, e.grade_id), len(order)))
        return SubmissionResult(hand_in.student, assignment, GRADED, "; ".join(notes), tuple(exercises), time.perf_counter() - started)
    except submission.NotGradable as exc:
        return not_graded(hand_in.student, assignment, str(exc), time.perf_counter() - started)


def run_job(course, assignment, job, settings):
    """Run one notebook of one student in a sandbox; ExerciseResults, or why it could not be graded."""
    module = masters.module_name(assignment, job.notebook)
    scratch = Path(tempfile.mkdtemp(prefix="grading-"))
    try:
        write_job(scratch, module, job, settings)
        argv = [sys.executable, str(scratch / "harness.py"), str(scratch)]
        env = {**sandbox.default_env(scratch), "NBGRADER_EXECUTION": "autograde"}  # demonstrations shortened
        if settings.isolated:
            hide, expose = sandbox.default_hidden_and_exposed(REPO, course)
            run = sandbox.run(argv, scratch, hide=hide, expose=expose, limits=settings.limits, env=env)
        else:
            run = sandbox.run_unisolated(argv, scratch, limits=settings.limits, env=env)
        progress = read_progress(scratch / "progress.jsonl")
        if not run.ok or not progress["done"]:
            where = f" (in {progress['last']})" if progress["last"] else ""
            return f"the notebook {run.describe() if not run.ok else 'stopped before the end'}{where}"
        return [
            exercise(module, job.notebook, cell, scratch, progress["errors"])
            for cell in job.cells if cell.kind == "probe"
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_job(scratch, module, job, settings):
    (scratch / "probes").mkdir(parents=True)
    cells = [{"kind": c.kind, "source": c.source, "label": c.label, "function": c.function} for c in job.cells]
    document = {"cells": cells, "cell_seconds": settings.cell_seconds, "call_seconds": settings.call_seconds}
    (scratch / "job.json").write_text(json.dumps(document), encoding="utf-8")
    for cell in job.cells:
        if cell.kind == "probe":
            harness.save(scratch / "probes" / cell.function, list(judge.plan(module, cell.function).probes))
    shutil.copy(harness.__file__, scratch / "harness.py")


def read_progress(path):
    """What the harness logged (written by the student's process, so parsed defensively)."""
    progress = {"done": False, "last": "", "errors": {}}
    labels = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:100_000]
    except OSError:
        return progress
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict):
            continue
        if entry.get("done") is True:
            progress["done"] = True
        elif isinstance(entry.get("label"), str):
            labels[entry.get("cell")] = progress["last"] = entry["label"][:200]
        elif isinstance(entry.get("error"), str):
            progress["errors"][labels.get(entry.get("cell"), "")] = entry["error"][:1000]
    return progress


def exercise(module, notebook, cell, scratch, errors):
    """The ExerciseResult of one probe cell."""
    record = judge.read_record(scratch / "results" / cell.function)
    answer_error = next((e for label, e in errors.items() if f"`{cell.function}`" in label), None)
    passed, message = judge.verdict(module, cell.function, record, cell_error=answer_error)
    return ExerciseResult(notebook, cell.grade_id, float(cell.points) if passed else 0.0, float(cell.points), message)


def missing_notebooks(course, assignment, handed):
    """0 points, said as such, for every exercise of a notebook the student did not hand in."""
    return [
        ExerciseResult(e.notebook, e.grade_id, 0.0, e.points, f"{e.notebook}.ipynb was not handed in.")
        for e in masters.all_exercises(course, assignment) if e.notebook not in handed
    ]


def exercise_points(course, assignment):
    """Grade sheet column ("<notebook>:<grade_id>") -> points, for every exercise of the assignment."""
    return {f"{e.notebook}:{e.grade_id}": e.points for e in masters.all_exercises(course, assignment)}


def grade_class(course, assignment, folder, executor=None, workers=2, settings=Settings(), db_url=None):
    """Grade every hand-in in `folder`; store the results, write the reports, print the summary.

    executor -- any concurrent.futures.Executor (e.g. dask: Client(...).get_executor()); default a
                ProcessPoolExecutor of `workers` processes
    Returns the list of SubmissionResults, sorted by student.
    """
    course = Path(course)
    hand_ins, skipped = submission.find_hand_ins(folder, assignment)
    for note in skipped:
        print(f"skipped: {note}")
    if settings.isolated:
        sandbox.check_available()
    db_url = db_url or gradebook.default_db_url(course)
    gradebook.sync_assignment(course, assignment, db_url)
    own = executor is None
    executor = executor or ProcessPoolExecutor(max_workers=workers)
    results = []
    try:
        futures = {executor.submit(grade_submission, course, assignment, h, settings): h for h in hand_ins}
        for future in reports.progress(as_completed(futures), total=len(futures), description=f"grading {assignment}"):
            student = futures[future].student
            try:
                results.append(future.result())
            except Exception:  # a bug of ours (or a lost worker) costs one student a label, not the batch
                reason = "grader error: " + traceback.format_exc(limit=1).strip().splitlines()[-1]
                results.append(not_graded(student, assignment, reason))
    finally:
        if own:
            executor.shutdown()
    results.sort(key=lambda r: r.student)
    gradebook.store(results, course, db_url)
    report_dir = course / "reports" / assignment
    report_dir.mkdir(parents=True, exist_ok=True)
    reports.write_grade_sheet(results, report_dir / "grades.csv", exercise_points(course, assignment))
    reports.plot_distribution(results, report_dir / "scores.png")
    (report_dir / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    print(reports.summary(results))
    reports.write_feedback(results, course / "feedback")
    print(f"grade sheet: {report_dir / 'grades.csv'}\nscore plot: {report_dir / 'scores.png'}\nfeedback: {course / 'feedback'}/<student>/{assignment}/")
    return results
