"""Hidden inputs are not the public ones made over: for every exercise, some hidden input is larger
in the example dimension than every public input, and no hidden call repeats a public call's
integer arguments (sizes, iteration counts), so an answer right only on the public shapes fails."""
import numpy as np
import pytest

from autograder import masters
from check_tools import course_checks

EXERCISES = [(masters.module_name(e.assignment, e.notebook), e.function) for e in masters.all_exercises()
             if e.function != "quiz"]  # a quiz's answers are its only inputs: it has no hidden check


def arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from arrays(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from arrays(item)


def integers(value):
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        yield int(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from integers(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from integers(item)


def examples(case):
    """The largest size in the example dimension (an array's last axis) among the case's inputs."""
    return max((a.shape[-1] for a in arrays((case.args, case.kwargs)) if a.ndim), default=0)


@pytest.mark.parametrize("module, name", EXERCISES, ids=[f"{m}.{n}" for m, n in EXERCISES])
def test_hidden_inputs_are_larger_and_use_other_integers(module, name):
    _, _, public, hidden = course_checks(module)
    public_cases, hidden_cases = public[name].cases, hidden[name].cases
    if any(examples(c) for c in public_cases):
        assert max(map(examples, hidden_cases)) > max(map(examples, public_cases)), (
            f"{module}.{name}: no hidden input is larger than the public ones in the example dimension")
    public_integers = {tuple(integers((c.args, c.kwargs))) for c in public_cases}
    repeated = [c for c in hidden_cases if tuple(integers((c.args, c.kwargs))) in public_integers - {()}]
    assert not repeated, f"{module}.{name}: a hidden call repeats a public call's integer arguments"
