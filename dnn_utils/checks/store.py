"""Stored expected values: the public checks' outputs, computed by a script, read when a check
module loads.

A public check module declares inputs and mistakes; `python3 course.py expected` (the instructor
side, autograder/expected.py) runs the master's solutions on those inputs and writes
dnn_utils/exercises/expected/<module>.json. Students install that file, never the solutions. Each
stored case carries a digest of its inputs, so a declaration changed without running the script
again is an error here, not a silently wrong check.

File layout: {"functions": {name: [{"inputs": sha256, "expected": tree, "mistakes": [tree or
null, ...]}, ...]}}, trees as dnn_utils.checks.codec writes them; a mistake declared with derive=
is null there and computed here from the expected value. A quiz stores [{"answers": {number:
digest}}] (dnn_utils.checks.quiz).
"""
import contextlib
import copy
import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import codec
from .ladder import leaves
from .quiz import Quiz

FOLDER = Path(__file__).resolve().parents[1] / "exercises" / "expected"


def path_of(module):
    """dnn_utils.exercises.week2_numpy_basics -> .../exercises/expected/week2_numpy_basics.json"""
    return FOLDER / f"{module.rpartition('.')[2]}.json"


def digest(args, kwargs):
    """A fingerprint of a call's inputs: types, shapes, dtypes and exact values."""
    hasher = hashlib.sha256()

    def feed(value):
        if isinstance(value, (np.ndarray, np.generic)):
            array = np.ascontiguousarray(value)
            hasher.update(f"array {array.dtype.str} {array.shape};".encode())
            hasher.update(array.tobytes())
        elif isinstance(value, dict):
            hasher.update(f"dict {len(value)};".encode())
            for key, item in value.items():
                feed(key)
                feed(item)
        elif isinstance(value, (tuple, list)):
            hasher.update(f"{type(value).__name__} {len(value)};".encode())
            for item in value:
                feed(item)
        else:
            hasher.update(f"{type(value).__name__} {value!r};".encode())

    feed((tuple(args), dict(kwargs)))
    return hasher.hexdigest()


def pick(spec, value, output):
    """The part of a whole output `value` that messages call `output` ("grads['dw']")."""
    for name, want, _ in leaves(spec, value, value):
        if name == output:
            return want
    raise KeyError(f"{spec.name} has no output named {output!r}; its outputs are {[n for n, _, _ in leaves(spec, value, value)]}")


def complete(specs, module):
    """The specs with every expected value and mistake value filled in from the module's store.

    A spec whose stored values are missing or stale stays as declared (incomplete): run_check then
    says to run the script, and the script can still import the module to write them.
    """
    try:
        stored = json.loads(path_of(module).read_text(encoding="utf-8"))["functions"]
    except FileNotFoundError:
        stored = {}
    return tuple(_complete(spec, stored.get(spec.name)) or spec for spec in specs)


def _complete(spec, entries):
    """The completed spec, or None when `entries` do not belong to its declared cases."""
    if isinstance(spec, Quiz):
        return _complete_quiz(spec, entries)
    if entries is None or len(entries) != len(spec.cases):
        return None
    cases = []
    for case, entry in zip(spec.cases, entries):
        if entry["inputs"] != digest(case.args, case.kwargs) or len(entry["mistakes"]) != len(case.mistakes):
            return None
        expected = codec.decode(entry["expected"])
        mistakes = tuple(
            replace(m, value=codec.decode(tree) if m.stored else m.derive(pick(spec, expected, m.output), case))
            for m, tree in zip(case.mistakes, entry["mistakes"])
        )
        cases.append(replace(case, expected=expected, mistakes=mistakes))
    return replace(spec, cases=tuple(cases))


def _complete_quiz(quiz, entries):
    """The quiz with its answers' digests, or None when the stored ones are not for its questions
    (a question added or removed without running the script)."""
    if not isinstance(entries, list) or len(entries) != 1:
        return None
    answers = {int(number): digest for number, digest in entries[0].get("answers", {}).items()}
    return replace(quiz, answers=answers) if set(answers) == {q.number for q in quiz.questions} else None


def entries(spec, reference, formulas):
    """The store's entries for one spec: the reference's outputs, and the values of the mistakes
    declared with call= (the reference on other arguments) or formula= (a wrong formula, which
    returns the wrong value of that one output). A quiz's one entry holds the digests of the
    master's answers, never the answers."""
    with contextlib.redirect_stdout(io.StringIO()):  # what the master's solution prints is not a value
        if isinstance(spec, Quiz):
            return [{"answers": {str(n): d for n, d in spec.key_of(reference()).items()}}]
        return [_entry(spec, case, reference, formulas) for case in spec.cases]


def _entry(spec, case, reference, formulas):
    expected = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    mistakes = []
    for mistake in case.mistakes:
        if mistake.call is not None:
            args, kwargs = mistake.call(copy.deepcopy(case.args), copy.deepcopy(case.kwargs))
            value = pick(spec, reference(*args, **kwargs), mistake.output)
        elif mistake.formula is not None:
            if mistake.formula not in formulas:
                raise KeyError(f"{spec.name}: no wrong formula {mistake.formula!r} in the hidden module's FORMULAS")
            value = formulas[mistake.formula](*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        else:
            mistakes.append(None)
            continue
        mistakes.append(codec.encode(value))
    return {"inputs": digest(case.args, case.kwargs), "expected": codec.encode(expected), "mistakes": mistakes}
