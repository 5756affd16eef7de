"""Stored expected values: written from the masters' solutions, read into the public checks, never stale,
never a solution in what students install."""
import json
import pkgutil

import numpy as np
import pytest

import dnn_utils.exercises
from autograder import expected, masters
from dnn_utils.checks import Case, FunctionCheck, Mistake, run_check, store
from dnn_utils.checks.codec import CodecError, decode, encode

MODULES = expected.public_modules()


def test_every_master_has_a_public_check_module_with_a_spec_per_exercise():
    for path in masters.paths():
        module = masters.module_name(path.parent.name, path.stem)
        assert module in MODULES, f"{path} has no dnn_utils/exercises/{module}.py"
        declared = __import__(f"dnn_utils.exercises.{module}", fromlist=["check"]).check.declared
        assert list(declared) == [e.function for e in masters.exercises(path)]


def test_every_exercise_has_hidden_inputs_and_nothing_else_does():
    for path in masters.paths():
        module = masters.module_name(path.parent.name, path.stem)
        hidden = __import__(f"autograder.hidden.{module}", fromlist=["INPUTS"])
        functions = [e.function for e in masters.exercises(path) if e.function != "quiz"]  # a quiz has no hidden check
        assert list(hidden.INPUTS) == functions, module


def test_every_stored_value_is_what_the_masters_give():
    assert expected.stale() == [], "run: python3 course.py expected"


@pytest.mark.parametrize("module", MODULES)
def test_stored_values_fill_every_public_case_and_mistake(module):
    specs = __import__(f"dnn_utils.exercises.{module}", fromlist=["check"]).check.specs
    for spec in specs.values():
        assert spec.complete, f"{module}.{spec.name} has cases without stored values"


def test_store_files_hold_data_only():
    """What students install: JSON values, no code, and no check module imports autograder."""
    for path in store.FOLDER.glob("*.json"):
        tree = json.loads(path.read_text())
        assert set(tree) == {"functions"}
    for info in pkgutil.iter_modules(dnn_utils.exercises.__path__):
        source = (store.FOLDER.parent / f"{info.name}.py").read_text()
        assert "autograder" not in source.replace("`python3 course.py expected`", "")


def spec_with(cases):
    return FunctionCheck("double", ("y",), cases, mutation=False)


def test_a_changed_input_leaves_the_check_incomplete_with_a_message(tmp_path, monkeypatch):
    declared = spec_with((Case((np.array([1.0, 2.0]),)),))
    entries = store.entries(declared, lambda x: 2 * x, {})
    monkeypatch.setattr(store, "FOLDER", tmp_path)
    (tmp_path / "toy.json").write_text(json.dumps({"functions": {"double": entries}}))
    (done,) = store.complete((declared,), "dnn_utils.exercises.toy")
    assert done.complete and run_check(done, lambda x: 2 * x).passed
    changed = spec_with((Case((np.array([1.0, 3.0]),)),))
    (stale,) = store.complete((changed,), "dnn_utils.exercises.toy")
    assert not stale.complete
    with pytest.raises(ValueError, match="python3 course.py expected"):
        run_check(stale, lambda x: 2 * x)


def test_mistakes_derive_call_and_formula_give_their_values(tmp_path, monkeypatch):
    case = Case(
        (np.array([1.0, 2.0]), 3.0),
        mistakes=(
            Mistake("y", "forgot the factor", derive=lambda y, case: y / case.args[1]),
            Mistake("y", "used the factor 4", call=lambda args, kwargs: ((args[0], 4.0), kwargs)),
            Mistake("y", "added instead", formula="added"),
        ),
    )
    declared = spec_with((case,))
    entries = store.entries(declared, lambda x, k: k * x, {"added": lambda x, k: x + k})
    monkeypatch.setattr(store, "FOLDER", tmp_path)
    (tmp_path / "toy.json").write_text(json.dumps({"functions": {"double": entries}}))
    (done,) = store.complete((declared,), "toy")
    values = [m.value for m in done.cases[0].mistakes]
    for got, want in zip(values, ([1.0, 2.0], [4.0, 8.0], [4.0, 5.0])):
        np.testing.assert_array_equal(got, want)
    assert "used the factor 4" in run_check(done, lambda x, k: 4 * x).failure.message


def test_a_mistake_needs_exactly_one_way_to_its_value():
    with pytest.raises(ValueError, match="exactly one"):
        Mistake("y", "hint")
    with pytest.raises(ValueError, match="exactly one"):
        Mistake("y", "hint", derive=lambda y, case: y, formula="f")


def test_inline_values_round_trip_with_their_types():
    value = {"a": (np.arange(6.0).reshape(2, 3), np.float64(2.5), [1, True, None, "s"]), "b": np.array([[1, 2]], dtype=np.uint8)}
    back = decode(json.loads(json.dumps(encode(value))))
    assert isinstance(back["a"], tuple) and isinstance(back["a"][1], np.float64)
    np.testing.assert_array_equal(back["a"][0], value["a"][0])
    assert back["b"].dtype == np.uint8 and back["a"][2] == [1, True, None, "s"]
    with pytest.raises(CodecError):
        decode({"t": "array", "dtype": "O", "shape": [1], "v": [1]})
