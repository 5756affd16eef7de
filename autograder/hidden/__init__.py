"""Hidden checks, one module per master notebook: each declares only the INPUTS of its hidden cases.

    INPUTS = {"sigmoid": lambda rng: [Case((rng.uniform(-6, 6, size=(4, 3)),)), ...], ...}
    FORMULAS = {...}   # optional: wrong formulas whose values the public mistakes declare by name
    check_hidden = hidden_checker(__name__, INPUTS, seed=20_402, formulas=FORMULAS)

Everything else comes from elsewhere: name, outputs, tolerances and the mutation check from the
public spec (FunctionCheck.on_inputs), the expected outputs from the master's own solution
(autograder.masters.references), computed when a check is first needed. Each function draws its
inputs from its own generator, seeded by the module's seed and the function's name, so adding an
exercise changes no other exercise's inputs. `reveal=False`: messages never show expected values.
"""
import contextlib
import copy
import functools
import importlib
import io
import zlib

import numpy as np

from autograder import masters
from dnn_utils.checks import Case, check


class HiddenChecks:
    """check_hidden(function): the hidden check of a graded function, by its name."""

    def __init__(self, module, inputs, seed, formulas):
        self.module, self.inputs, self.seed, self.formulas = module, dict(inputs), seed, dict(formulas or {})

    def __call__(self, function, name=None):
        return check(self.spec(name or getattr(function, "__name__", None)), function, reveal=False)

    def declares(self, name):
        """Whether this module declares hidden inputs for `name` (a quiz has none: its public check is all)."""
        return name in self.inputs

    def rng(self, name):
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    @functools.cache
    def spec(self, name):
        """The hidden FunctionCheck of `name`: the public one, on these inputs, with the master's outputs."""
        if name not in self.inputs:
            raise KeyError(f"autograder.hidden.{self.module} declares no hidden inputs for {name!r}; it has {', '.join(self.inputs)}.")
        public = importlib.import_module(f"dnn_utils.exercises.{self.module}").check.specs[name]
        reference = masters.references(self.module)[name]
        cases = [c if isinstance(c, Case) else Case(tuple(c)) for c in self.inputs[name](self.rng(name))]
        with contextlib.redirect_stdout(io.StringIO()):  # what the master's solution prints is not a value
            expected = [reference(*copy.deepcopy(c.args), **copy.deepcopy(c.kwargs)) for c in cases]
        return public.on_inputs(Case(c.args, e, c.kwargs, c.m) for c, e in zip(cases, expected))


def hidden_checker(module, inputs, seed, formulas=None):
    """The `check_hidden` of a hidden module (`module` is its __name__)."""
    return HiddenChecks(module.rpartition(".")[2], inputs, seed, formulas)
