"""Week 1, what a neural network is: the reference passes every check, the stored expected values are
the reference's outputs, and the wrong answers beginners write fail with the right diagnosis."""

import numpy as np
import pytest

from dnn_utils import activations
from dnn_utils.checks import run_check
from dnn_utils.exercises import week1_what_is_a_neural_network as public
from check_tools import course_checks, failure, standard_tests

MODULE = "week1_what_is_a_neural_network"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)


# ----------------------------------------------------------------------------- the reference
(
    test_reference_passes_public_and_hidden_checks,
    test_stored_expected_values_are_current,
    test_memorised_public_answers_pass_public_but_fail_hidden,
) = standard_tests(MODULE)


def test_reference_relu_agrees_with_the_finished_one():
    Z = np.random.default_rng(0).standard_normal((3, 4, 5))
    np.testing.assert_array_equal(ref.relu(Z), activations.relu(Z))


def test_hidden_inputs_exercise_both_sides_of_every_relu():
    """Each case with a negative weighted sum catches a missing ReLU; the public inputs are not reused."""
    sizes = [case.args[0] for case in HIDDEN["housing_neuron"].cases]
    assert not any(np.array_equal(size, case.args[0]) for size in sizes for case in PUBLIC["housing_neuron"].cases)
    kinks = [case.args[1] * case.args[0] + case.args[2] for case in HIDDEN["housing_neuron"].cases]
    assert sum((z < 0).any() and (z > 0).any() for z in kinks) >= 2
    for case in HIDDEN["stacked_prices"].cases:
        X, p = case.args
        Z1 = p["W1"] @ X + p["b1"]
        Z2 = p["W2"] @ ref.relu(Z1) + p["b2"]
        assert (Z1 < 0).any() and (Z2 < 0).any() and (Z2 > 0).any()
    assert all(0 < case.expected < 100 for case in HIDDEN["accuracy"].cases)


# ----------------------------------------------------------------------------- finished versions
def test_calling_the_finished_relu_fails():
    def relu(Z):
        return activations.relu(Z)

    result = failure(PUBLIC["relu"], relu, reveal=False)
    assert result.rung == "behaviour"
    assert result.message.startswith("relu calls the finished dnn_utils.activations.relu: write it yourself")


# ----------------------------------------------------------------------------- relu
@pytest.mark.parametrize("relu", [
    lambda Z: np.maximum(Z, 0),
    lambda Z: Z * (Z > 0),
    lambda Z: np.where(Z > 0, Z, 0.0),
    lambda Z: np.clip(Z, 0, None),
], ids=["maximum", "mask", "where", "clip"])
def test_other_correct_relus_pass(relu):
    relu.__name__ = "relu"
    for spec, reveal in ((PUBLIC["relu"], True), (HIDDEN["relu"], False)):
        report = run_check(spec, relu, reveal=reveal)
        assert report.passed, report.lines(colour=False)


@pytest.mark.parametrize("axis", [0, 1])
def test_relu_with_np_max(axis):
    result = failure(PUBLIC["relu"], lambda Z: np.max(Z, axis))
    assert result.rung == "shape" and result.message.endswith(public.MAX_HINT)


def test_relu_with_np_max_of_everything():
    result = failure(PUBLIC["relu"], lambda Z: np.max(Z))
    assert result.rung == "type" and result.message.startswith("A should be a numpy array of shape (2, 3), got a float64")


def test_relu_with_pythons_max():
    def relu(Z):
        return max(0, Z)

    result = failure(PUBLIC["relu"], relu)
    assert result.rung == "call"
    assert result.message.startswith("relu raised ValueError: The truth value of an array")
    assert "return max(0, Z)" in result.message


@pytest.mark.parametrize("relu, hint", [
    (lambda Z: np.abs(Z), public.ABS_HINT),
    (lambda Z: np.minimum(0, Z), public.MINIMUM_HINT),
    (lambda Z: (Z > 0).astype(float), public.STEP_HINT),
], ids=["abs", "minimum", "step"])
def test_relu_mistakes(relu, hint):
    result = failure(PUBLIC["relu"], relu)
    assert result.rung == "values" and result.message.endswith(hint)


def test_relu_returning_booleans():
    result = failure(PUBLIC["relu"], lambda Z: Z > 0)
    assert result.rung == "dtype"
    assert result.message == (
        "A has dtype bool, expected floating point (float64). Comparisons give booleans: convert with .astype(float)."
    )


def test_relu_in_place():
    def relu(Z):
        Z[Z < 0] = 0
        return Z

    result = failure(PUBLIC["relu"], relu)
    assert result.rung == "behaviour" and result.message.startswith("relu changed its argument Z in place")


def test_relu_looping_over_entries_earns_its_points_in_week_1():
    def relu(Z):
        A = Z.copy()
        for index in np.ndindex(A.shape):
            A[index] = max(0.0, A[index])
        return A

    assert run_check(PUBLIC["relu"], relu).passed  # vectorisation is taught in week 2


# ----------------------------------------------------------------------------- housing_neuron
@pytest.mark.parametrize("housing_neuron, hint", [
    (lambda size, w, b: ref.relu(w * size), public.NO_BIAS_HINT),
    (lambda size, w, b: w * size + b, public.NO_RELU_HINT),
    (lambda size, w, b: ref.relu(w * size) + b, public.NO_RELU_HINT),
    (lambda size, w, b: ref.relu(b * size + w), public.SWAPPED_HINT),
], ids=["no bias", "no relu", "bias outside", "swapped"])
def test_housing_neuron_mistakes(housing_neuron, hint):
    result = failure(PUBLIC["housing_neuron"], housing_neuron)
    assert result.rung == "values" and result.message.endswith(hint)
    assert not run_check(HIDDEN["housing_neuron"], housing_neuron, reveal=False).passed


def test_housing_neuron_as_a_list():
    result = failure(PUBLIC["housing_neuron"], lambda size, w, b: [max(0.0, w * s + b) for s in size[0]])
    assert result.rung == "type"
    assert result.message.startswith("price should be a numpy array of shape (1, 5), got a list of 5 values.")


def test_housing_neuron_looping_over_houses_earns_its_points_in_week_1():
    def housing_neuron(size, w, b):
        price = np.zeros_like(size)
        for i in range(size.shape[1]):
            price[0, i] = max(0.0, w * size[0, i] + b)
        return price

    assert run_check(PUBLIC["housing_neuron"], housing_neuron).passed  # vectorisation is taught in week 2


# ----------------------------------------------------------------------------- stacked_prices
def prices_with(hidden_relu=True, output_relu=True, b1=True, b2=True):
    def stacked_prices(X, parameters):
        Z1 = parameters["W1"] @ X + (parameters["b1"] if b1 else 0)
        A1 = ref.relu(Z1) if hidden_relu else Z1
        Z2 = parameters["W2"] @ A1 + (parameters["b2"] if b2 else 0)
        return ref.relu(Z2) if output_relu else Z2

    return stacked_prices


@pytest.mark.parametrize("options, hint", [
    ({"hidden_relu": False}, public.NO_HIDDEN_RELU_HINT),
    ({"output_relu": False}, public.NO_OUTPUT_RELU_HINT),
    ({"b1": False}, public.NO_B1_HINT),
    ({"b2": False}, public.NO_B2_HINT),
], ids=["no hidden relu", "no output relu", "no b1", "no b2"])
def test_stacked_prices_mistakes(options, hint):
    stacked_prices = prices_with(**options)
    result = failure(PUBLIC["stacked_prices"], stacked_prices)
    assert result.rung == "values" and result.message.endswith(hint)
    assert not run_check(HIDDEN["stacked_prices"], stacked_prices, reveal=False).passed


def test_stacked_prices_with_W_transposed():
    def stacked_prices(X, parameters):
        A1 = ref.relu(parameters["W1"].T @ X + parameters["b1"])
        return ref.relu(parameters["W2"] @ A1 + parameters["b2"])

    result = failure(PUBLIC["stacked_prices"], stacked_prices)
    assert result.rung == "call" and "check W vs W.T" in result.message


def test_stacked_prices_multiplying_entry_by_entry():
    def stacked_prices(X, parameters):
        A1 = ref.relu(parameters["W1"] * X + parameters["b1"])
        return ref.relu(parameters["W2"] * A1 + parameters["b2"])

    result = failure(PUBLIC["stacked_prices"], stacked_prices)
    assert result.rung == "call" and "could not be broadcast" in result.message


def test_stacked_prices_with_houses_as_rows():
    def stacked_prices(X, parameters):
        A1 = ref.relu(X.T @ parameters["W1"].T + parameters["b1"].T)
        return ref.relu(A1 @ parameters["W2"].T + parameters["b2"])

    result = failure(PUBLIC["stacked_prices"], stacked_prices)
    assert result.rung == "shape" and result.message.startswith("price has shape (5, 1), expected (1, 5).")
    assert "transposed shape" in result.message


def test_stacked_prices_looping_over_houses_earns_its_points_in_week_1():
    def stacked_prices(X, parameters):
        price = np.zeros((1, X.shape[1]))
        for i in range(X.shape[1]):
            price[:, i:i + 1] = ref.stacked_prices(X[:, i:i + 1], parameters)
        return price

    assert run_check(PUBLIC["stacked_prices"], stacked_prices).passed  # vectorisation is taught in week 2


# ----------------------------------------------------------------------------- accuracy
@pytest.mark.parametrize("accuracy, hint", [
    (lambda predictions, Y: float(np.mean(predictions == Y)), public.FRACTION_HINT),
    (lambda predictions, Y: float(100 * np.mean(predictions != Y)), public.ERROR_RATE_HINT),
    (lambda predictions, Y: float(np.sum(predictions == Y)), public.COUNT_HINT),
    (lambda predictions, Y: float(100 * np.sum(predictions == Y) / Y.shape[0]), public.SHAPE0_HINT),
], ids=["fraction", "error rate", "count", "shape[0]"])
def test_accuracy_mistakes(accuracy, hint):
    result = failure(PUBLIC["accuracy"], accuracy)
    assert result.rung == "values" and result.message.endswith(hint)


def test_accuracy_counting_as_an_int():
    result = failure(PUBLIC["accuracy"], lambda predictions, Y: np.sum(predictions == Y))
    assert result.rung == "type"
    assert result.message == "accuracy should be a float, got the int np.int64(3): write 3.0, or convert with float(...)."


def test_accuracy_as_an_array():
    result = failure(PUBLIC["accuracy"], lambda predictions, Y: 100 * np.mean(predictions == Y, axis=1, keepdims=True))
    assert result.rung == "type" and "plain float" in result.message


def test_accuracy_as_a_numpy_float_passes():
    def accuracy(predictions, Y):
        return 100 * np.mean(predictions == Y)

    assert run_check(PUBLIC["accuracy"], accuracy).passed
    assert run_check(HIDDEN["accuracy"], accuracy, reveal=False).passed


def test_accuracy_looping_over_examples_earns_its_points_in_week_1():
    def accuracy(predictions, Y):
        correct = 0
        for i in range(Y.shape[1]):
            correct += int(predictions[0, i] == Y[0, i])
        return 100 * correct / Y.shape[1]

    assert run_check(PUBLIC["accuracy"], accuracy).passed  # vectorisation is taught in week 2
