"""Week 4, deep network step by step: the reference passes every check, the stored expected values
are the reference's outputs, wrong answers fail with the right diagnosis, and the master runs clean."""
import numpy as np
import pytest

from autograder.hidden import week4_deep_network_step_by_step as hidden
from dnn_utils import network
from dnn_utils.activations import relu_backward, sigmoid_backward
from dnn_utils.checks import hints, run_check
from dnn_utils.exercises import week4_deep_network_step_by_step as public
from check_tools import course_checks, failure, standard_tests

MODULE = "week4_deep_network_step_by_step"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)


# ----------------------------------------------------------------------------- the reference
(
    test_reference_passes_public_and_hidden_checks,
    test_stored_expected_values_are_current,
    test_memorised_public_answers_pass_public_but_fail_hidden,
) = standard_tests(MODULE)


def test_reference_agrees_with_the_finished_blocks_of_dnn_utils():
    """The reference is an independent implementation: it must agree with dnn_utils.network."""
    X, parameters = HIDDEN["L_model_forward"].cases[0].args
    Y = (np.arange(X.shape[1]) % 2).astype(float).reshape(1, -1)
    AL, caches = ref.L_model_forward(X, parameters)
    np.testing.assert_allclose(AL, network.L_model_forward(X, parameters)[0], rtol=1e-12)
    assert np.isclose(ref.compute_cost(AL, Y), network.compute_cost(AL, Y), rtol=1e-12)
    grads, finished = ref.L_model_backward(AL, Y, caches), network.L_model_backward(AL, Y, caches)
    assert set(grads) == set(finished)
    for key in grads:
        np.testing.assert_allclose(grads[key], finished[key], rtol=1e-9, atol=1e-12, err_msg=key)
    dims = [5, 4, 3, 1]
    deep, finished = ref.initialize_parameters_deep(dims), network.initialize_parameters_deep(dims, seed=3, scale=0.01)
    for key in deep:
        np.testing.assert_array_equal(deep[key], finished[key])


def test_hidden_backward_networks_have_no_dead_unit_and_no_relu_kink():
    for case in HIDDEN["L_model_backward"].cases:
        caches = case.args[2]
        assert all(np.abs(Z).min() > hidden.KINK_MARGIN and (Z > 0).any(axis=1).all() for _, Z in caches[:-1])


# ----------------------------------------------------------------------------- finished versions and hard-coded answers
@pytest.mark.parametrize("name", [n for n in NAMES if n not in ("initialize_parameters", "quiz")])
def test_calling_the_finished_version_fails(name):
    finished = getattr(network, name)

    def function(*args):
        return finished(*args)

    function.__name__ = name
    result = failure(PUBLIC[name], function)
    assert result.rung in ("values", "behaviour"), result.message


def test_initialize_parameters_through_the_finished_deep_version_fails():
    def initialize_parameters(n_x, n_h, n_y):
        return network.initialize_parameters_deep([n_x, n_h, n_y], seed=1, scale=0.01)

    result = failure(PUBLIC["initialize_parameters"], initialize_parameters, reveal=False)
    assert result.message.startswith("initialize_parameters calls the finished dnn_utils.network.initialize_parameters_deep")


# ----------------------------------------------------------------------------- initialisation
def test_initialize_parameters_without_the_scale():
    def initialize_parameters(n_x, n_h, n_y):
        rng = np.random.RandomState(1)
        W1, W2 = rng.randn(n_h, n_x), rng.randn(n_y, n_h)
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    result = failure(PUBLIC["initialize_parameters"], initialize_parameters)
    assert result.rung == "values" and "without the 0.01" in result.message


def test_initialize_parameters_drawing_W2_first():
    def initialize_parameters(n_x, n_h, n_y):
        rng = np.random.RandomState(1)
        W2 = rng.randn(n_y, n_h) * 0.01
        W1 = rng.randn(n_h, n_x) * 0.01
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    result = failure(PUBLIC["initialize_parameters"], initialize_parameters)
    assert "draw W1 first" in result.message


def test_initialize_parameters_with_rank_1_biases():
    def initialize_parameters(n_x, n_h, n_y):
        parameters = ref.initialize_parameters(n_x, n_h, n_y)
        return {**parameters, "b1": np.zeros(n_h)}

    result = failure(PUBLIC["initialize_parameters"], initialize_parameters)
    assert result.rung == "shape" and "keepdims=True" in result.message


def deep_with(scale, seed=3, last=0):
    def initialize_parameters_deep(layer_dims):
        rng = np.random.RandomState(seed)
        parameters = {}
        for l in range(1, len(layer_dims) - last):
            parameters[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale(layer_dims[l - 1])
            parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
        return parameters

    return initialize_parameters_deep


def test_initialize_parameters_deep_with_the_xavier_scale():
    result = failure(PUBLIC["initialize_parameters_deep"], deep_with(lambda n: 1 / np.sqrt(n)))
    assert result.rung == "values" and "divided by sqrt(n[l-1])" in result.message


def test_initialize_parameters_deep_with_seed_1():
    result = failure(PUBLIC["initialize_parameters_deep"], deep_with(lambda n: 0.01, seed=1))
    assert "RandomState(3)" in result.message


def test_initialize_parameters_deep_missing_the_last_layer():
    result = failure(PUBLIC["initialize_parameters_deep"], deep_with(lambda n: 0.01, last=1))
    assert result.rung == "type" and "has no key 'W2'" in result.message


# ----------------------------------------------------------------------------- forward
def test_linear_forward_without_the_bias():
    result = failure(PUBLIC["linear_forward"], lambda A, W, b: (W @ A, (A, W, b)))
    assert result.rung == "values" and "without the bias" in result.message


def test_linear_forward_with_W_transposed():
    result = failure(PUBLIC["linear_forward"], lambda A, W, b: (np.dot(W.T, A) + b, (A, W, b)))
    assert result.rung == "call" and "check W vs W.T" in result.message


def test_linear_forward_looping_over_examples():
    def linear_forward(A, W, b):
        Z = np.zeros((W.shape[0], A.shape[1]))
        for i in range(A.shape[1]):
            Z[:, i] = W @ A[:, i] + b[:, 0]
        return Z, (A, W, b)

    result = failure(PUBLIC["linear_forward"], linear_forward)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")


def activation_forward_with(relu_for_sigmoid=False, cache_A=False):
    def linear_activation_forward(A_prev, W, b, activation):
        A, (linear_cache, Z) = ref.linear_activation_forward(A_prev, W, b, activation)
        if relu_for_sigmoid:
            A = ref.linear_activation_forward(A_prev, W, b, "relu" if activation == "sigmoid" else "sigmoid")[0]
        return A, (linear_cache, A if cache_A else Z)

    return linear_activation_forward


def test_linear_activation_forward_with_swapped_activations():
    result = failure(PUBLIC["linear_activation_forward"], activation_forward_with(relu_for_sigmoid=True))
    assert result.rung == "values" and result.message.endswith(public.SWAPPED_HINT)


def test_linear_activation_forward_caching_A():
    result = failure(PUBLIC["linear_activation_forward"], activation_forward_with(cache_A=True))
    assert result.message.startswith("cache[1] has wrong values") and result.message.endswith(public.A_CACHED_HINT)


def model_forward_with(hidden_activation, output_activation):
    def L_model_forward(X, parameters):
        L, A, caches = len(parameters) // 2, X, []
        for l in range(1, L + 1):
            activation = output_activation if l == L else hidden_activation
            A, cache = ref.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
            caches.append(cache)
        return A, caches

    return L_model_forward


def test_L_model_forward_with_a_relu_output():
    result = failure(PUBLIC["L_model_forward"], model_forward_with("relu", "relu"))
    assert "The output layer got a ReLU" in result.message


def test_L_model_forward_with_sigmoid_hidden_layers():
    result = failure(PUBLIC["L_model_forward"], model_forward_with("sigmoid", "sigmoid"))
    assert "The hidden layers used the sigmoid" in result.message


def test_L_model_forward_skipping_the_output_layer():
    def L_model_forward(X, parameters):
        A, caches = X, []
        for l in range(1, len(parameters) // 2):
            A, cache = ref.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
            caches.append(cache)
        return A, caches

    result = failure(PUBLIC["L_model_forward"], L_model_forward)
    assert result.rung == "type" and result.message.startswith("caches should be a list of 3 values")


# ----------------------------------------------------------------------------- cost
def test_compute_cost_without_the_1_minus_y_term():
    result = failure(PUBLIC["compute_cost"], lambda AL, Y: float(-np.mean(Y * np.log(AL))))
    assert "only the Y * log(AL) term" in result.message


def test_compute_cost_without_1_over_m():
    result = failure(PUBLIC["compute_cost"], lambda AL, Y: float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))))
    assert "did you forget the 1/m?" in result.message


def cost_of_the_original_course(to_float):
    """The original course's compute_cost: a (1, 1) array from np.dot, turned into a float by to_float."""

    def compute_cost(AL, Y):
        m = Y.shape[1]
        cost = (-1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
        return to_float(cost)

    return compute_cost


def float_refuses_arrays_with_axes():
    try:
        float(np.ones((1, 1)))
    except TypeError:
        return True
    return False


@pytest.mark.skipif(not float_refuses_arrays_with_axes(), reason="this numpy still converts a (1, 1) array with float()")
def test_compute_cost_taking_float_of_a_1x1_array():
    result = failure(PUBLIC["compute_cost"], cost_of_the_original_course(float))
    assert result.rung == "call" and result.message.startswith("compute_cost raised TypeError")
    assert result.message.endswith(hints.TO_SCALAR) and ".item()" in hints.TO_SCALAR


@pytest.mark.parametrize("to_float", [lambda cost: cost.item(), lambda cost: float(np.squeeze(cost))], ids=["item", "squeeze"])
def test_compute_cost_unpacking_the_1x1_array_as_the_hint_says(to_float):
    assert run_check(PUBLIC["compute_cost"], cost_of_the_original_course(to_float)).passed


@pytest.mark.parametrize("message", [
    "only 0-dimensional arrays can be converted to Python scalars",  # numpy 2.x
    "only size-1 arrays can be converted to Python scalars",  # numpy 1.x
    "only length-1 arrays can be converted to Python scalars",  # older numpy
])
def test_float_of_an_array_gets_the_hint_on_every_numpy(message):
    assert hints.exception_hint("TypeError", message) == hints.TO_SCALAR


def test_compute_cost_returning_an_array():
    result = failure(PUBLIC["compute_cost"], lambda AL, Y: -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), axis=1, keepdims=True) / 4)
    assert result.rung == "type" and "plain float" in result.message


# ----------------------------------------------------------------------------- backward
def linear_backward_with(dW_of=None, db_of=None, dA_of=None):
    def linear_backward(dZ, cache):
        A_prev, W, _ = cache
        m = A_prev.shape[1]
        dA_prev, dW, db = ref.linear_backward(dZ, cache)
        return (
            dA_of(W, dZ, m) if dA_of else dA_prev,
            dW_of(dZ, A_prev, m) if dW_of else dW,
            db_of(dZ, m) if db_of else db,
        )

    return linear_backward


def test_linear_backward_without_1_over_m():
    result = failure(PUBLIC["linear_backward"], linear_backward_with(dW_of=lambda dZ, A, m: dZ @ A.T))
    assert "dW has wrong values" in result.message and "did you forget the 1/m?" in result.message


def test_linear_backward_dividing_dA_prev_by_m():
    result = failure(PUBLIC["linear_backward"], linear_backward_with(dA_of=lambda W, dZ, m: W.T @ dZ / m))
    assert "dA_prev = W^T dZ has no 1/m" in result.message


def test_linear_backward_without_keepdims():
    result = failure(PUBLIC["linear_backward"], linear_backward_with(db_of=lambda dZ, m: np.sum(dZ, axis=1) / m))
    assert result.rung == "shape" and "keepdims=True" in result.message


def test_linear_activation_backward_with_swapped_derivatives():
    def linear_activation_backward(dA, cache, activation):
        linear_cache, Z = cache
        dZ = relu_backward(dA, Z) if activation == "sigmoid" else sigmoid_backward(dA, Z)
        return ref.linear_backward(dZ, linear_cache)

    result = failure(PUBLIC["linear_activation_backward"], linear_activation_backward)
    assert result.message.endswith(public.BACKWARD_SWAPPED_HINT)


def model_backward_with(output_activation="sigmoid", sign=1.0):
    def L_model_backward(AL, Y, caches):
        L, grads = len(caches), {}
        dA = sign * -(Y / AL - (1 - Y) / (1 - AL))
        for l in range(L, 0, -1):
            activation = output_activation if l == L else "relu"
            dA, grads[f"dW{l}"], grads[f"db{l}"] = ref.linear_activation_backward(dA, caches[l - 1], activation)
            grads[f"dA{l - 1}"] = dA
        return grads

    return L_model_backward


def test_L_model_backward_through_a_relu_output():
    result = failure(PUBLIC["L_model_backward"], model_backward_with(output_activation="relu"))
    assert "went back through the ReLU" in result.message


def test_L_model_backward_with_the_wrong_sign():
    result = failure(PUBLIC["L_model_backward"], model_backward_with(sign=-1.0))
    assert "Every value has the wrong sign." in result.message


def test_L_model_backward_with_the_next_layers_cache_points_at_its_arguments():
    """caches[l] for caches[l - 1] makes the student's own, correct linear_backward raise: the message
    must point at the arguments L_model_backward passes, not at "W vs W.T" inside linear_backward."""

    def L_model_backward(AL, Y, caches):
        L, grads = len(caches), {}
        dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = ref.linear_activation_backward(dAL, caches[L - 1], "sigmoid")
        for l in reversed(range(1, L)):
            grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = ref.linear_activation_backward(
                grads[f"dA{l}"], caches[l], "relu"
            )
        return grads

    result = failure(PUBLIC["L_model_backward"], L_model_backward)
    assert result.rung == "call"
    assert "linear_backward" in result.message and "check W vs W.T" not in result.message


def test_L_model_backward_looping_over_examples():
    def L_model_backward(AL, Y, caches):
        grads = ref.L_model_backward(AL, Y, caches)
        dAL = np.zeros_like(AL)
        for i in range(AL.shape[1]):
            dAL[0, i] = -(Y[0, i] / AL[0, i] - (1 - Y[0, i]) / (1 - AL[0, i]))
        return grads

    result = failure(PUBLIC["L_model_backward"], L_model_backward)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")


# ----------------------------------------------------------------------------- update
def test_update_parameters_going_uphill():
    def update_parameters(params, grads, learning_rate):
        return {name: value + learning_rate * grads["d" + name] for name, value in params.items()}

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert "moved uphill" in result.message


def test_update_parameters_in_place():
    def update_parameters(params, grads, learning_rate):
        for name in params:
            params[name] -= learning_rate * grads["d" + name]
        return params

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert result.rung == "behaviour" and result.message.startswith("update_parameters changed its argument params in place")


def test_update_parameters_filling_its_argument_dict_is_told_to_make_a_new_dict():
    def update_parameters(params, grads, learning_rate):
        for l in range(1, len(params) // 2 + 1):
            params[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            params[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
        return params

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert result.message.startswith("update_parameters changed its argument params in place")
    assert "params = params - ..." not in result.message and "new dict" in result.message


def test_update_parameters_looping_over_weights():
    def update_parameters(params, grads, learning_rate):
        parameters = {name: value.copy() for name, value in params.items()}
        for name, value in parameters.items():
            for index in np.ndindex(value.shape):
                value[index] -= learning_rate * grads["d" + name][index]
        return parameters

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")


