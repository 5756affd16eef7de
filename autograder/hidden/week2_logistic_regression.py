"""Hidden inputs of week 2, "Logistic regression with a neural-network mindset": other shapes
than the public checks, drawn from the instructor's seed; and the wrong formulas behind two of the
public check's diagnoses."""
import numpy as np

from autograder.hidden import hidden_checker
from dnn_utils.checks import Case


def _problem(rng, n_x, m):
    """(w, b, X, Y): random weights, bias, data of shape (n_x, m) and 0/1 labels of shape (1, m)."""
    w = rng.standard_normal((n_x, 1)) * 0.5
    b = float(rng.standard_normal())
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return w, b, X, Y


def _half(rng):
    """predict's inputs with b = 0 and two columns of zeros: probability exactly 0.5, label 0."""
    w, _, X, _ = _problem(rng, 4, 9)
    X[:, [2, 5]] = 0.0
    return w, 0.0, X


def _model(rng, n_x, m_train, m_test, num_iterations, learning_rate):
    X_train, Y_train = _problem(rng, n_x, m_train)[2:]
    X_test, Y_test = _problem(rng, n_x, m_test)[2:]
    return X_train, Y_train, X_test, Y_test, num_iterations, learning_rate


INPUTS = {
    "sigmoid": lambda rng: [(rng.uniform(-6.0, 6.0, size=shape),) for shape in [(4, 3), (7,), (2, 2, 3)]],
    "initialize_with_zeros": lambda rng: [(int(dim),) for dim in rng.integers(3, 40, size=3)],
    "propagate": lambda rng: [Case(p, m=p[2].shape[1]) for p in (_problem(rng, 4, 7), _problem(rng, 6, 11), _problem(rng, 2, 3))],
    "optimize": lambda rng: [
        (*_problem(rng, 4, 10), 250, 0.07),
        (*_problem(rng, 3, 6), 120, 0.3),
        (*_problem(rng, 6, 5), 37, 0.02),
    ],
    "predict": lambda rng: [_problem(rng, 5, 8)[:3], _problem(rng, 3, 12)[:3], _half(rng)],
    "model": lambda rng: [_model(rng, 4, 9, 5, 205, 0.2), _model(rng, 2, 7, 4, 101, 0.05)],
}


def _activations(w, b, X):
    return 1 / (1 + np.exp(-(w.T @ X + b)))


FORMULAS = {
    "cost_without_1_minus_y": lambda w, b, X, Y: float(-np.mean(Y * np.log(_activations(w, b, X)))),
    "squared_error_cost": lambda w, b, X, Y: float(np.mean((_activations(w, b, X) - Y) ** 2) / 2),
}

check_hidden = hidden_checker(__name__, INPUTS, seed=20_402, formulas=FORMULAS)
