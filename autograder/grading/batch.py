"""A whole class: each hand-in prepared, run in its own sandbox, judged, stored, reported.

`grade_submission` is one self-contained task (picklable arguments, picklable SubmissionResult,
never raises for a bad submission), so any concurrent.futures Executor can run a class: a local
ProcessPoolExecutor by default, or a dask.distributed client's `client.get_executor()` on a cluster.
`grade_judged` runs it under JudgeLimits, and grade_class survives the death of a worker.
"""
import builtins
import json
import math
import multiprocessing
import re
import secrets
import resource
import shutil
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import dnn_utils

from .. import masters
from . import gradebook, harness, judge, lock, reports, sandbox, similarity, submission
from .outcome import GRADED, ExerciseResult, SubmissionResult, not_graded

PACKAGE_ROOT = Path(dnn_utils.__file__).resolve().parents[1]  # the folder of the dnn_utils (and data) this grader uses


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
    with sandbox.workspace(settings.limits) as scratch:  # as root a capped tmpfs, gone with all it holds
        exit_code = secrets.randbelow(60) + 64  # the harness's own end: student code that exits cannot guess it
        write_job(scratch, module, job, settings, exit_code)
        argv = [sys.executable, str(scratch / "harness.py"), str(scratch)]
        # demonstrations shortened; dnn_utils as this grader imports it (the sandbox shows only its package and data)
        env = {**sandbox.default_env(scratch), "NBGRADER_EXECUTION": "autograde", "PYTHONPATH": str(PACKAGE_ROOT)}
        if settings.isolated:
            run = sandbox.run(argv, scratch, expose=sandbox.default_exposed(PACKAGE_ROOT), limits=settings.limits, env=env)
        else:
            run = sandbox.run_unisolated(argv, scratch, limits=settings.limits, env=env)
        progress = read_progress(scratch / "progress.jsonl")
        if run.timed_out or run.returncode != exit_code:
            last = progress["last"]
            where = f" (in {job.cells[last].label})" if last is not None and 0 <= last < len(job.cells) else ""
            ended = "ended itself before the grader finished (sys.exit from a thread, os._exit or a signal)"
            return f"the notebook {ended if run.ok else run.describe()}{where}"
        return [exercise(module, job, cell, scratch, progress["errors"]) for cell in job.cells if cell.kind == "probe"]


def write_job(scratch, module, job, settings, exit_code):
    (scratch / "probes").mkdir(parents=True)
    cells = [{"kind": c.kind, "source": c.source, "label": c.label, "function": c.function} for c in job.cells]
    document = {"cells": cells, "cell_seconds": settings.cell_seconds, "call_seconds": settings.call_seconds,
                "isolated": settings.isolated, "exit_code": exit_code}
    (scratch / "job.json").write_text(json.dumps(document), encoding="utf-8")
    for cell in job.cells:
        if cell.kind == "probe":
            harness.save(scratch / "probes" / cell.function, list(judge.plan(module, cell.function).probes))
    shutil.copy(harness.__file__, scratch / "harness.py")


def read_progress(path):
    """What the harness logged (written by the student's process, so parsed defensively):
    done, the index of the last cell started (None: none), and {cell index: error} of the cells that failed."""
    progress = {"done": False, "last": None, "errors": {}}
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
        elif isinstance(entry.get("label"), str) and isinstance(entry.get("cell"), int):
            progress["last"] = entry["cell"]
        elif isinstance(entry.get("cell"), int) and isinstance(entry.get("error"), dict):
            progress["errors"][entry["cell"]] = entry["error"]
    return progress


CELL_FILE = re.compile(r"/cells/cell_(\d{3})\.py$")


def cell_source(job):
    """source(file, line): the text of a line of a cell the grader ran, found by the file name the
    harness gave it, from the job (never from the student's process); "" for any other file."""
    cells = {i: masters.MAGIC.sub("", c.source).splitlines() for i, c in enumerate(job.cells) if c.kind == "code"}

    def source(file, line):
        match = CELL_FILE.search(str(file))
        lines = cells.get(int(match[1]), []) if match else []
        return lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""

    return source


def cell_error(job, index, error, source):
    """A cell's error in words, from what the harness logged: its class and line, the text ours."""
    if "timeout" in error:
        return "it ran longer than the time limit of a cell and was interrupted"
    kind = str(error.get("type", ""))
    kind = kind if hasattr(builtins, kind) else "an exception of its own class"
    line = error.get("line") if isinstance(error.get("line"), int) else 0
    text = source(f"/cells/cell_{index:03d}.py", line)
    return f"{kind} at line {line}: {text}" if text else kind


def exercise(module, job, cell, scratch, errors):
    """The ExerciseResult of one probe cell, with the student's code and the notes that concern it."""
    source = cell_source(job)
    record = judge.read_record(scratch / "results" / cell.function)
    answer, added = answer_cells(job, cell.function)
    error = cell_error(job, answer, errors[answer], source) if answer in errors else None
    share, message = judge.verdict(module, cell.function, record, cell_error=error, source=source)
    notes = [note for note in job.notes if f"`{cell.function}`" in note]
    if added:
        notes.append(f"{submission.plural(len(added), 'cell')} you added between your answer cell and this check "
                     f"ran too (shown below)")
    notes += [f"a cell you added after your answer cell failed: {cell_error(job, i, errors[i], source)}"
              for i in added if i in errors]
    return ExerciseResult(job.notebook, cell.grade_id, round(float(cell.points) * share, 2), float(cell.points), message,
                          code=kept_code(job.cells[answer].source) if answer is not None else "",
                          added=tuple(kept_code(job.cells[i].source) for i in added), notes=tuple(notes))


CODE_CHARACTERS = 20_000  # of one cell, kept in the records and shown in the feedback


def kept_code(text):
    cut = len(text) - CODE_CHARACTERS
    return text if cut <= 0 else f"{text[:CODE_CHARACTERS]}\n... ({cut} more characters not shown)"


def answer_cells(job, function):
    """Where `function`'s code is in the job: the index of its answer cell (None: none) and the
    indices of the cells the student added that run after it, before its check."""
    answer = next((i for i, c in enumerate(job.cells) if c.label == f"answer `{function}`"), None)
    check = next((i for i, c in enumerate(job.cells) if c.kind == "probe" and c.function == function), len(job.cells))
    start = check if answer is None else answer
    return answer, [i for i in range(start + 1, check) if job.cells[i].label.startswith("a cell you added")]


def missing_notebooks(course, assignment, handed):
    """0 points, said as such, for every exercise of a notebook the student did not hand in."""
    return [
        ExerciseResult(e.notebook, e.grade_id, 0.0, e.points, f"{e.notebook}.ipynb was not handed in.")
        for e in masters.all_exercises(course, assignment) if e.notebook not in handed
    ]


def exercise_points(course, assignment):
    """Grade sheet column ("<notebook>:<grade_id>") -> points, for every exercise of the assignment."""
    return {f"{e.notebook}:{e.grade_id}": e.points for e in masters.all_exercises(course, assignment)}


# ----------------------------------------------------------------------------- a judge that cannot be crashed
@dataclass(frozen=True)
class JudgeLimits:
    """What grading one hand-in may use in the grading worker, besides its sandbox: preparing the
    jobs, loading what the sandbox handed over and judging it.

    memory_mb     -- address space the worker may add (RLIMIT_AS, soft): past it, MemoryError
    cpu_seconds   -- the worker's own CPU time, its sandbox's not counted (ITIMER_PROF): past it,
                     JudgeTimeout
    grace_seconds -- then the kernel's SIGXCPU (RLIMIT_CPU, soft) ends a worker that Python could not
                     interrupt; the hand-in is graded again alone, and dies alone
    The sandbox's processes inherit these soft limits and set their own (sandbox.Limits).
    """

    memory_mb: int = 2048
    cpu_seconds: float = 120
    grace_seconds: float = 5


class JudgeTimeout(BaseException):
    """Raised in a grading worker past JudgeLimits.cpu_seconds. A BaseException, so that the check
    engine's `except Exception` (a student's error) cannot swallow it."""


def _on_judge_timeout(signum, frame):
    raise JudgeTimeout()


@contextmanager
def under_limits(limits):
    """Cap this process's memory and CPU time for one hand-in, then lift the caps (soft limits only,
    so they can be lifted). Only in a process's main thread, as in a process pool's worker: threads
    share their process's limits and signals, so in a thread (a dask worker's) nothing is capped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {which: resource.getrlimit(which) for which in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_CORE)}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    previous = signal.signal(signal.SIGPROF, _on_judge_timeout)
    try:
        size = address_space()
        if size is not None:
            lower_soft_limit(resource.RLIMIT_AS, size + limits.memory_mb * 2**20)
        cpu = usage.ru_utime + usage.ru_stime
        lower_soft_limit(resource.RLIMIT_CPU, math.ceil(cpu + limits.cpu_seconds + limits.grace_seconds))
        lower_soft_limit(resource.RLIMIT_CORE, 0)  # a worker ended by SIGXCPU leaves no core file behind
        signal.setitimer(signal.ITIMER_PROF, limits.cpu_seconds)
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)
        finally:
            signal.signal(signal.SIGPROF, previous)
            for which, (soft, hard) in saved.items():
                resource.setrlimit(which, (soft, hard))


def address_space():
    """This process's address space in bytes (VmSize), or None where /proc does not say."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmSize:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) * 1024 if found else None


def lower_soft_limit(which, value):
    """Set the soft limit `which` to `value` unless it is already lower; the hard limit stays."""
    soft, hard = resource.getrlimit(which)
    caps = [value] + [limit for limit in (soft, hard) if limit != resource.RLIM_INFINITY]
    resource.setrlimit(which, (min(caps), hard))


def grade_judged(course, assignment, hand_in, settings=Settings(), limits=JudgeLimits()):
    """grade_submission under JudgeLimits: whatever fails in the grader for this hand-in (its time,
    its memory, an exception) makes it not graded, with the reason, and touches nothing else."""
    started = time.perf_counter()
    try:
        with under_limits(limits):
            return grade_submission(course, assignment, hand_in, settings)
    except JudgeTimeout:
        reason = f"grading it took more than the grader's CPU-time limit of {limits.cpu_seconds:g} s"
    except MemoryError:
        reason = f"grading it needed more than the grader's memory limit of {limits.memory_mb} MB"
    except Exception as exc:
        traceback.print_exc()  # for the instructor's log: a bug of the grader, whose text the student must not see
        reason = f"grader error: {type(exc).__name__} (a fault of the grader, not of the hand-in; see the grading log)"
    return not_graded(hand_in.student, assignment, reason, time.perf_counter() - started)


def grade_alone(course, assignment, hand_ins, settings, limits, workers):
    """Grade each hand-in in a fresh process of its own, `workers` at a time. After a worker died
    (every hand-in it had queued is lost with it), the one that kills its process again is the only
    one that pays for it: "not graded: the grader's process died while grading it (...)"."""
    context = multiprocessing.get_context()
    results = []
    for start in range(0, len(hand_ins), max(1, workers)):
        runs = []
        for hand_in in hand_ins[start:start + max(1, workers)]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_grade_into, args=(send, course, assignment, hand_in, settings, limits))
            process.start()
            send.close()  # ours: the child holds the only writer, so its death reads as EOF
            runs.append((hand_in, process, receive))
        for hand_in, process, receive in runs:
            try:
                result = receive.recv()
            except EOFError:
                result = None
            process.join()
            receive.close()
            died = f"the grader's process died while grading it ({ending(process.exitcode, limits)})"
            results.append(result or not_graded(hand_in.student, assignment, died))
    return results


def _grade_into(send, course, assignment, hand_in, settings, limits):
    send.send(grade_judged(course, assignment, hand_in, settings, limits))
    send.close()


def ending(exitcode, limits):
    """How a grading process ended, in words (a negative exit code is the signal that ended it)."""
    if exitcode is None or exitcode >= 0:
        return f"exit status {exitcode}"
    number = -exitcode
    name = signal.Signals(number).name if number in signal.valid_signals() else "unknown"
    why = {
        signal.SIGKILL: ", e.g. by the kernel when the machine ran out of memory",
        signal.SIGXCPU: f", past the grader's CPU-time limit of {limits.cpu_seconds:g} s",
    }.get(number, "")
    return f"killed by signal {number}, {name}{why}"


def with_kept_grade(result, earlier):
    """A not-graded result that says the student's earlier grade stands (gradebook.store kept it)."""
    stands = f"{reports.number(earlier.total)} / {reports.number(earlier.max_score)}"
    return replace(result, reason=f"{result.reason} (the earlier grade, {stands}, stands)")


def with_notes(result, notes):
    """The result with what finding its hand-in noted (handed in late, ...) added to its reason."""
    return replace(result, reason="; ".join(filter(None, (result.reason, *notes)))) if notes else result


def with_lateness(result, hand_in, due, points_per_hour):
    """The result with when `hand_in` was handed in (submission.handed_in_at), how late past `due`
    (None: no due date, never late) and the penalty for it (late_penalty)."""
    moment, how = submission.handed_in_at(hand_in)
    if moment is None:
        return with_notes(result, [how])
    seconds = max(0.0, (moment - due).total_seconds()) if due is not None else 0.0
    earned = sum(e.points for e in result.exercises)
    penalty = late_penalty(result.student, earned, seconds, points_per_hour) if result.graded and seconds else 0.0
    result = replace(result, submitted=moment.isoformat(timespec="seconds"), late_seconds=seconds, penalty=penalty)
    return with_notes(result, [f"handed in {reports.lateness(seconds)} late (from {how})"] if seconds else [])


def late_penalty(student, score, seconds_late, points_per_hour):
    """The points taken off a hand-in `seconds_late` late, by an nbgrader LateSubmissionPlugin (the
    SubMarks of nbgrader's docs): `points_per_hour` for each hour or part of one, never more than
    `score`. 0 points per hour is nbgrader's default, no penalty."""
    from nbgrader.plugins import LateSubmissionPlugin

    class SubMarks(LateSubmissionPlugin):
        def late_submission_penalty(self, student_id, score, total_seconds_late):
            return min(score, math.ceil(total_seconds_late / 3600) * points_per_hour)

    plugin = SubMarks() if points_per_hour else LateSubmissionPlugin()
    return round(float(plugin.late_submission_penalty(student, score, seconds_late) or 0.0), 2)


def selected_hand_ins(target, assignment, roster=None, student=None):
    """The hand-ins to grade and notes on the files skipped: every hand-in in the folder `target`;
    only `student`'s there; or, when `target` is a notebook file, the one hand-in that holds it (the
    student's other notebooks beside it included), as its folder or one above it lays them out
    (nbgrader's <student>/<assignment>/, a Moodle student's folder). ValueError says why there is none."""
    target = Path(target)
    if target.is_dir():
        hand_ins, skipped = submission.find_hand_ins(target, assignment, roster)
        if student is None:
            return hand_ins, skipped
        chosen = [h for h in hand_ins if h.student == student]
        if not chosen:
            raise ValueError(f"No hand-in of {student!r} in {target}: the students there are "
                             f"{', '.join(h.student for h in hand_ins)}. Give --student one of them.")
        return chosen, [note for note in skipped if student in note]
    if not target.is_file():
        raise ValueError(f"{target} is not a folder nor a file: give the folder that holds the hand-ins, or one "
                         "hand-in's notebook.")
    if target.suffix != ".ipynb":
        raise ValueError(f"{target.name} is not a notebook (.ipynb): give a hand-in's notebook, or the folder that "
                         "holds the hand-ins.")
    why = []
    for folder in reversed(target.resolve().parents[:3]):  # the widest layout first: nbgrader's <student>/<assignment>/
        try:
            hand_ins, skipped = submission.find_hand_ins(folder, assignment, roster)
        except (ValueError, OSError):
            continue
        chosen = [h for h in hand_ins if target.resolve() in {Path(f).resolve() for f in h.files}]
        if chosen and (student is None or chosen[0].student == student):
            return chosen, [note for note in skipped if chosen[0].student in note]
        why += [note for note in skipped if target.name in note]
    detail = "; ".join(dict.fromkeys(why)) or f"no hand-in{'' if student is None else f' of {student!r}'} in its folder holds it"
    raise ValueError(f"{target} is no hand-in of {assignment}: {detail}.")


def class_results(course, assignment):
    """The class as stored: every student's grade of record for `assignment`, whoever a run graded,
    sorted by student. A grade that stands because a later hand-in could not be graded says so."""
    results = []
    for result in gradebook.load_results(course, assignment):
        attempt = gradebook.result_path(course, result.student, assignment).with_name(gradebook.ATTEMPT)
        if result.graded and attempt.exists():
            try:
                failed = f"a later hand-in was not graded ({gradebook.read_result(attempt).reason}); this grade stands"
            except gradebook.GradebookError:
                failed = "a later hand-in was not graded; this grade stands"
            result = replace(result, reason="; ".join(filter(None, (result.reason, failed))))
        results.append(result)
    return results


def report_similarity(course, assignment, results):
    """reports/<assignment>/similarity.html from the answers the stored results hold; prints a line."""
    answers, _ = similarity.answers_from_results(results)
    if len(answers) > 1:
        flagged, path = similarity.report(course, assignment, answers)
        print(similarity.said(flagged, len(answers), path))


@lock.one_run_per_assignment
def grade_class(course, assignment, folder, executor=None, workers=2, settings=Settings(), db_url=None,
                judge_limits=JudgeLimits(), roster=None, student=None, due=None, late_penalty_per_hour=0.0):
    """Grade every hand-in in `folder`; store the results, write the reports, print the summary.

    folder       -- the folder of hand-ins, or one notebook file: only its student is graded
    student      -- grade only this student of the folder
    The reports (grade sheet, plot, results.json, history.csv, similarity.html, the summary) cover
    the whole class as stored, not only this run's students (class_results). Each graded hand-in is
    stored in nbgrader's layout and gradebook (gradebook.store); the reports and the feedback take
    the gradebook's numbers, what Formgrader adjusted by hand included (gradebook.as_recorded).

    executor     -- any concurrent.futures.Executor (e.g. dask: Client(...).get_executor()); default a
                    ProcessPoolExecutor of `workers` processes
    judge_limits -- what grading one hand-in may use in its worker (JudgeLimits)
    roster       -- the class (a list of roster.Student): hand-ins take their ids and names from it
    due          -- the due date (an aware datetime), recorded as the gradebook assignment's; default
                    the one the gradebook has (`nbgrader db assignment add --duedate`, Formgrader)
    late_penalty_per_hour -- points off a late hand-in per hour or part of one (late_penalty)
    Returns the list of SubmissionResults, sorted by student. A hand-in the grader fails on is not
    graded, with the reason, and costs nobody else: when a worker dies, the hand-ins it took with it
    are graded again, each in a process of its own. One run per assignment at a time (lock.py); a
    hand-in of another assignment is refused: returned not graded, with its reason, but never
    stored, so it touches no grade; a folder mostly of another assignment, or a gradebook that
    cannot be opened, stops the run before anything is recorded.
    """
    course = Path(course)
    hand_ins, skipped = selected_hand_ins(folder, assignment, roster, student)
    for note in skipped:
        print(f"skipped: {note}")
    hand_ins, refused = submission.set_aside_other_assignments(hand_ins, course, assignment, folder)
    for hand_in, reason in refused:
        print(f"refused: {hand_in.student}: {reason}")
    for hand_in in hand_ins:
        for note in hand_in.notes:
            print(f"note: {hand_in.student}: {note}")
    if settings.isolated:
        sandbox.check_available()
    db_url = db_url or gradebook.default_db_url(course)
    gradebook.check_database(db_url)
    gradebook.sync_assignment(course, assignment, db_url)
    due = gradebook.due_date(assignment, db_url, due)
    own = executor is None
    executor = executor or ProcessPoolExecutor(max_workers=workers)
    results, lost = [], []
    try:
        futures = {executor.submit(grade_judged, course, assignment, h, settings, judge_limits): h for h in hand_ins}
        for future in reports.progress(as_completed(futures), total=len(futures), description=f"grading {assignment}"):
            hand_in = futures[future]
            try:
                results.append(future.result())
            except BrokenProcessPool:  # a worker died, and every hand-in its pool still held with it
                lost.append(hand_in)
            except Exception:  # the executor failed (e.g. dask's KilledWorker): one student, not the batch
                reason = "grader error: " + traceback.format_exc(limit=1).strip().splitlines()[-1]
                results.append(not_graded(hand_in.student, assignment, reason))
    finally:
        if own:
            executor.shutdown()
    if lost:
        print(f"a grading process died: grading {len(lost)} hand-in(s) again, each in a process of its own")
        results.extend(grade_alone(course, assignment, lost, settings, judge_limits, workers))
    notes = {h.student: h.notes for h in hand_ins}
    results = sorted((with_notes(r, notes[r.student]) for r in results), key=lambda r: r.student)
    handed = {h.student: h for h in hand_ins}
    results = [with_lateness(r, handed[r.student], due, late_penalty_per_hour) for r in results]
    kept = gradebook.store(results, course, db_url, handed) or {}
    gradebook.record_students([h.who for h in hand_ins if h.who], db_url)
    # the gradebook's numbers from here on: what Formgrader adjusted by hand counts, and is flagged
    results = gradebook.as_recorded([with_kept_grade(r, kept[r.student]) if r.student in kept else r for r in results],
                                    db_url)
    everyone, points = gradebook.as_recorded(class_results(course, assignment), db_url), exercise_points(course, assignment)
    report_dir = course / "reports" / assignment
    report_dir.mkdir(parents=True, exist_ok=True)
    names = {student: who.name for student, who in gradebook.students(db_url).items() if who.name}
    reports.write_grade_sheet(everyone, report_dir / "grades.csv", points, names)
    reports.plot_distribution(everyone, report_dir / "scores.png")
    (report_dir / "results.json").write_text(json.dumps([asdict(r) for r in everyone], indent=1), encoding="utf-8")
    reports.write_history(gradebook.history(course, assignment), report_dir / "history.csv")
    refusals = [not_graded(h.student, assignment, reason) for h, reason in refused]  # shown, never stored
    print(reports.run_summary(sorted(results + refusals, key=lambda r: r.student), kept))
    print(reports.summary(everyone, points))
    report_similarity(course, assignment, everyone)
    print(f"sandbox: {sandbox.mechanism() if settings.isolated else 'off (--no-sandbox): rlimits per process, no isolation'}")
    reports.write_feedback(results, course / "feedback")
    print(f"grade sheet: {report_dir / 'grades.csv'}\nscore plot: {report_dir / 'scores.png'}\nfeedback: {course / 'feedback'}/<student>/{assignment}/")
    return sorted(results + refusals, key=lambda r: r.student)
