"""Hidden checks of week 1, "What a neural network is".

Randomised inputs (instructor seed, other shapes than the public checks), expected values from
autograder.references.
"""
import numpy as np

from autograder.references import week1_what_is_a_neural_network as ref
from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Vectorised, checker

RNG = np.random.default_rng(10_428)


def _case(function, *args):
    """A Case whose expected value is the reference's output on args."""
    return Case(args=args, expected=function(*args))


def _network(n_x, n_h, rng=RNG):
    """Random parameters of a stacked network: W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)."""
    return {
        "W1": rng.standard_normal((n_h, n_x)),
        "b1": rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((1, n_h)),
        "b2": rng.standard_normal((1, 1)),
    }


def _labels(m, rng=RNG):
    """Random 0/1 predictions (float) and labels (int64), each of shape (1, m)."""
    return (rng.random((1, m)) > 0.5).astype(float), (rng.random((1, m)) > 0.5).astype(np.int64)


# ----------------------------------------------------------------------------- relu
RELU = FunctionCheck(
    name="relu",
    outputs=("A",),
    cases=tuple(_case(ref.relu, RNG.standard_normal(shape)) for shape in [(4, 7), (2, 3, 5), (6,), (1, 1)]),
    vectorised=Vectorised(lambda m: (np.random.default_rng(100 + m).standard_normal((5, m)),)),
    forbidden=(activations.relu,),
)

# ----------------------------------------------------------------------------- housing_neuron
HOUSING_NEURON = FunctionCheck(
    name="housing_neuron",
    outputs=("price",),
    cases=(
        _case(ref.housing_neuron, RNG.uniform(10.0, 120.0, size=(1, 9)), 2.7, -75.0),
        _case(ref.housing_neuron, RNG.uniform(10.0, 300.0, size=(1, 4)), 0.9, 12.5),
        _case(ref.housing_neuron, RNG.uniform(50.0, 150.0, size=(1, 6)), 4.2, -400.0),
    ),
    vectorised=Vectorised(lambda m: (np.linspace(15.0, 180.0, m).reshape(1, m), 2.5, -60.0)),
)

# ----------------------------------------------------------------------------- stacked_prices
STACKED_PRICES = FunctionCheck(
    name="stacked_prices",
    outputs=("price",),
    cases=tuple(
        _case(ref.stacked_prices, RNG.standard_normal((n_x, m)), _network(n_x, n_h))
        for n_x, n_h, m in [(3, 5, 8), (6, 2, 4), (1, 3, 6)]
    ),
    vectorised=Vectorised(lambda m: (np.random.default_rng(200 + m).random((2, m)), _network(2, 3, np.random.default_rng(200)))),
)

# ----------------------------------------------------------------------------- accuracy
ACCURACY = FunctionCheck(
    name="accuracy",
    outputs=("accuracy",),
    cases=tuple(_case(ref.accuracy, *_labels(m)) for m in (7, 12, 3)),
    vectorised=Vectorised(lambda m: _labels(m, np.random.default_rng(300 + m))),
)

check_hidden = checker(RELU, HOUSING_NEURON, STACKED_PRICES, ACCURACY, reveal=False)
