"""Hidden inputs of week 3, "Planar data classification with one hidden layer": other shapes than
the public checks, drawn from the instructor's seed; and the wrong formulas behind seven of the
public check's diagnoses."""
import numpy as np

from autograder import masters
from autograder.hidden import hidden_checker
from dnn_utils.checks import Case

MODULE = __name__.rpartition(".")[2]


def _master(name):
    """The master's own solution of `name`: hidden inputs that are another function's outputs use it."""
    return masters.references(MODULE)[name]


def _problem(rng, n_x, n_h, m):
    """(X, Y, parameters): data (n_x, m), 0/1 labels (1, m), random weights and biases of n_h hidden units."""
    parameters = {
        "W1": rng.standard_normal((n_h, n_x)),
        "b1": rng.standard_normal((n_h, 1)) * 0.5,
        "W2": rng.standard_normal((1, n_h)),
        "b2": rng.standard_normal((1, 1)) * 0.5,
    }
    return rng.standard_normal((n_x, m)), (rng.random((1, m)) > 0.5).astype(float), parameters


def _backward(rng, n_x, n_h, m):
    """backward_propagation's inputs (parameters, cache, X, Y), the cache from the master's forward pass."""
    X, Y, parameters = _problem(rng, n_x, n_h, m)
    return Case((parameters, _master("forward_propagation")(X, parameters)[1], X, Y), m=m)


def _update(rng, n_x, n_h, *learning_rate):
    """update_parameters' inputs: parameters and the master's gradients at them on 4 examples."""
    parameters, cache, X, Y = _backward(rng, n_x, n_h, 4).args
    return parameters, _master("backward_propagation")(parameters, cache, X, Y), *learning_rate


def _nn_model(rng, n_x, m, n_h, num_iterations):
    """nn_model's inputs: m examples of n_x features, uint8 labels as the flower's are."""
    X, Y, _ = _problem(rng, n_x, 1, m)
    return Case((X, Y.astype(np.uint8), n_h), kwargs={"num_iterations": num_iterations})


def _half(rng):
    """predict's inputs with zero biases and two columns of zeros: probability exactly 0.5, label 0."""
    X, _, parameters = _problem(rng, 3, 4, 9)
    parameters["b1"][:] = 0.0
    parameters["b2"][:] = 0.0
    X[:, [1, 6]] = 0.0
    return parameters, X


INPUTS = {
    "layer_sizes": lambda rng: [
        (rng.standard_normal((n_x, m)), rng.standard_normal((n_y, m))) for n_x, n_y, m in [(7, 1, 3), (3, 2, 9), (12, 3, 1)]
    ],
    "initialize_parameters": lambda rng: [(3, 6, 1), (5, 2, 3), Case((4, 7, 1), kwargs={"seed": 11})],
    "forward_propagation": lambda rng: [
        (X, parameters) for X, _, parameters in (_problem(rng, 3, 4, 7), _problem(rng, 2, 6, 11), _problem(rng, 5, 1, 2))
    ],
    "compute_cost": lambda rng: [  # labels as floats, and as uint8 as the flower's are
        Case((rng.uniform(0.02, 0.98, size=(1, m)), (rng.random((1, m)) > 0.5).astype(dtype)), m=m)
        for m, dtype in ((6, float), (13, np.uint8), (3, np.uint8))
    ],
    "backward_propagation": lambda rng: [_backward(rng, 4, 3, 6), _backward(rng, 2, 5, 10)],
    "update_parameters": lambda rng: [_update(rng, 3, 4), _update(rng, 2, 6, 0.07)],
    "nn_model": lambda rng: [_nn_model(rng, 2, 8, 4, 30), _nn_model(rng, 3, 6, 2, 45)],
    "predict": lambda rng: [(_problem(rng, 2, 3, 7)[2], rng.standard_normal((2, 7))), _half(rng)],
}


def _w1_drawn_after_w2(n_x, n_h, n_y, seed=2):
    rng = np.random.RandomState(seed)
    rng.randn(n_y, n_h)
    return rng.randn(n_h, n_x) * 0.01


def _dW1_with_1_minus_A1(parameters, cache, X, Y):
    dZ1 = (parameters["W2"].T @ (cache["A2"] - Y)) * (1 - cache["A1"])
    return dZ1 @ X.T / X.shape[1]


def _trained(X, Y, n_h, num_iterations, seed, wrong_grads=lambda grads: grads):
    """Parameters after nn_model's loop run with the master's steps from initialize_parameters(seed);
    wrong_grads(grads) -- the gradients as a wrong backward_propagation returns them."""
    forward, backward, update = (_master(name) for name in ("forward_propagation", "backward_propagation", "update_parameters"))
    parameters = _master("initialize_parameters")(X.shape[0], n_h, Y.shape[0], seed=seed)
    for _ in range(num_iterations):
        _, cache = forward(X, parameters)
        parameters = update(parameters, wrong_grads(backward(parameters, cache, X, Y)))
    return parameters


def _nn_model_from_seed_2(X, Y, n_h, num_iterations=10000, print_cost=False):
    """W1 after training from initialize_parameters' default seed."""
    return _trained(X, Y, n_h, num_iterations, seed=2)["W1"]


def _nn_model_with_transposed_dW2(X, Y, n_h, num_iterations=10000, print_cost=False):
    """W2 after training with a backward_propagation that returns dW2 transposed, of shape (n_h, n_y)."""
    return _trained(X, Y, n_h, num_iterations, seed=3, wrong_grads=lambda grads: dict(grads, dW2=grads["dW2"].T))["W2"]


FORMULAS = {
    "w1_drawn_after_w2": _w1_drawn_after_w2,
    "uniform_w1": lambda n_x, n_h, n_y, seed=2: np.random.RandomState(seed).rand(n_h, n_x) * 0.01,
    "cost_without_1_minus_y": lambda A2, Y: float(-np.sum(Y * np.log(A2)) / Y.shape[1]),
    "cost_with_negated_uint8_labels": lambda A2, Y: float(np.sum(-Y * np.log(A2) - (1 - Y) * np.log(1 - A2)) / Y.shape[1]),
    "dW1_with_1_minus_A1": _dW1_with_1_minus_A1,
    "nn_model_from_seed_2": _nn_model_from_seed_2,
    "nn_model_with_transposed_dW2": _nn_model_with_transposed_dW2,
}

check_hidden = hidden_checker(__name__, INPUTS, seed=30_117, formulas=FORMULAS)
