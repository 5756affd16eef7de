"""Hidden checks of week 4b, "Deep neural network for image classification: application".

Randomised inputs (instructor seed; other sizes, learning rates and numbers of iterations than the
public checks), expected values from autograder.references. The models' cases cover numbers of
iterations that are and are not multiples of 100, and L_layer_model networks of depth 1 to 4
(depth 1 is logistic regression); predict meets probabilities of exactly 0.5.
"""
import contextlib
import io

import numpy as np

from autograder.references import week4_deep_network_application as ref
from dnn_utils import network
from dnn_utils.checks import Case, FunctionCheck, Vectorised, checker
from dnn_utils.exercises.week4_deep_network_application import quiet_predict

RNG = np.random.default_rng(40_402)


def _data(n_x, m):
    """X (n_x, m) standard normal and int64 labels Y (1, m) with both classes present."""
    while True:
        X, Y = RNG.standard_normal((n_x, m)), (RNG.random((1, m)) > 0.5).astype(np.int64)
        if 0 < Y.sum() < m:
            return X, Y


def _model_case(function, layers_dims, m, learning_rate, num_iterations):
    """A Case whose expected (parameters, costs) is the reference's on fresh random data."""
    X, Y = _data(layers_dims[0], m)
    kwargs = {"learning_rate": learning_rate, "num_iterations": num_iterations}
    return Case(args=(X, Y, layers_dims), kwargs=kwargs, expected=function(X, Y, layers_dims, **kwargs))


def _vector_data(m):
    """X (5, m) and int64 labels Y (1, m) for the vectorisation rungs, seeded by m."""
    rng = np.random.default_rng(7000 + m)
    return rng.standard_normal((5, m)), (rng.random((1, m)) > 0.5).astype(np.int64)


def _vector_args(layers_dims):
    """make_args(m) of the vectorisation rung of a model: 2 iterations on _vector_data(m)."""
    return lambda m: (*_vector_data(m), layers_dims, 0.2, 2)


def _widths(depth):
    """Random hidden widths for a network of `depth` layers, the output unit appended."""
    return [int(n) for n in RNG.integers(2, 7, size=depth - 1)] + [1]


# ----------------------------------------------------------------------------- two_layer_model
TWO_LAYER_MODEL = FunctionCheck(
    name="two_layer_model",
    outputs=("parameters", "costs"),
    cases=tuple(
        _model_case(ref.two_layer_model, (int(RNG.integers(2, 7)), *_widths(2)), m, learning_rate, num_iterations)
        for m, learning_rate, num_iterations in [(9, 0.6, 250), (6, 0.4, 300), (12, 0.8, 401)]
    ),
    rtol=1e-5,
    vectorised=Vectorised(_vector_args((5, 4, 1))),
    forbidden=(network.L_layer_model,),
)


# ----------------------------------------------------------------------------- predict
def _predict_case(depth, m, halves=()):
    """A Case of predict on a random network whose labels are not all equal; the columns `halves`
    get a probability of exactly 0.5 (X is 0 there and every bias is 0)."""
    while True:
        layer_dims = [int(RNG.integers(2, 7)), *_widths(depth)]
        parameters = {}
        for l in range(1, depth + 1):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            parameters[f"W{l}"] = RNG.standard_normal((n, n_prev)) * 1.5 / np.sqrt(n_prev)
            parameters[f"b{l}"] = np.zeros((n, 1)) if halves else RNG.standard_normal((n, 1)) * 0.3
        X, y = _data(layer_dims[0], m)
        X[:, list(halves)] = 0.0
        with contextlib.redirect_stdout(io.StringIO()):  # the reference prints the accuracy, as predict must
            p = ref.predict(X, y, parameters)
        if 0 < p.sum() < m - len(halves):
            return Case(args=(X, y, parameters), expected=p)


VECTOR_PARAMETERS = {"W1": np.ones((3, 5)), "b1": np.zeros((3, 1)), "W2": -np.ones((1, 3)), "b2": np.ones((1, 1))}


PREDICT = FunctionCheck(
    name="predict",
    outputs=("p",),
    cases=(_predict_case(3, 11), _predict_case(1, 7), _predict_case(2, 9, halves=(0, 4, 5))),
    vectorised=Vectorised(lambda m: (*_vector_data(m), VECTOR_PARAMETERS)),
    forbidden=(network.predict,),
)

# ----------------------------------------------------------------------------- L_layer_model
L_LAYER_MODEL = FunctionCheck(
    name="L_layer_model",
    outputs=("parameters", "costs"),
    cases=tuple(
        _model_case(ref.L_layer_model, [int(RNG.integers(2, 7)), *_widths(depth)], m, learning_rate, num_iterations)
        for depth, m, learning_rate, num_iterations in [(3, 8, 0.2, 320), (1, 10, 0.5, 200), (4, 7, 0.15, 251), (2, 11, 0.3, 180)]
    ),
    rtol=1e-5,
    vectorised=Vectorised(_vector_args([5, 4, 3, 1])),
    forbidden=(network.L_layer_model,),
)

check_hidden = quiet_predict(checker(TWO_LAYER_MODEL, PREDICT, L_LAYER_MODEL, reveal=False))
