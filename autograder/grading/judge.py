"""Judging a student's function from outside the sandbox, with the course's own check specs.

1. plan: run the public and hidden checks of a function on the REFERENCE through a recording
   Subject; every call the engine makes (with its inputs) becomes a probe.
2. the harness, inside the sandbox, makes the same probes on the student's function and records the
   outputs as data (harness.py).
3. verdict: run the same checks again on a ReplaySubject that answers each call with the student's
   recorded output. Everything that decides (comparison, tolerances, mutation, vectorisation and
   gradient arithmetic) runs here, in a process student code never touched.
"""
import copy
import functools
import importlib
from dataclasses import dataclass

from dnn_utils.checks import LiveSubject, Outcome, Subject, _same, run_check

from . import harness


@dataclass(frozen=True)
class Plan:
    """specs: ((FunctionCheck, reveal), ...) in the check cell's order; probes: ((kind, inputs), ...)."""

    specs: tuple
    probes: tuple


def module_name(assignment, notebook):
    """week4, 02_deep_network_application -> week4_deep_network_application."""
    return f"{assignment}_{notebook.split('_', 1)[1]}"


@functools.lru_cache(maxsize=None)
def plan(module, function):
    """The checks of `function` in notebook module `module`, and the probes they need."""
    public = importlib.import_module(f"dnn_utils.exercises.{module}").check.specs[function]
    hidden = importlib.import_module(f"autograder.hidden.{module}").check_hidden.specs[function]
    reference = getattr(importlib.import_module(f"autograder.references.{module}"), function)
    recorder = RecordingSubject(LiveSubject(reference))
    specs = ((public, True), (hidden, False))
    for spec, reveal in specs:
        report = run_check(spec, recorder, reveal=reveal)
        if not report.passed:
            raise RuntimeError(f"the reference {module}.{function} fails its own check: {report.failure}")
    return Plan(specs, tuple(recorder.probes))


class RecordingSubject(Subject):
    """Passes everything to another subject and records each call it is asked to make."""

    def __init__(self, inner):
        self.inner, self.probes = inner, []

    def is_callable(self):
        return self.inner.is_callable()

    def describe(self):
        return self.inner.describe()

    def parameter_names(self):
        return self.inner.parameter_names()

    def call(self, args, kwargs):
        self.probes.append(("call", copy.deepcopy((args, kwargs))))
        return self.inner.call(args, kwargs)

    def count_lines(self, args):
        self.probes.append(("lines", copy.deepcopy(args)))
        return self.inner.count_lines(args)

    def forbidden_calls(self, args, kwargs, forbidden):
        names = tuple(f"{f.__module__}.{f.__name__}" for f in forbidden)
        self.probes.append(("forbidden", copy.deepcopy((args, kwargs, names))))
        return self.inner.forbidden_calls(args, kwargs, forbidden)


class ReplaySubject(Subject):
    """Answers the engine's calls with the outputs the harness recorded for the same inputs."""

    def __init__(self, probes, record):
        self.probes, self.record, self.used = probes, record, set()
        results = record.get("results")
        self.results = results if isinstance(results, list) else []

    def is_callable(self):
        return self.record.get("callable") is True

    def describe(self):
        return str(self.record.get("describe", "not a function"))[:200]

    def parameter_names(self):
        names = self.record.get("parameters")
        return [str(n) for n in names] if isinstance(names, list) else []

    def _result(self, kind, inputs):
        """The recorded result (a dict) of the first unused probe of this kind with these inputs."""
        for index, (probe_kind, probe_inputs) in enumerate(self.probes):
            if index not in self.used and probe_kind == kind and _same(probe_inputs, inputs):
                self.used.add(index)
                result = self.results[index] if index < len(self.results) else None
                return result if isinstance(result, dict) else {"error": "no output was recorded for this call"}
        return {"error": "this call was not planned (a problem of the grader, not of your code)"}

    def call(self, args, kwargs):
        result = self._result("call", (args, kwargs))
        error = _error(result)
        if error is not None:
            return Outcome(error=error)
        after = result.get("after")
        if not (isinstance(after, tuple) and len(after) == 2):
            return Outcome(error="the recorded call is incomplete")
        return Outcome(value=result.get("value"), before=copy.deepcopy((args, kwargs)), after=after)

    def count_lines(self, args):
        result = self._result("lines", args)
        counts, sources = {}, {}
        try:
            for file, line, n in result.get("counts", []):
                counts[(str(file), int(line))] = int(n)
            for file, line, text in result.get("sources", []):
                sources[(str(file), int(line))] = str(text)[:300]
        except (TypeError, ValueError):
            return {}, {}, "the recorded line counts are malformed"
        return counts, sources, _error(result)

    def forbidden_calls(self, args, kwargs, forbidden):
        names = tuple(f"{f.__module__}.{f.__name__}" for f in forbidden)
        result = self._result("forbidden", (args, kwargs, names))
        called = result.get("called", [])
        return ([str(c) for c in called] if isinstance(called, list) else []), _error(result)


def _error(result):
    error = result.get("error")
    return None if error is None else str(error)[:2000]


def verdict(module, function, record, cell_error=None):
    """(passed, message) for one graded function from the harness's record (None: never reached).

    The message is what the student may see: the public check's lines, then the hidden check's
    lines, which never show hidden inputs or expected values.
    """
    if record is None:
        return False, f"{function}: the notebook never reached its check."
    if not isinstance(record, dict) or not record.get("defined"):
        why = f"\nYour answer cell failed: {cell_error}" if cell_error else ""
        return False, f"{function} is not defined: its answer cell is missing, or it did not define {function}.{why}"
    course_plan = plan(module, function)
    subject = ReplaySubject(course_plan.probes, record)
    lines, passed = [], True
    for spec, reveal in course_plan.specs:
        report = run_check(spec, subject, reveal=reveal)
        lines.append(("Public checks" if reveal else "Hidden checks") + f" of {function}:")
        lines.extend(report.lines(colour=False))
        passed = passed and report.passed
    return passed, "\n".join(lines)


def read_record(path):
    """The harness's record of one function, or None if it is missing or malformed."""
    try:
        record = harness.load(path)
    except harness.CodecError:
        return None
    return record if isinstance(record, dict) else None
