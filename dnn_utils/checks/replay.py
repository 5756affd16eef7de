"""Record and replay, for a grader that judges outside the student's process.

1. RecordingSubject runs the checks on a correct function and notes every request the ladder makes:
   these are the probes, (args, kwargs, measure) each.
2. Somewhere else (a sandbox), `answer(function, probe)` makes each probe on the student's function
   and turns the Outcome into plain data (`record_of`).
3. ReplaySubject runs the same checks again and answers each request with the recorded data, so
   every comparison happens in the judging process, on data only.
"""
import copy
import re

from .behaviour import same
from .subject import NOTHING, Fault, LiveSubject, Measure, Outcome, Subject

MAX_ERROR = 2000
ARRAY = re.compile(r"a numpy array of shape \([0-9, ]{0,40}\)")


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

    def call(self, args, kwargs, measure=NOTHING):
        self.probes.append((copy.deepcopy(args), copy.deepcopy(kwargs), {"lines": measure.lines, "watch": list(measure.watch)}))
        return self.inner.call(args, kwargs, measure)


def answer(subject, probe):
    """The record (plain data) of one probe made on a LiveSubject."""
    args, kwargs, measure = probe
    outcome = subject.call(tuple(args), dict(kwargs), Measure(bool(measure["lines"]), tuple(measure["watch"])))
    return record_of(outcome)


def record_of(outcome):
    fault = outcome.fault
    return {
        "fault": None if fault is None else {
            "kind": fault.kind, "type": fault.type, "function": fault.function,
            "file": fault.file, "line": fault.line, "message": fault.message, "where": fault.where,
        },
        "value": outcome.value,
        "after": outcome.after,
        "lines": [[file, line, n] for (file, line), n in outcome.lines.items()],
        "called": list(outcome.called),
        "tampered": outcome.tampered,
    }


# What the harness records when a probe could not be made; the judge words it.
HARNESS_FAULTS = {
    "timeout": "did not return within the time limit of a call",
    "unrecordable": "returned a value the grader cannot record (a function, a generator, an object of its own class?)",
    "failed": "could not be called",
}


def describe_function(value):
    """What the judge needs to know of a name the student defined, as plain data."""
    subject = LiveSubject(value)
    return {"callable": subject.is_callable(), "describe": subject.describe(), "parameters": subject.parameter_names()}


class ReplaySubject(Subject):
    """Answers the engine's calls with the outputs recorded for the same inputs.

    probes -- the planned probes, in order; record -- {"callable", "describe", "parameters",
    "results": [one record per probe]} as the student's process wrote it, so read defensively and
    never shown as it is: messages are worded here from types, numbers and the lines of the
    student's own cells (`source(file, line)`, which knows the cells the grader ran).
    name -- the graded function's name, as messages call it
    """

    def __init__(self, probes, record, name, source=lambda file, line: ""):
        self.probes, self.record, self.name, self.source, self.used = probes, record, name, source, set()
        results = record.get("results")
        self.results = results if isinstance(results, list) else []

    def is_callable(self):
        return self.record.get("callable") is True

    def describe(self):
        described = str(self.record.get("describe", ""))
        return described if described == "None" or ARRAY.fullmatch(described) else "a value of another kind"

    def parameter_names(self):
        names = self.record.get("parameters")
        return [str(n)[:40] for n in names if str(n).isidentifier()] if isinstance(names, list) else []

    def call(self, args, kwargs, measure=NOTHING):
        wanted = (args, kwargs, {"lines": measure.lines, "watch": list(measure.watch)})
        result = self._result(wanted)
        if result.get("harness") in HARNESS_FAULTS:
            return Outcome(error=f"{self.name} {HARNESS_FAULTS[result['harness']]}.")
        try:
            if result.get("fault") is not None:
                return self._fault(result["fault"])
            after = result.get("after")
            if not (isinstance(after, tuple) and len(after) == 2):
                return Outcome(error=f"{self.name}: the recorded call is incomplete")
            lines = {(str(f), int(line)): int(n) for f, line, n in result.get("lines", [])}
            called = tuple(str(c) for c in result.get("called", []) if str(c) in measure.watch)
        except (TypeError, ValueError, KeyError):
            return Outcome(error=f"{self.name}: the recorded measurements are malformed")
        sources = {key: self.source(*key) for key in lines}
        tampered = "the measurement was interfered with during the call" if result.get("tampered") else None
        return Outcome(result.get("value"), None, copy.deepcopy((args, kwargs)), after, lines, sources, called, tampered)

    def _fault(self, recorded):
        """The Outcome of a recorded fault, worded without the student's message or names."""
        file, line = str(recorded["file"]), int(recorded["line"])
        kind = "unwritten" if recorded["kind"] == "unwritten" else "raised"
        function = str(recorded["function"]) if kind == "unwritten" else self.name
        if not (function.isidentifier() and len(function) <= 60):
            function = self.name
        where = str(recorded.get("where", ""))
        fault = Fault(kind, str(recorded["type"])[:60], function, file, line if self.source(file, line) else 0,
                      str(recorded["message"])[:MAX_ERROR], where if where.isidentifier() and len(where) <= 60 else "")
        return Outcome(error=fault.text(self.name, self.source, echo=False), fault=fault)

    def _result(self, wanted):
        """The recorded result (a dict) of the first unused probe equal to `wanted`."""
        for index, probe in enumerate(self.probes):
            if index not in self.used and same(tuple(probe), wanted):
                self.used.add(index)
                result = self.results[index] if index < len(self.results) else None
                return result if isinstance(result, dict) else {"harness": "failed"}
        return {"harness": "failed"}
