"""The check-everything cell: every exercise of a notebook at once, none stopping the others.

A notebook's last cell runs

    from dnn_utils.exercises.week2_numpy_basics import check_all
    check_all(globals())

which runs each exercise's public check on the function of that name, prints a line per exercise,
a ✓ or a ✗ with why in one line (the first line of the failed rung's message), and the count:

    ✓ basic_sigmoid
    ...
    ✗ softmax             not written yet
    ✗ L1                  loss has wrong values: largest difference 0.6 (tolerance rtol=1e-06, atol=1e-08).
    ✓ L2
    week 2 · numpy basics: 6 of 8 exercises pass

`course.py progress` shows the same verdicts for every saved notebook of the course.
"""
import contextlib
import io
import re
import warnings
from dataclasses import dataclass

from .results import GREEN, RED, RESET

NOT_DEFINED = "not defined: run its cell"
NOT_WRITTEN = "not written yet"


@dataclass(frozen=True)
class Verdict:
    """One exercise at a glance: its function, whether every check passed, and if not why, in one line."""

    name: str
    passed: bool
    reason: str = ""

    def line(self, width=0, colour=True):
        green, red, reset = (GREEN, RED, RESET) if colour else ("", "", "")
        if self.passed:
            return f"{green}✓{reset} {self.name}"
        return f"{red}✗{reset} {self.name:<{width}}  {self.reason}"


def title_of(module):
    """A notebook's short title from its check module: ...week2_numpy_basics -> "week 2 · numpy basics"."""
    stem = module.rsplit(".", 1)[-1]
    match = re.fullmatch(r"week(\d+)_(\w+)", stem)
    return f"week {match[1]} · {match[2].replace('_', ' ')}" if match else stem.replace("_", " ")


def summary(title, verdicts):
    """The count line: "week 2 · numpy basics: 5 of 8 exercises pass"."""
    return f"{title}: {sum(v.passed for v in verdicts)} of {len(verdicts)} exercises pass"


def verdict(spec, namespace, report):
    """The Verdict of `spec` on the function of its name in `namespace`; never raises for the student's sake.

    report(spec, function) -> Report runs the check. What the function prints or warns is not shown:
    the check-everything cell shows one line per exercise.
    """
    if spec.name not in namespace:
        return Verdict(spec.name, False, NOT_DEFINED)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = report(spec, namespace[spec.name])
    except KeyboardInterrupt:
        return Verdict(spec.name, False, "interrupted while its check ran: does it loop for ever?")
    except Exception as exc:  # the check itself could not run (e.g. stale stored values): say why, go on
        return Verdict(spec.name, False, first_line(str(exc)) or type(exc).__name__)
    if result.passed:
        return Verdict(spec.name, True)
    if result.score and result.failure.kind == "question":  # a quiz: how many answers are right
        return Verdict(spec.name, False, f"{result.score[0]} of {result.score[1]} answers right")
    reason = first_line(result.failure.message)
    return Verdict(spec.name, False, NOT_WRITTEN if reason.startswith(f"{spec.name} is not written yet") else reason)


def first_line(text):
    return text.strip().split("\n", 1)[0]


def check_all_of(module, specs, report):
    """The `check_all(namespace)` of a public check module: every spec, in order, on `namespace`.

    check_all.verdicts(namespace) gives the Verdicts without printing (course.py progress uses it);
    check_all.title is the notebook's short title.
    """
    title = title_of(module)

    def verdicts(namespace):
        """The Verdict of every exercise, in order, each as soon as its check has run."""
        return (verdict(spec, namespace, report) for spec in specs)

    def check_all(namespace):
        """Check every exercise of this notebook on the functions in `namespace` (pass globals()):
        a ✓ or ✗ line per exercise, then how many pass. A failing exercise never stops the others."""
        found = list(verdicts(namespace))
        width = max((len(v.name) for v in found), default=0)
        print("\n".join([*(v.line(width) for v in found), summary(title, found)]))

    check_all.verdicts = verdicts
    check_all.title = title
    return check_all
