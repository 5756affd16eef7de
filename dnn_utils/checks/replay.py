"""Record and replay, for a grader that judges outside the student's process.

1. RecordingSubject runs the checks on a correct function and notes every request the ladder makes:
   these are the probes, (args, kwargs, measure) each.
2. Somewhere else (a sandbox), `answer(function, probe)` makes each probe on the student's function
   and turns the Outcome into plain data (`record_of`).
3. ReplaySubject runs the same checks again and answers each request with the recorded data, so
   every comparison happens in the judging process, on data only.
"""
import copy

from .behaviour import same
from .subject import NOTHING, LiveSubject, Measure, Outcome, Subject

MAX_ERROR = 2000
MAX_SOURCE = 300


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
    return {
        "error": outcome.error,
        "value": outcome.value,
        "after": outcome.after,
        "lines": [[file, line, n] for (file, line), n in outcome.lines.items()],
        "sources": [[file, line, text] for (file, line), text in outcome.sources.items()],
        "called": list(outcome.called),
    }


def describe_function(value):
    """What the judge needs to know of a name the student defined, as plain data."""
    subject = LiveSubject(value)
    return {"callable": subject.is_callable(), "describe": subject.describe(), "parameters": subject.parameter_names()}


class ReplaySubject(Subject):
    """Answers the engine's calls with the outputs recorded for the same inputs.

    probes -- the planned probes, in order; record -- {"callable", "describe", "parameters",
    "results": [one record per probe]} as the student's process wrote it, so read defensively.
    """

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

    def call(self, args, kwargs, measure=NOTHING):
        wanted = (args, kwargs, {"lines": measure.lines, "watch": list(measure.watch)})
        result = self._result(wanted)
        error = result.get("error")
        if error is not None:
            return Outcome(error=str(error)[:MAX_ERROR])
        after = result.get("after")
        if not (isinstance(after, tuple) and len(after) == 2):
            return Outcome(error="the recorded call is incomplete")
        try:
            lines = {(str(f), int(line)): int(n) for f, line, n in result.get("lines", [])}
            sources = {(str(f), int(line)): str(text)[:MAX_SOURCE] for f, line, text in result.get("sources", [])}
            called = tuple(str(c) for c in result.get("called", []))
        except (TypeError, ValueError):
            return Outcome(error="the recorded measurements are malformed")
        return Outcome(result.get("value"), None, copy.deepcopy((args, kwargs)), after, lines, sources, called)

    def _result(self, wanted):
        """The recorded result (a dict) of the first unused probe equal to `wanted`."""
        for index, probe in enumerate(self.probes):
            if index not in self.used and same(tuple(probe), wanted):
                self.used.add(index)
                result = self.results[index] if index < len(self.results) else None
                return result if isinstance(result, dict) else {"error": "no output was recorded for this call"}
        return {"error": "this call was not planned (a problem of the grader, not of your code)"}
