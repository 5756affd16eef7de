"""Judging a student's function from outside the sandbox, with the course's own check specs.

1. plan: run the public and hidden checks of a function on the master's own solution through a
   RecordingSubject; every call the engine makes (with its inputs and what to measure) is a probe.
2. the harness, inside the sandbox, makes the same probes on the student's function and records the
   outputs as data (harness.py).
3. verdict: run the same checks again on a ReplaySubject that answers each call with the student's
   recorded output. Everything that decides (comparison, tolerances, mutation, vectorisation and
   gradient arithmetic) runs here, in a process student code never touched.
"""
import functools
import importlib
from dataclasses import dataclass

from dnn_utils.checks import run_check
from dnn_utils.checks.behaviour import share_kept
from dnn_utils.checks.replay import RecordingSubject, ReplaySubject
from dnn_utils.checks.subject import LiveSubject

from .. import masters
from . import harness


@dataclass(frozen=True)
class Plan:
    """specs: ((FunctionCheck, reveal), ...) in the check cell's order; probes: ((args, kwargs, measure), ...)."""

    specs: tuple
    probes: tuple


@functools.lru_cache(maxsize=None)
def plan(module, function):
    """The checks of `function` in notebook module `module`, and the probes they need: its public
    check, and its hidden check where the hidden module declares inputs for it (a quiz has none)."""
    public = importlib.import_module(f"dnn_utils.exercises.{module}").check.specs[function]
    hidden = importlib.import_module(f"autograder.hidden.{module}").check_hidden
    recorder = RecordingSubject(LiveSubject(masters.references(module)[function]))
    specs = ((public, True),) + (((hidden.spec(function), False),) if hidden.declares(function) else ())
    for spec, reveal in specs:
        report = run_check(spec, recorder, reveal=reveal)
        if not report.passed:
            raise RuntimeError(f"the master's solution of {module}.{function} fails its own check: {report.failure}")
    return Plan(specs, tuple(recorder.probes))


def verdict(module, function, record, cell_error=None, source=lambda file, line: ""):
    """(share of the points earned, message) for one graded function from the harness's record
    (None: never reached).

    The message is what the student may see: the public check's lines, then the hidden check's,
    worded here from types, numbers and `source` (the lines of the cells the grader ran), never
    from text the student's process produced, and without hidden inputs or expected values. The
    share: 0 unless both checks have the values right; then each failed behaviour check costs its
    share (dnn_utils.checks.behaviour.SHARES), stated in the message.
    cell_error -- the answer cell's own error, already worded, or None
    """
    if record is None:
        return 0.0, f"{function}: the notebook never reached its check."
    if record.get("tampered"):
        return 0.0, (f"{function}: your answer cells changed the grader's own code (the check engine, the tracer "
                     "or the harness), so nothing measured from then on can be trusted: this exercise earns nothing.")
    if not record.get("defined"):
        why = f"\nYour answer cell failed: {cell_error}" if cell_error else ""
        return 0.0, f"{function} is not defined: its answer cell is missing, or it did not define {function}.{why}"
    course_plan = plan(module, function)
    subject = ReplaySubject(course_plan.probes, record, function, source)
    lines, shares = [], []
    for spec, reveal in course_plan.specs:
        report = run_check(spec, subject, reveal=reveal, echo=False)
        lines.append(("Public checks" if reveal else "Hidden checks") + f" of {function}:")
        lines.extend(report.lines(colour=False))
        shares.append(share_kept(report))
    share = min(shares)
    if 0 < share < 1:
        lines.append(f"The values are right: {share:.0%} of the points (each failed behaviour check costs its share).")
    return share, "\n".join(lines)


def read_record(path):
    """The harness's record of one function, or None if it is missing or malformed."""
    try:
        record = harness.load(path)
    except harness.CodecError:
        return None
    return record if isinstance(record, dict) else None
