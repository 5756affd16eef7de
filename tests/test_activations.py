"""dnn_utils.activations against closed forms and centred finite differences."""
import warnings

import numpy as np
import pytest

from dnn_utils.activations import (
    LEAKY_SLOPE,
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    tanh,
    tanh_backward,
)

PAIRS = {
    "sigmoid": (sigmoid, sigmoid_backward),
    "relu": (relu, relu_backward),
    "tanh": (tanh, tanh_backward),
    "leaky_relu": (leaky_relu, leaky_relu_backward),
}
H = 1e-6  # finite-difference step
FD_TOLERANCE = 1e-8  # absolute; centred differences err by about H**2 plus rounding eps / H


def away_from_zero(shape, seed):
    """Random Z with |Z| in [0.1, 3], so no finite difference straddles the kink of relu at 0."""
    rng = np.random.RandomState(seed)
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 3.0, size=shape)


def test_closed_forms():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(sigmoid(np.log(3.0)), 0.75, rtol=1e-15)
    np.testing.assert_allclose(tanh(z), (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)), rtol=1e-14)
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(leaky_relu(z), [-0.02, -0.005, 0.0, 0.5, 2.0], rtol=1e-15)


@pytest.mark.parametrize("big", [1e4, 1e300, np.inf])
def test_sigmoid_saturates_without_warnings(big):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = sigmoid(np.array([-big, big]))
        dZ = sigmoid_backward(np.ones(2), np.array([-big, big]))
    np.testing.assert_array_equal(A, [0.0, 1.0])
    np.testing.assert_array_equal(dZ, [0.0, 0.0])


@pytest.mark.parametrize("name", PAIRS)
def test_backward_matches_centred_differences(name):
    g, g_backward = PAIRS[name]
    Z = away_from_zero((4, 6), seed=0)
    dA = np.random.RandomState(1).randn(4, 6)
    numeric = dA * (g(Z + H) - g(Z - H)) / (2 * H)
    np.testing.assert_allclose(g_backward(dA, Z), numeric, rtol=0, atol=FD_TOLERANCE,
                               err_msg=f"{name}_backward disagrees with finite differences of {name}")


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)])
def test_shapes_are_preserved(name, shape):
    g, g_backward = PAIRS[name]
    Z = away_from_zero(shape, seed=2)
    assert np.shape(g(Z)) == shape
    assert np.shape(g_backward(np.ones(shape), Z)) == shape


@pytest.mark.parametrize("name", PAIRS)
def test_inputs_are_not_mutated(name):
    g, g_backward = PAIRS[name]
    Z, dA = away_from_zero((3, 4), seed=3), np.ones((3, 4))
    Z_before, dA_before = Z.copy(), dA.copy()
    g(Z)
    g_backward(dA, Z)
    np.testing.assert_array_equal(Z, Z_before)
    np.testing.assert_array_equal(dA, dA_before)


def test_leaky_slope():
    assert LEAKY_SLOPE == 0.01
    np.testing.assert_allclose(leaky_relu(np.array([-3.0, 3.0])), [-0.03, 3.0])
    np.testing.assert_allclose(leaky_relu(np.array([-3.0, 3.0]), slope=0.2), [-0.6, 3.0])
    np.testing.assert_allclose(leaky_relu_backward(np.array([2.0, 2.0]), np.array([-1.0, 1.0])), [0.02, 2.0])
    np.testing.assert_allclose(
        leaky_relu_backward(np.array([2.0, 2.0]), np.array([-1.0, 1.0]), slope=0.2), [0.4, 2.0]
    )


def test_relu_derivative_at_zero_is_zero():
    np.testing.assert_array_equal(relu_backward(np.array([5.0]), np.array([0.0])), [0.0])
