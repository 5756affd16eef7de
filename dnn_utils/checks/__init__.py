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
    codec     -- values as JSON trees (stored values, recordings)
    text      -- short descriptions of values for messages

The same engine serves the public checks, the hidden randomised checks (`reveal=False` keeps
expected values out of messages) and the test suite.
"""
from . import integrity, replay, store
from .ladder import RUNGS, run_check
from .results import CheckFailed, Report, Result
from .spec import Case, FunctionCheck, Gradient, Mistake, Vectorised

# The engine as imported: a check cell refuses to run on an engine the notebook has patched.
ENGINE = integrity.snapshot(*integrity.engine_modules())

__all__ = [
    "Case", "CheckFailed", "FunctionCheck", "Gradient", "Mistake", "Report", "Result", "RUNGS", "Vectorised",
    "check", "checker", "exercises", "integrity", "replay", "run_check", "store",
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

    `check.declared` keeps the declarations, for the script that writes the store.
    """
    check_function = checker(*store.complete(specs, module))
    check_function.declared = {spec.name: spec for spec in specs}
    check_function.module = module
    return check_function


def check(spec, function, reveal=True):
    """Run `spec` on `function`, print one line per check, raise CheckFailed if any failed.

    Returns None, so a check cell shows only the printed lines (run_check gives the Report).
    """
    patched = integrity.changed(ENGINE, *integrity.engine_modules())
    if patched:
        message = (
            f"The check engine was changed in this kernel ({', '.join(patched[:3])}), so no check can be trusted: "
            "restart the kernel (Kernel > Restart Kernel) and run your cells again, without patching it."
        )
        report = Report(spec.name, (Result("call", False, message, "tampering"),))
    else:
        report = run_check(spec, function, reveal=reveal)
    print(f"Checking {spec.name}")
    lines = report.lines()
    if not report.passed:
        print("\n".join(lines[:-1]))  # the red summary comes with the raised CheckFailed, once
        raise CheckFailed(report)
    print("\n".join(lines))
