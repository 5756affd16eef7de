"""The judge: probes planned on the reference, outputs recorded by the harness, verdict by replay."""
import json

import numpy as np
import pytest

from autograder.grading import harness, judge
from check_tools import course_checks
from dnn_utils.checks.replay import describe_function

MODULE = "week2_logistic_regression"
ref = course_checks(MODULE)[1]


def recorded(name, function, tmp_path):
    """What the harness would hand over for `function`, through the files it writes."""
    probes_path = tmp_path / "probes"
    harness.save(probes_path, list(judge.plan(MODULE, name).probes))
    record = {"defined": True, **describe_function(function)}
    record["results"] = harness.make_probes(function, harness.load(probes_path), seconds=30)
    harness.save(tmp_path / "record", record)
    return judge.read_record(tmp_path / "record")


def test_the_reference_passes_through_record_and_replay(tmp_path):
    share, message = judge.verdict(MODULE, "propagate", recorded("propagate", ref.propagate, tmp_path))
    assert share == 1, message
    assert message.count("all checks passed") == 2


def test_a_wrong_gradient_fails_with_the_engine_diagnosis(tmp_path):
    def propagate(w, b, X, Y):
        grads, cost = ref.propagate(w, b, X, Y)
        return {"dw": grads["dw"] * 2, "db": grads["db"]}, cost

    share, message = judge.verdict(MODULE, "propagate", recorded("propagate", propagate, tmp_path))
    assert share == 0
    assert "Every value is off by the same factor 2." in message


def test_patching_numpy_inside_the_run_changes_nothing(tmp_path, monkeypatch):
    def sigmoid(z):
        np.allclose = lambda *a, **k: True  # what a cheater's answer cell does in the sandbox
        return z * 0

    original = np.allclose
    record = recorded("sigmoid", sigmoid, tmp_path)
    np.allclose = original  # the judge runs in another process; here we undo it by hand
    share, message = judge.verdict(MODULE, "sigmoid", record)
    assert share == 0 and "wrong values" in message


@pytest.mark.parametrize("record", [
    None,
    {"defined": False},
    {"defined": True, "callable": True, "results": "garbage"},
    {"defined": True, "callable": True, "results": [{"error": None, "value": 1, "after": "x"}] * 50},
    {"defined": True, "callable": "yes"},
])
def test_missing_or_forged_records_fail_cleanly(record):
    share, message = judge.verdict(MODULE, "sigmoid", record)
    assert share == 0 and message


def test_an_undefined_function_shows_the_error_of_its_answer_cell():
    share, message = judge.verdict(MODULE, "sigmoid", {"defined": False}, cell_error="NameError at line 2: return 1 / (1 + np.exp(-z))")
    assert share == 0
    assert message == (
        "sigmoid is not defined: its answer cell is missing, or it did not define sigmoid.\n"
        "Your answer cell failed: NameError at line 2: return 1 / (1 + np.exp(-z))"
    )


def test_the_data_format_round_trips_and_never_unpickles(tmp_path):
    value = {"a": (np.arange(3.0), np.float64(2.5), [1, True, None, "s"]), 3: float("nan")}
    harness.save(tmp_path / "v", value)
    back = harness.load(tmp_path / "v")
    assert isinstance(back["a"], tuple) and isinstance(back["a"][1], np.float64)
    np.testing.assert_array_equal(back["a"][0], value["a"][0])
    assert back["a"][2] == [1, True, None, "s"] and np.isnan(back[3])
    np.save(tmp_path / "evil.npy", np.array([object()], dtype=object), allow_pickle=True)
    np.savez(tmp_path / "x.npz", np.array([{"x": 1}], dtype=object))
    (tmp_path / "x.json").write_text(json.dumps({"t": "array", "i": 0}))
    with pytest.raises(harness.CodecError):
        harness.load(tmp_path / "x")
    (tmp_path / "y.json").write_text(json.dumps({"t": "dict", "v": [[{"t": "list", "v": []}, None]]}))
    np.savez(tmp_path / "y.npz")
    with pytest.raises(harness.CodecError):
        harness.load(tmp_path / "y")
