"""Hidden inputs of week 4b, "Deep neural network for image classification: application": other
sizes, learning rates and numbers of iterations than the public checks, drawn from the
instructor's seed; and the wrong formulas behind the public check's diagnoses.

The models' cases cover numbers of iterations that are and are not multiples of 100, and
L_layer_model networks of depth 1 to 4 (depth 1 is logistic regression); predict meets
probabilities of exactly 0.5.
"""
import numpy as np

from autograder.hidden import hidden_checker
from dnn_utils import network
from dnn_utils.checks import Case


def _data(rng, n_x, m):
    """X (n_x, m) standard normal and int64 labels Y (1, m) with both classes present."""
    while True:
        X, Y = rng.standard_normal((n_x, m)), (rng.random((1, m)) > 0.5).astype(np.int64)
        if 0 < Y.sum() < m:
            return X, Y


def _widths(rng, depth):
    """Random hidden widths for a network of `depth` layers, the output unit appended."""
    return [int(n) for n in rng.integers(2, 7, size=depth - 1)] + [1]


def _model_case(rng, layers_dims, m, learning_rate, num_iterations):
    """A model's inputs: fresh random data for layers_dims."""
    X, Y = _data(rng, layers_dims[0], m)
    return Case((X, Y, layers_dims), kwargs={"learning_rate": learning_rate, "num_iterations": num_iterations})


def _predict_case(rng, depth, m, halves=()):
    """predict's inputs on a random network whose labels are not all equal; the columns `halves`
    get a probability of exactly 0.5 (X is 0 there and every bias is 0)."""
    while True:
        layer_dims = [int(rng.integers(2, 7)), *_widths(rng, depth)]
        parameters = {}
        for l in range(1, depth + 1):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * 1.5 / np.sqrt(n_prev)
            parameters[f"b{l}"] = np.zeros((n, 1)) if halves else rng.standard_normal((n, 1)) * 0.3
        X, y = _data(rng, layer_dims[0], m)
        X[:, list(halves)] = 0.0
        if 0 < network.predict(X, parameters).sum() < m - len(halves):
            return X, y, parameters


INPUTS = {
    "two_layer_model": lambda rng: [
        _model_case(rng, (int(rng.integers(2, 7)), *_widths(rng, 2)), m, learning_rate, num_iterations)
        for m, learning_rate, num_iterations in [(9, 0.6, 250), (6, 0.4, 300), (12, 0.8, 401)]
    ],
    "predict": lambda rng: [_predict_case(rng, 3, 11), _predict_case(rng, 1, 7), _predict_case(rng, 2, 9, halves=(0, 4, 5))],
    "L_layer_model": lambda rng: [
        _model_case(rng, [int(rng.integers(2, 7)), *_widths(rng, depth)], m, learning_rate, num_iterations)
        for depth, m, learning_rate, num_iterations in [(3, 8, 0.2, 320), (1, 10, 0.5, 200), (4, 7, 0.15, 251), (2, 11, 0.3, 180)]
    ],
}


def _two_layer(X, Y, layers_dims, learning_rate, num_iterations, scale=0.01, forward=("relu", "sigmoid"), backward=None):
    """The parameters of a two-layer run from the finished blocks, with the initial scale, the
    forward activations or the backward ones (default: the forward ones) chosen."""
    parameters = network.initialize_parameters_deep(list(layers_dims), scale=scale)
    backward = backward or forward
    for _ in range(num_iterations):
        A1, cache1 = network.linear_activation_forward(X, parameters["W1"], parameters["b1"], forward[0])
        A2, cache2 = network.linear_activation_forward(A1, parameters["W2"], parameters["b2"], forward[1])
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = network.linear_activation_backward(dA2, cache2, backward[1])
        _, dW1, db1 = network.linear_activation_backward(dA1, cache1, backward[0])
        parameters = network.update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
    return parameters


def _cost(X, Y, parameters):
    return network.compute_cost(network.L_model_forward(X, parameters)[0], Y)


FORMULAS = {
    "two_layer_from_the_deep_initialiser": lambda X, Y, dims, learning_rate, num_iterations: _two_layer(
        X, Y, dims, learning_rate, num_iterations, scale="xavier"
    )["W1"],
    "two_layer_with_a_sigmoid_hidden_layer": lambda X, Y, dims, learning_rate, num_iterations: _two_layer(
        X, Y, dims, learning_rate, num_iterations, forward=("sigmoid", "sigmoid")
    )["W1"],
    "two_layer_with_the_activations_swapped": lambda X, Y, dims, learning_rate, num_iterations: _two_layer(
        X, Y, dims, learning_rate, num_iterations, forward=("sigmoid", "relu")
    )["W1"],
    "two_layer_going_back_through_the_wrong_activations": lambda X, Y, dims, learning_rate, num_iterations: _two_layer(
        X, Y, dims, learning_rate, num_iterations, backward=("sigmoid", "relu")
    )["W1"],
    "two_layer_cost_after_99_updates": lambda X, Y, dims, learning_rate, num_iterations: _cost(
        X, Y, _two_layer(X, Y, dims, learning_rate, 99)
    ),
    "probabilities": lambda X, y, parameters: network.L_model_forward(X, parameters)[0],
    "L_layer_from_randn_times_0_01": lambda X, Y, dims, learning_rate, num_iterations: network.L_layer_model(
        X, Y, dims, learning_rate, num_iterations, scale=0.01
    )[0]["W1"],
    "L_layer_cost_after_99_updates": lambda X, Y, dims, learning_rate, num_iterations: _cost(
        X, Y, network.L_layer_model(X, Y, dims, learning_rate, 99)[0]
    ),
}


check_hidden = hidden_checker(__name__, INPUTS, seed=40_402, formulas=FORMULAS)
