"""Week 2, logistic regression: the reference passes every check, the public literals are the
reference's outputs, wrong answers fail with the right diagnosis, and the master runs clean."""
import copy

import numpy as np
import pytest

from dnn_utils import activations
from dnn_utils.checks import run_check
from dnn_utils.exercises import week2_logistic_regression as public
from check_tools import course_checks, failure, memorised, standard_tests

MODULE = "week2_logistic_regression"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)


# ----------------------------------------------------------------------------- the reference
(
    test_reference_passes_public_and_hidden_checks,
    test_stored_expected_values_are_current,
    test_memorised_public_answers_pass_public_but_fail_hidden,
) = standard_tests(MODULE, memorisable=("sigmoid", "initialize_with_zeros", "optimize", "predict", "model"))


# ----------------------------------------------------------------------------- hard-coded answers
def memorised_propagate(w, b, X, Y):
    """A subtler cheat: the true cost, but the public gradients whatever the input."""
    return copy.deepcopy(PUBLIC["propagate"].cases[0].expected[0]), ref.propagate(w, b, X, Y)[1]


def test_memorised_propagate_passes_public_but_fails_hidden():
    assert run_check(PUBLIC["propagate"], memorised_propagate).passed
    result = failure(HIDDEN["propagate"], memorised_propagate, reveal=False)
    assert result.rung in ("shape", "values")


def test_memorising_everything_of_propagate_fails_the_gradient_check():
    result = failure(PUBLIC["propagate"], memorised(PUBLIC["propagate"]))
    assert result.rung == "behaviour"
    assert result.message.startswith("gradients disagree with centred finite differences")


# ----------------------------------------------------------------------------- sigmoid
def test_sigmoid_with_exp_of_z():
    result = failure(PUBLIC["sigmoid"], lambda z: 1 / (1 + np.exp(z)))
    assert result.rung == "values"
    assert result.message.endswith("These are the values of 1 - sigmoid(z): the exponent is -z, as in 1 / (1 + np.exp(-z)).")


def test_sigmoid_with_the_parentheses_missing():
    result = failure(PUBLIC["sigmoid"], lambda z: 1 / 1 + np.exp(-z))
    assert result.message.endswith("put the whole denominator in parentheses, 1 / (1 + np.exp(-z)).")


def test_sigmoid_calling_the_finished_one():
    def sigmoid(z):
        return activations.sigmoid(z)

    result = failure(PUBLIC["sigmoid"], sigmoid)
    assert result.message.startswith("sigmoid calls the finished dnn_utils.activations.sigmoid")


def test_sigmoid_looping_over_elements():
    def sigmoid(z):
        s = np.empty_like(z)
        for index in np.ndindex(z.shape):
            s[index] = 1 / (1 + np.exp(-z[index]))
        return s

    result = failure(PUBLIC["sigmoid"], sigmoid)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")


# ----------------------------------------------------------------------------- initialize_with_zeros
def test_initialize_with_an_int_bias():
    result = failure(PUBLIC["initialize_with_zeros"], lambda dim: (np.zeros((dim, 1)), 0))
    assert result.message == "b should be a float, got the int 0: write 0.0, or convert with float(...)."


def test_initialize_with_a_rank_1_w():
    result = failure(PUBLIC["initialize_with_zeros"], lambda dim: (np.zeros(dim), 0.0))
    assert result.rung == "shape" and result.message.startswith("w has shape (2,), expected (2, 1).")


def test_initialize_with_integer_zeros():
    result = failure(PUBLIC["initialize_with_zeros"], lambda dim: (np.zeros((dim, 1), dtype=int), 0.0))
    assert result.rung == "dtype"


# ----------------------------------------------------------------------------- propagate
def propagate_with(cost_of, dw_of=lambda X, dZ, m: X @ dZ.T / m, dZ_of=lambda A, Y: A - Y):
    """A propagate whose cost, dw or dZ formula is replaced."""

    def propagate(w, b, X, Y):
        m = X.shape[1]
        A = ref.sigmoid(w.T @ X + b)
        dZ = dZ_of(A, Y)
        return {"dw": dw_of(X, dZ, m), "db": float(np.sum(dZ) / m)}, cost_of(A, Y, m)

    return propagate


def cross_entropy(A, Y, m):
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def test_propagate_without_the_1_minus_y_term():
    result = failure(PUBLIC["propagate"], propagate_with(lambda A, Y, m: float(-np.sum(Y * np.log(A)) / m)))
    assert result.rung == "values" and "This cost has only the y * log(a) term" in result.message


def test_propagate_with_the_squared_error():
    result = failure(PUBLIC["propagate"], propagate_with(lambda A, Y, m: float(np.sum((A - Y) ** 2) / (2 * m))))
    assert "This is the squared error" in result.message


def test_propagate_without_1_over_m_in_dw():
    result = failure(PUBLIC["propagate"], propagate_with(cross_entropy, dw_of=lambda X, dZ, m: X @ dZ.T))
    assert result.message.startswith("grads['dw'] has wrong values")
    assert "Every value is m = 4 times too large: did you forget the 1/m?" in result.message


def test_propagate_with_y_minus_a():
    result = failure(PUBLIC["propagate"], propagate_with(cross_entropy, dZ_of=lambda A, Y: Y - A))
    assert "Every value has the wrong sign." in result.message


def test_propagate_returning_a_cost_array():
    def propagate(w, b, X, Y):
        grads, cost = ref.propagate(w, b, X, Y)
        return grads, np.array([[cost]])

    result = failure(PUBLIC["propagate"], propagate)
    assert result.rung == "type" and result.message.startswith("cost should be a plain float")


def test_propagate_looping_over_examples():
    def propagate(w, b, X, Y):
        m = X.shape[1]
        dw = np.zeros_like(w)
        for i in range(m):
            a = float(ref.sigmoid(w[:, 0] @ X[:, i] + b))
            dw[:, 0] += X[:, i] * (a - Y[0, i]) / m
        grads, cost = ref.propagate(w, b, X, Y)
        return {"dw": dw, "db": grads["db"]}, cost

    result = failure(PUBLIC["propagate"], propagate)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")
    assert "runs 17 times, then 129 times" in result.message


# ----------------------------------------------------------------------------- optimize
def optimize_with(step, record_every=100):
    """An optimize whose update step(w, dw, learning_rate) or recording is replaced."""

    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        costs = []
        for i in range(num_iterations):
            grads, cost = ref.propagate(w, b, X, Y)
            w = step(w, grads["dw"], learning_rate)
            b = step(b, grads["db"], learning_rate)
            if i % record_every == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs

    return optimize


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # going uphill, the second case overflows
def test_optimize_going_uphill():
    result = failure(PUBLIC["optimize"], optimize_with(lambda p, dp, rate: p + rate * dp))
    assert result.rung == "values" and "The parameters moved uphill" in result.message


def test_optimize_updating_in_place():
    def step(p, dp, rate):
        p -= rate * dp
        return p

    result = failure(PUBLIC["optimize"], optimize_with(step))
    assert result.rung == "behaviour"
    assert result.message.startswith("optimize changed its argument w in place")


def test_optimize_recording_every_iteration():
    result = failure(PUBLIC["optimize"], optimize_with(lambda p, dp, rate: p - rate * dp, record_every=1))
    assert result.message == "costs should be a list of 1 value: got a list of 100 values."


# ----------------------------------------------------------------------------- predict
def test_predict_with_greater_or_equal():
    result = failure(PUBLIC["predict"], lambda w, b, X: (ref.sigmoid(w.T @ X + b) >= 0.5).astype(float))
    assert result.rung == "values" and result.message.endswith(public.HALF_HINT)


def test_predict_returning_booleans():
    result = failure(PUBLIC["predict"], lambda w, b, X: ref.sigmoid(w.T @ X + b) > 0.5)
    assert result.rung == "dtype" and "Comparisons give booleans" in result.message


def test_predict_returning_a_rank_1_array():
    result = failure(PUBLIC["predict"], lambda w, b, X: (ref.sigmoid(w.T @ X + b) > 0.5).astype(float).ravel())
    assert result.rung == "shape" and "rank-1 array" in result.message


def test_predict_hidden_includes_a_probability_of_exactly_one_half():
    result = failure(HIDDEN["predict"], lambda w, b, X: (ref.sigmoid(w.T @ X + b) >= 0.5).astype(float), reveal=False)
    assert result.rung == "values"


# ----------------------------------------------------------------------------- model
def model_with(optimize_call):
    """A model whose call to optimize is replaced."""

    def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        w, b = ref.initialize_with_zeros(X_train.shape[0])
        params, grads, costs = optimize_call(w, b, X_train, Y_train, num_iterations, learning_rate)
        w, b = params["w"], params["b"]
        return {
            "costs": costs,
            "Y_prediction_test": ref.predict(w, b, X_test),
            "Y_prediction_train": ref.predict(w, b, X_train),
            "w": w,
            "b": b,
            "learning_rate": learning_rate,
            "num_iterations": num_iterations,
        }

    return model


def test_model_forgetting_the_learning_rate():
    result = failure(PUBLIC["model"], model_with(lambda w, b, X, Y, n, rate: ref.optimize(w, b, X, Y, n)))
    assert result.rung == "values" and "pass model's learning_rate on to optimize" in result.message


def test_model_forgetting_the_number_of_iterations():
    result = failure(PUBLIC["model"], model_with(lambda w, b, X, Y, n, rate: ref.optimize(w, b, X, Y, learning_rate=rate)))
    assert result.message == "d['costs'] should be a list of 4 values: got a list of 1 value."




def test_rank_1_zeros_get_the_tuple_hint():
    def initialize_with_zeros(dim):
        return np.zeros(dim), 0.0

    result = run_check(PUBLIC["initialize_with_zeros"], initialize_with_zeros).failure
    assert result.message == (
        "w has shape (2,), expected (2, 1).\n"
        "np.zeros(dim) makes a rank-1 array: give the shape as a tuple, np.zeros((dim, 1))."
    )
