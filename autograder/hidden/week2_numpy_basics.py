"""Hidden inputs of week 2, notebook 1 (numpy basics): other shapes than the public checks, drawn
from the instructor's seed, with a softmax row that overflows np.exp unless its max is subtracted;
and the wrong formulas behind two of the public check's diagnoses."""
import numpy as np

from autograder.hidden import hidden_checker


def _large_row(rng):
    """Small rows around one near 750, which overflows np.exp unless the row max is subtracted first."""
    return np.vstack([rng.normal(0.0, 1.0, (2, 3)), rng.uniform(750.0, 760.0, (1, 3)), rng.normal(0.0, 1.0, (1, 3))])


def _losses(rng):
    """(yhat, y) pairs with 7 and 12 examples: random predictions, 0/1 labels."""
    return [(rng.random((1, m)), (rng.random((1, m)) > 0.5).astype(float)) for m in (7, 12)]


INPUTS = {
    "basic_sigmoid": lambda rng: [(float(x),) for x in rng.uniform(-6.0, 6.0, size=3)],
    "sigmoid": lambda rng: [(rng.normal(0.0, 3.0, (4, 6)),), (rng.normal(0.0, 3.0, (2, 3, 5)),)],
    "sigmoid_derivative": lambda rng: [(rng.normal(0.0, 3.0, (5, 2)),), (rng.normal(0.0, 3.0, (1, 9)),)],
    "image2vector": lambda rng: [(rng.random((5, 2, 3)),), (rng.random((4, 7, 3)),)],
    "normalize_rows": lambda rng: [(rng.normal(0.0, 2.0, (4, 4)),), (rng.normal(0.0, 2.0, (6, 3)),)],
    "softmax": lambda rng: [(rng.normal(0.0, 3.0, (4, 6)),), (_large_row(rng),)],
    "L1": _losses,
    "L2": _losses,
}


def _column_softmax(x):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


FORMULAS = {
    "derivative_of_x_not_sigmoid": lambda x: x * (1 - x),
    "sigmoid_not_derivative": lambda x: 1 / (1 + np.exp(-x)),
    "fortran_order": lambda image: image.reshape(-1, 1, order="F"),
    "channel_first": lambda image: image.transpose(2, 0, 1).reshape(-1, 1),
    "column_norms": lambda x: x / np.linalg.norm(x, axis=0),
    "norms_without_keepdims": lambda x: x / np.linalg.norm(x, axis=1),
    "squared_norms": lambda x: x / np.sum(x**2, axis=1, keepdims=True),
    "total_sum_softmax": lambda x: np.exp(x) / np.sum(np.exp(x)),
    "l1_without_abs": lambda yhat, y: float(np.sum(y - yhat)),
    "column_softmax": _column_softmax,
    "l1_loss": lambda yhat, y: float(np.sum(np.abs(y - yhat))),
}

check_hidden = hidden_checker(__name__, INPUTS, seed=20240611, formulas=FORMULAS)
