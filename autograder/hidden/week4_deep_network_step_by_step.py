"""Hidden inputs of week 4, "Building a deep neural network, step by step": other shapes, depths
and activations than the public checks, drawn from the instructor's seed; and the wrong formulas
behind five of the public check's diagnoses."""
import numpy as np

from autograder.hidden import hidden_checker
from dnn_utils import network
from dnn_utils.activations import relu_backward, sigmoid
from dnn_utils.checks import Case

KINK_MARGIN = 1e-3  # every hidden |Z| stays this far from ReLU's kink at 0


def _network(rng, layer_dims):
    """W{l} standard normal / sqrt(n[l-1]) and small random b{l}: large enough gradients to compare."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.1
    return parameters


def _labels(rng, m):
    return (rng.random((1, m)) > 0.5).astype(float)


def _problem(rng, depth, m):
    """(X, Y, parameters) of a random network with `depth` layers and widths 2..5.

    Draws are rejected until every hidden unit is active on some example (no dead unit hides a
    wrong gradient) and every hidden |Z| is at least KINK_MARGIN.
    """
    while True:
        layer_dims = [int(n) for n in rng.integers(2, 6, size=depth)] + [1]
        X, Y, parameters = rng.standard_normal((layer_dims[0], m)), _labels(rng, m), _network(rng, layer_dims)
        _, caches = network.L_model_forward(X, parameters)
        hidden_Z = [Z for _, Z in caches[:-1]]
        if all(np.abs(Z).min() > KINK_MARGIN and (Z > 0).any(axis=1).all() for Z in hidden_Z):
            return X, Y, parameters


def _linear_args(rng, n_prev, n, m):
    """(A_prev, W, b) of one layer, standard normal."""
    return rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1))


def _linear_backward(rng, n_prev, n, m):
    A_prev, W, b = _linear_args(rng, n_prev, n, m)
    return Case((rng.standard_normal((n, m)), (A_prev, W, b)), m=m)


def _activation_backward(rng, n_prev, n, m, activation):
    A_prev, W, b = _linear_args(rng, n_prev, n, m)
    return Case((rng.standard_normal((n, m)), ((A_prev, W, b), W @ A_prev + b), activation), m=m)


def _model_backward(rng, depth, m):
    """(AL, Y, caches) of the finished forward pass on a random problem."""
    X, Y, parameters = _problem(rng, depth, m)
    AL, caches = network.L_model_forward(X, parameters)
    return Case((AL, Y, caches), m=m)


def _update(rng, layer_dims, learning_rate):
    parameters = _network(rng, layer_dims)
    return parameters, {"d" + name: rng.standard_normal(value.shape) for name, value in parameters.items()}, learning_rate


INPUTS = {
    "initialize_parameters": lambda rng: [tuple(int(n) for n in rng.integers(2, 9, size=3)) for _ in range(3)],
    "initialize_parameters_deep": lambda rng: [
        ([int(n) for n in rng.integers(1, 9, size=depth + 1)],) for depth in (2, 5, 1)
    ],
    "linear_forward": lambda rng: [_linear_args(rng, *shape) for shape in [(6, 2, 7), (1, 5, 3), (4, 4, 1)]],
    "linear_activation_forward": lambda rng: [
        (*_linear_args(rng, *shape), activation)
        for shape, activation in [((5, 3, 6), "relu"), ((2, 1, 9), "sigmoid"), ((3, 4, 2), "relu")]
    ],
    "L_model_forward": lambda rng: [_problem(rng, depth, m)[::2] for depth, m in [(2, 6), (4, 3), (3, 8)]],
    "compute_cost": lambda rng: [Case((rng.uniform(0.02, 0.98, size=(1, m)), _labels(rng, m)), m=m) for m in (7, 3, 12)],
    "linear_backward": lambda rng: [_linear_backward(rng, *shape) for shape in [(4, 2, 6), (3, 5, 9)]],
    "linear_activation_backward": lambda rng: [
        _activation_backward(rng, *shape) for shape in [(3, 4, 5, "relu"), (5, 1, 7, "sigmoid"), (2, 3, 3, "relu")]
    ],
    "L_model_backward": lambda rng: [_model_backward(rng, depth, m) for depth, m in [(3, 5), (2, 8), (4, 4)]],
    "update_parameters": lambda rng: [_update(rng, [4, 3, 2, 1], 0.05), _update(rng, [2, 1], 1.2)],
}


def _W1_with_W2_drawn_first(n_x, n_h, n_y):
    rng = np.random.RandomState(1)
    rng.randn(n_y, n_h)
    return rng.randn(n_h, n_x) * 0.01


def _sigmoid_in_every_layer(X, parameters):
    A = X
    for l in range(1, len(parameters) // 2 + 1):
        A = sigmoid(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    return A


def _dA_prev_through_relu(AL, Y, caches):
    """dA[L-1] when the output layer's backward step uses relu_backward."""
    (_, WL, _), ZL = caches[-1]
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    return WL.T @ relu_backward(dAL, ZL)


FORMULAS = {
    "W2_drawn_first": _W1_with_W2_drawn_first,
    "random_state_1": lambda layer_dims: np.random.RandomState(1).randn(layer_dims[1], layer_dims[0]) * 0.01,
    "sigmoid_hidden_layers": _sigmoid_in_every_layer,
    "cost_without_1_minus_y": lambda AL, Y: float(-np.mean(Y * np.log(AL))),
    "relu_output_backward": _dA_prev_through_relu,
}

check_hidden = hidden_checker(__name__, INPUTS, seed=40_401, formulas=FORMULAS)
