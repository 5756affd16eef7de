"""Declarations: what is checked about a graded function, as data.

A public check module (dnn_utils/exercises/) declares one FunctionCheck per graded function: its
inputs (`Case`s), the known mistakes on them, tolerances and behaviour checks. The expected outputs
are not written here: a script computes them from the master's solution and stores them beside the
module (see dnn_utils.checks.store), and `Case.expected` is filled in when the module loads.
"""
from dataclasses import dataclass, field, replace
from typing import Any, Callable


class _Missing:
    """The value of a field the store fills in (an expected output, a mistake's value)."""

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()


@dataclass(frozen=True)
class Mistake:
    """A known wrong output, how its value comes about, and the diagnosis shown when a student's
    output is that value.

    output -- name of the output it concerns, as in messages: "dw" or "grads['dw']"
    hint   -- the diagnosis shown to the student
    Exactly one way to get the wrong value:
    derive  -- derive(want, case): the wrong value from the expected one by the transformation the
               mistake makes (`lambda s, case: 1 - s`, times case.m for a missing 1/m, a transpose)
    call    -- call(args, kwargs) -> (args, kwargs): the mistake gives what a correct function gives
               on other arguments (the other activation, another learning rate); the store script
               computes it with the master's solution
    formula -- the name of a wrong formula in the hidden module's FORMULAS (instructor side): the
               store script runs it on the case's inputs; it returns the value of `output` only
    value   -- the wrong value itself, filled in from the above (a test may give it directly)
    """

    output: str
    hint: str
    derive: Callable | None = None
    call: Callable | None = None
    formula: str | None = None
    value: Any = MISSING

    def __post_init__(self):
        ways = [w for w in (self.derive, self.call, self.formula) if w is not None]
        if len(ways) > 1 or (not ways and self.value is MISSING):
            raise ValueError(
                f"Mistake on {self.output!r}: give exactly one of derive=, call= or formula= (or value=)."
            )

    @property
    def stored(self):
        """Whether the store script computes this mistake's value (call= or formula=)."""
        return self.call is not None or self.formula is not None


@dataclass(frozen=True)
class Case:
    """One fixed input and the output it must give.

    args, kwargs -- the call's arguments (copied before every call)
    expected     -- the return value: array, number, tuple or dict, nested as the function returns it;
                    MISSING in a declaration, filled in from the store
    m            -- number of examples in the input, used to diagnose a missing 1/m
    mistakes     -- known wrong outputs for this input, each with its diagnosis
    """

    args: tuple
    expected: Any = MISSING
    kwargs: dict = field(default_factory=dict)
    m: int | None = None
    mistakes: tuple = ()


@dataclass(frozen=True)
class Vectorised:
    """Check that the student's Python line count does not grow with the number of examples.

    make_args -- make_args(m) returns the call's positional arguments for m examples
    m         -- the small size; the function also runs at factor * m
    """

    make_args: Callable[[int], tuple]
    m: int = 16
    factor: int = 8


@dataclass(frozen=True)
class Gradient:
    """Check a backward function's output against centred finite differences.

    params -- dict name -> float64 array at which to check
    cost   -- cost(function, params) -> float, the forward computation to differentiate
    grads  -- grads(function, params) -> dict name -> array, the analytic gradient of each param
    """

    params: dict
    cost: Callable[[Callable, dict], float]
    grads: Callable[[Callable, dict], dict]
    eps: float = 1e-6
    threshold: float = 1e-7


@dataclass(frozen=True)
class FunctionCheck:
    """Everything that is checked about one graded function.

    name       -- the function's name, as the student wrote it
    outputs    -- names of the returned values (one name: the function returns a single value)
    cases      -- fixed inputs with expected outputs
    rtol, atol -- tolerance of the values rung
    mutation   -- check that the arguments are left unchanged
    vectorised -- optional Vectorised
    gradient   -- optional Gradient
    forbidden  -- functions the student must not call (finished versions shipped in dnn_utils)
    quiet      -- the function prints by design (week 4b's predict prints its accuracy): what it
                  prints while it is checked is discarded
    """

    name: str
    outputs: tuple
    cases: tuple
    rtol: float = 1e-6
    atol: float = 1e-8
    mutation: bool = True
    vectorised: Vectorised | None = None
    gradient: Gradient | None = None
    forbidden: tuple = ()
    quiet: bool = False

    @property
    def complete(self):
        """Whether every expected output and mistake value is known."""
        return all(
            case.expected is not MISSING and all(m.value is not MISSING for m in case.mistakes) for case in self.cases
        )

    def on_inputs(self, cases):
        """The same check on other inputs, without the behaviour checks that do not depend on them.

        A hidden check is this: other cases (no mistakes declared on them), the same name, outputs,
        tolerances and mutation check; vectorisation, gradients and forbidden calls were already
        checked by the public check on the same function, so they are not repeated.
        """
        return replace(self, cases=tuple(cases), vectorised=None, gradient=None, forbidden=())


def forbidden_names(spec):
    """Dotted names ("dnn_utils.activations.sigmoid") of the spec's forbidden functions."""
    return tuple(f"{f.__module__}.{f.__qualname__}" for f in spec.forbidden)
