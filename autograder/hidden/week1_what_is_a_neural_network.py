"""Hidden inputs of week 1, "What a neural network is": other shapes than the public checks, drawn
from the instructor's seed, redrawn until a missing ReLU would show; and the wrong formulas behind
four of the public check's diagnoses."""
import numpy as np

from autograder.hidden import hidden_checker
from dnn_utils.activations import relu


def _redrawn(draw, ok):
    """draw(), repeated until ok(its value)."""
    value = draw()
    while not ok(value):
        value = draw()
    return value


def _both_signs(Z):
    return bool((Z < 0).any() and (Z > 0).any())


def _sizes(rng, low, high, m, w, b):
    """(size, w, b) with m sizes in [low, high) on both sides of the neuron's kink."""
    return _redrawn(lambda: (rng.uniform(low, high, size=(1, m)), w, b), lambda c: _both_signs(c[1] * c[0] + c[2]))


def _output_relu_in_loop(X, p):
    """The prices when the output's ReLU is applied to its running sum after every hidden unit,
    instead of once to the whole sum."""
    A1 = relu(p["W1"] @ X + p["b1"])
    z2 = p["b2"]
    for j in range(A1.shape[0]):
        z2 = relu(z2 + p["W2"][:, j:j + 1] * A1[j:j + 1])
    return z2


def _network(rng, n_x, n_h, m):
    """(X, parameters) of m houses and a stacked network with n_h hidden units, drawn until some Z1 is
    negative and Z2 has both signs (a missing hidden or output ReLU changes the prices) and, with
    several hidden units, a ReLU applied inside the loop over them changes the prices too."""

    def draw():
        X = rng.standard_normal((n_x, m))
        return X, {
            "W1": rng.standard_normal((n_h, n_x)),
            "b1": rng.standard_normal((n_h, 1)),
            "W2": rng.standard_normal((1, n_h)),
            "b2": rng.standard_normal((1, 1)),
        }

    def ok(case):
        X, p = case
        Z1 = p["W1"] @ X + p["b1"]
        Z2 = p["W2"] @ relu(Z1) + p["b2"]
        in_loop_shows = n_h == 1 or not np.allclose(_output_relu_in_loop(X, p), relu(Z2))
        return bool((Z1 < 0).any()) and _both_signs(Z2) and in_loop_shows

    return _redrawn(draw, ok)


def _labels(rng, m):
    """Random 0/1 predictions (float) and labels (int64) of shape (1, m), some right and some wrong."""

    def draw():
        return (rng.random((1, m)) > 0.5).astype(float), (rng.random((1, m)) > 0.5).astype(np.int64)

    return _redrawn(draw, lambda c: bool((c[0] == c[1]).any() and (c[0] != c[1]).any()))


INPUTS = {
    "relu": lambda rng: [(rng.standard_normal(shape),) for shape in [(4, 7), (2, 3, 5), (6,), (1, 1)]],
    "housing_neuron": lambda rng: [
        _sizes(rng, 10.0, 120.0, 9, 2.7, -75.0),
        (rng.uniform(10.0, 300.0, size=(1, 4)), 0.9, 12.5),  # every price positive
        _sizes(rng, 50.0, 150.0, 6, 4.2, -400.0),
    ],
    "stacked_prices": lambda rng: [
        _network(rng, n_x, n_h, m) for n_x, n_h, m in [(3, 5, 8), (6, 2, 4), (1, 3, 6), (5, 1, 10)]
    ],
    "accuracy": lambda rng: [_labels(rng, m) for m in (7, 12, 3)],
}

FORMULAS = {
    "price_without_relu": lambda size, w, b: w * size + b,
    "no_hidden_relu": lambda X, p: relu(p["W2"] @ (p["W1"] @ X + p["b1"]) + p["b2"]),
    "no_output_relu": lambda X, p: p["W2"] @ relu(p["W1"] @ X + p["b1"]) + p["b2"],
    "output_relu_in_loop": _output_relu_in_loop,
}

check_hidden = hidden_checker(__name__, INPUTS, seed=10_428, formulas=FORMULAS)
