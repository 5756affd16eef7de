"""The check engine, fed deliberately wrong implementations: each diagnosis is pinned."""
import numpy as np
import pytest

from dnn_utils import activations
from dnn_utils.checks import Case, CheckFailed, FunctionCheck, Gradient, Mistake, Vectorised, check, run_check

RNG = np.random.default_rng(0)
W = RNG.standard_normal((3, 1))
X = RNG.standard_normal((3, 5))
Y = (RNG.random((1, 5)) > 0.5).astype(float)


# ----------------------------------------------------------------------------- implementations
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = activations.sigmoid(w.T @ X + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, cost


def propagate_without_1_over_m(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    A = activations.sigmoid(w.T @ X + b)
    return {"dw": X @ (A - Y).T, "db": grads["db"]}, cost


def propagate_transposed(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    A = activations.sigmoid(w.T @ X + b)
    return {"dw": (A - Y) @ X.T / X.shape[1], "db": grads["db"]}, cost


def propagate_w_not_transposed(w, b, X, Y):
    A = activations.sigmoid(np.dot(w, X) + b)
    return propagate(w, b, X, Y)


def propagate_looping(w, b, X, Y):
    m = X.shape[1]
    dw = np.zeros_like(w)
    for i in range(m):
        a = activations.sigmoid(float(w[:, 0] @ X[:, i]) + b)
        dw[:, 0] += X[:, i] * (a - Y[0, i]) / m
    grads, cost = propagate(w, b, X, Y)
    return {"dw": dw, "db": grads["db"]}, cost


def propagate_int_db(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    return {"dw": grads["dw"], "db": 0}, cost


def propagate_missing_db(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    return {"dw": grads["dw"]}, cost


def propagate_one_output(w, b, X, Y):
    return propagate(w, b, X, Y)[0]


def propagate_not_written(w, b, X, Y):
    raise NotImplementedError()


def propagate_wrong_gradient(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    return {"dw": 2 * grads["dw"], "db": grads["db"]}, cost


def propagate_mutating(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    w -= 0.0 * grads["dw"] + 1.0
    return grads, cost


def _make_propagate_args(m):
    rng = np.random.default_rng(m)
    return W, 0.5, rng.standard_normal((3, m)), (rng.random((1, m)) > 0.5).astype(float)


def _propagate_spec(**overrides):
    expected = propagate(W, 0.5, X, Y)
    fields = dict(
        name="propagate",
        outputs=("grads", "cost"),
        cases=(Case(args=(W, 0.5, X, Y), expected=expected, m=5),),
        vectorised=Vectorised(_make_propagate_args),
        gradient=Gradient(
            params={"w": W, "b": np.array(0.5)},
            cost=lambda f, p: f(p["w"], float(p["b"]), X, Y)[1],
            grads=lambda f, p: {"w": f(p["w"], float(p["b"]), X, Y)[0]["dw"], "b": f(p["w"], float(p["b"]), X, Y)[0]["db"]},
        ),
    )
    fields.update(overrides)
    return FunctionCheck(**fields)


def failure(spec, function):
    report = run_check(spec, function)
    assert not report.passed, "the check should have failed"
    return report.failure


# ----------------------------------------------------------------------------- the ladder
def test_correct_function_passes_every_rung():
    report = run_check(_propagate_spec(), propagate)
    assert report.passed, report.lines(colour=False)
    assert [r.rung for r in report.results] == ["call", "type", "shape", "dtype", "values", "behaviour", "behaviour", "behaviour"]
    assert report.lines(colour=False)[-1] == "propagate: all checks passed"


def test_missing_1_over_m_is_diagnosed():
    result = failure(_propagate_spec(), propagate_without_1_over_m)
    assert result.rung == "values"
    assert result.message.startswith("grads['dw'] has wrong values")
    assert "tolerance rtol=1e-06, atol=1e-08" in result.message
    assert "Every value is m = 5 times too large: did you forget the 1/m?" in result.message


def test_transposed_w_is_diagnosed_from_the_shape():
    result = failure(_propagate_spec(), propagate_transposed)
    assert result.rung == "shape"
    assert result.message == (
        "grads['dw'] has shape (1, 3), expected (3, 1).\n"
        "That is the transposed shape: check W vs W.T, and the order of the factors in np.dot."
    )


def test_w_instead_of_w_transpose_in_a_product_is_diagnosed_from_the_error():
    result = failure(_propagate_spec(), propagate_w_not_transposed)
    assert result.rung == "call"
    assert "propagate_w_not_transposed raised ValueError" in result.message
    assert "A = activations.sigmoid(np.dot(w, X) + b)" in result.message
    assert "check W vs W.T" in result.message


def test_a_loop_over_examples_fails_vectorisation_and_points_at_the_loop():
    result = failure(_propagate_spec(), propagate_looping)
    assert result.rung == "behaviour"
    assert result.message.startswith("not vectorised: your code runs")
    assert "for i in range(m):" in result.message.split("\n")[1]
    assert "runs 17 times, then 129 times" in result.message


def test_a_loop_over_layers_is_fine():
    def forward(X, n_layers=3):
        A = X
        for _ in range(n_layers):
            A = np.tanh(A)
        return A

    spec = FunctionCheck("forward", ("A",), (Case((X,), np.tanh(np.tanh(np.tanh(X)))),), vectorised=Vectorised(lambda m: (np.ones((3, m)),)))
    assert run_check(spec, forward).passed


def test_a_mutating_function_is_caught_and_named():
    result = failure(_propagate_spec(vectorised=None, gradient=None), propagate_mutating)
    assert result.rung == "behaviour"
    assert result.message.startswith("propagate changed its argument w in place")
    assert "w = w - ... instead of w -= ..." in result.message


def test_a_wrong_gradient_is_caught_by_finite_differences():
    spec = _propagate_spec(cases=())
    report = run_check(spec, propagate_wrong_gradient)
    result = report.failure
    assert result.rung == "behaviour"
    assert "gradients disagree with centred finite differences of the cost; worst parameter w" in result.message
    assert "(threshold 1e-07)" in result.message


def test_gradient_check_passes_with_small_error_reported():
    report = run_check(_propagate_spec(cases=()), propagate)
    assert report.passed
    assert "worst parameter" in report.results[-1].message


def test_missing_keepdims_is_diagnosed():
    spec = FunctionCheck("row_sums", ("s",), (Case((X,), X.sum(axis=1, keepdims=True)),))
    result = failure(spec, lambda X: np.sum(X, axis=1))
    assert result.message == (
        "s has shape (3,), expected (3, 1).\n"
        "A rank-1 array where a column was expected: did you forget keepdims=True (in a sum or mean), or a reshape to (3, 1)?"
    )


def test_rank_1_row_is_diagnosed():
    spec = FunctionCheck("predict", ("Y_prediction",), (Case((X,), (X[:1] > 0).astype(float)),))
    result = failure(spec, lambda X: (X[0] > 0).astype(float))
    assert result.message.startswith("Y_prediction has shape (5,), expected (1, 5).\nThis is a rank-1 array (5,)")


def test_sum_over_the_wrong_axis_is_diagnosed():
    spec = FunctionCheck("row_sums", ("s",), (Case((X,), X.sum(axis=1, keepdims=True)),))
    result = failure(spec, lambda X: np.sum(X, axis=0, keepdims=True))
    assert "did you sum over axis=0 instead of axis=1?" in result.message


def test_broadcasting_to_a_square_is_diagnosed():
    b = np.arange(3.0).reshape(3, 1)
    spec = FunctionCheck("add_bias", ("Z",), (Case((b,), b + 1),))
    result = failure(spec, lambda b: b + np.ones(3))
    assert "broadcasting a rank-1 array against a column" in result.message


def test_broadcasting_with_right_shape_and_wrong_values_uses_the_declared_mistake():
    x = np.array([[3.0, 4.0], [1.0, 2.0]])
    wrong = x / np.linalg.norm(x, axis=0, keepdims=True)
    hint = "You divided by the column norms: use np.linalg.norm(x, axis=1, keepdims=True)."
    case = Case((x,), x / np.linalg.norm(x, axis=1, keepdims=True), mistakes=(Mistake("x_normalized", hint, value=wrong),))
    spec = FunctionCheck("normalize_rows", ("x_normalized",), (case,))
    result = failure(spec, lambda x: x / np.linalg.norm(x, axis=0, keepdims=True))
    assert result.rung == "values"
    assert result.message.endswith(hint)


# ----------------------------------------------------------------------------- type and dtype
def test_int_where_float_expected():
    result = failure(_propagate_spec(), propagate_int_db)
    assert result.rung == "type"
    assert result.message == "grads['db'] should be a float, got the int 0: write 0.0, or convert with float(...)."


def test_missing_key_and_wrong_number_of_outputs():
    assert "grads has no key 'db'" in failure(_propagate_spec(), propagate_missing_db).message
    assert failure(_propagate_spec(), propagate_one_output).message == (
        "propagate should return 2 values (grads, cost): got a dict with keys ['dw', 'db']."
    )


def test_none_list_and_integer_dtype():
    spec = FunctionCheck("sigmoid", ("s",), (Case((X,), activations.sigmoid(X)),))
    assert failure(spec, lambda x: None).message == "s is None: did you forget a return statement?"
    assert "Use np.array(...)" in failure(spec, lambda x: [1.0]).message
    result = failure(spec, lambda x: (x > 0).astype(int))
    assert result.rung == "dtype" and "expected floating point (float64)" in result.message


def test_not_implemented_yet():
    result = failure(_propagate_spec(), propagate_not_written)
    assert result.message == "propagate_not_written is not written yet: replace `raise NotImplementedError()` with your code."


def test_forbidden_finished_version_earns_nothing():
    spec = FunctionCheck("sigmoid", ("s",), (Case((X,), activations.sigmoid(X)),), forbidden=(activations.sigmoid,))
    result = failure(spec, lambda z: activations.sigmoid(z))
    assert result.message.startswith("sigmoid calls the finished dnn_utils.activations.sigmoid: write it yourself")
    assert run_check(spec, lambda z: 1 / (1 + np.exp(-z))).passed


# ----------------------------------------------------------------------------- output
def test_hidden_mode_reveals_no_expected_values():
    report = run_check(_propagate_spec(), propagate_without_1_over_m, reveal=False)
    assert "expected:" not in report.failure.message
    assert "largest difference" in report.failure.message


def test_check_prints_one_line_per_rung_and_raises_a_short_assertion(capsys):
    with pytest.raises(CheckFailed) as info:
        check(_propagate_spec(), propagate_transposed)
    assert isinstance(info.value, AssertionError)
    assert info.value._render_traceback_() == ["\033[31mpropagate: failed at the shape check. Fix it and run this cell again.\033[0m"]
    printed = capsys.readouterr().out
    assert "Traceback" not in printed and "def " not in printed
    assert printed.count("PASS") == 2 and printed.count("FAIL") == 1
    assert "failed at the shape check" not in printed, "the summary is shown once, by the raised error"


def test_check_prints_green_all_passed(capsys):
    assert check(_propagate_spec(), propagate) is None  # nothing but the printed lines in a check cell
    assert "\033[32mpropagate: all checks passed\033[0m" in capsys.readouterr().out


def test_unwritten_helper_is_named_not_the_caller():
    def helper(x):
        raise NotImplementedError()

    def outer(x):
        return helper(x)

    spec = FunctionCheck("outer", ("s",), (Case((X,), X),))
    assert failure(spec, outer).message.startswith("helper is not written yet")


def test_lists_are_compared_element_by_element():
    spec = FunctionCheck("costs", ("costs",), (Case((), [1.0, 2.0]),))
    assert run_check(spec, lambda: [1.0, 2.0]).passed
    assert failure(spec, lambda: [1.0, 3.0]).message.startswith("costs[1] has wrong values")
    assert failure(spec, lambda: [1.0]).message == "costs should be a list of 2 values: got a list of 1 value."


def test_a_declared_mistake_of_the_wrong_shape_gives_its_own_hint():
    hint = "np.zeros(dim) is rank-1: write np.zeros((dim, 1))."
    case = Case((3,), np.zeros((3, 1)), mistakes=(Mistake("w", hint, value=np.zeros(3)),))
    spec = FunctionCheck("zeros", ("w",), (case,))
    assert failure(spec, lambda dim: np.zeros(dim)).message == f"w has shape (3,), expected (3, 1).\n{hint}"
    assert "keepdims" in failure(spec, lambda dim: np.ones(dim)).message
