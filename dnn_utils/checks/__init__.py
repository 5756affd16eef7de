"""The check engine behind every check cell.

A check is declared as data (spec: `FunctionCheck`, `Case`, `Mistake`, `Vectorised`, `Gradient`)
and run by `run_check`, which walks a ladder and stops at the first rung that fails:

    call -> type -> shape -> dtype -> values -> behaviour (no mutation, vectorised, gradients)

Modules, one job each:
    spec      -- the declarations
    store     -- expected values computed by a script and stored; filled into the declarations
    ladder    -- the ladder and the comparisons of its rungs
    hints     -- the likely numpy mistake behind a failure, in words
    subject   -- the checked function and what is measured while it runs (tracing, watched calls)
    behaviour -- the behaviour rungs: mutation, forbidden calls, vectorisation, gradients
    replay    -- record and replay, for a grader that judges outside the student's process
    integrity -- whether the engine is still the code that was imported (no patching)
    results   -- Result, Report, CheckFailed and how they print
    overview  -- the check-everything cell: every exercise's verdict in one line, and the count
    codec     -- values as JSON trees (stored values, recordings)
    text      -- short descriptions of values for messages

The same engine serves the public checks, the hidden randomised checks (`reveal=False` keeps
expected values out of messages) and the test suite.
"""
import os
import sys

from . import integrity, overview, replay, store
from .ladder import RUNGS, run_check
from .results import CheckFailed, Report, Result
from .spec import Case, FunctionCheck, Gradient, Mistake, Vectorised

# The engine as imported: a check cell refuses to run on an engine the notebook has patched.
ENGINE = integrity.snapshot(*integrity.engine_modules())

__all__ = [
    "Case", "CheckFailed", "FunctionCheck", "Gradient", "Mistake", "Report", "Result", "RUNGS", "Vectorised",
    "check", "checker", "exercises", "failure_raises", "integrity", "overview", "replay", "report", "run_check", "store",
]


def checker(*specs, reveal=True):
    """A one-argument check function for a notebook: check(propagate) finds the spec by name.

    `check.specs` maps each name to its FunctionCheck (the grader and the tests use them).
    """
    by_name = {spec.name: spec for spec in specs}

    def check_function(function, name=None):
        key = name or getattr(function, "__name__", None)
        if key not in by_name:
            raise KeyError(
                f"There is no check for {key!r} here; the checks are for {', '.join(by_name)}. "
                "Pass the graded function itself, e.g. check(propagate), or name=... if you renamed it."
            )
        return check(by_name[key], function, reveal=reveal)

    check_function.specs = by_name
    return check_function


def exercises(module, *specs):
    """The `check` of a public check module: its declared specs completed from the stored values.

    `check.declared` keeps the declarations, for the script that writes the store. The module also
    gets its `check_all` (and so does `check.check_all`): every exercise's verdict in one line each,
    for the last cell of the notebook (see dnn_utils.checks.overview).
    """
    check_function = checker(*store.complete(specs, module))
    check_function.declared = {spec.name: spec for spec in specs}
    check_function.module = module
    check_function.check_all = overview.check_all_of(module, tuple(check_function.specs.values()), report)
    if module in sys.modules:  # the module is being imported: `from <module> import check_all` works
        sys.modules[module].check_all = check_function.check_all
    return check_function


def check(spec, function, reveal=True):
    """Run `spec` on `function` and print one line per check, then the green or red verdict.

    A failed check raises CheckFailed where a failure must fail the cell (see failure_raises); in a
    student's kernel it only prints, so Run All goes on to the next exercise. Returns None, so a
    check cell shows only the printed lines (run_check gives the Report).
    """
    result = report(spec, function, reveal)
    print(f"Checking {spec.name}")
    lines = result.lines()
    if result.passed or not failure_raises():
        print("\n".join(lines))
        return
    print("\n".join(lines[:-1]))  # the red summary comes with the raised CheckFailed, once
    raise CheckFailed(result)


def report(spec, function, reveal=True):
    """The Report of `spec` on `function`, or a refusal if the engine was patched in this process."""
    patched = integrity.changed(ENGINE, *integrity.engine_modules())
    if patched:
        message = (
            f"The check engine was changed in this kernel ({', '.join(patched[:3])}), so no check can be trusted: "
            "restart the kernel (Kernel > Restart Kernel) and run your cells again, without patching it."
        )
        return Report(spec.name, (Result("call", False, message, "tampering"),))
    return run_check(spec, function, reveal=reveal)


def failure_raises():
    """Whether a failed check raises CheckFailed (its cell fails) rather than only printing its verdict.

    It raises under nbgrader, whose Validate and autograde set NBGRADER_EXECUTION (the cell must fail
    there), when DNN_CHECKS_RAISE=1, and outside a Jupyter kernel (a script or a test wants the
    error). In a Jupyter kernel otherwise, a student's, it prints the red verdict and raises nothing.
    """
    if os.environ.get("NBGRADER_EXECUTION") or os.environ.get("DNN_CHECKS_RAISE") == "1":
        return True
    get_ipython = getattr(sys.modules.get("IPython"), "get_ipython", None)
    return getattr(get_ipython() if get_ipython else None, "kernel", None) is None
