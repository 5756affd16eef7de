"""Hidden checks for week 2, notebook 1: randomised inputs, expected values from the reference."""
import numpy as np

from autograder.references import week2_numpy_basics as ref
from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Vectorised, checker

rng = np.random.default_rng(20240611)


def _columns(m):
    return (np.random.default_rng(m).normal(0.0, 2.0, (5, m)),)


def _rows(m):
    return (np.random.default_rng(m).normal(0.0, 2.0, (m, 6)),)


def _image(m):
    return (np.random.default_rng(m).random((m, 5, 3)),)


def _labels(m):
    generator = np.random.default_rng(m)
    return generator.random((1, m)), (generator.random((1, m)) > 0.5).astype(float)


def _cases(function, *inputs):
    """One Case per argument tuple, expecting what the reference returns on it."""
    return tuple(Case(args, function(*args)) for args in inputs)


def _losses():
    yhat_1, yhat_2 = rng.random((1, 7)), rng.random((1, 12))
    y_1, y_2 = (rng.random((1, 7)) > 0.5).astype(float), (rng.random((1, 12)) > 0.5).astype(float)
    return (yhat_1, y_1), (yhat_2, y_2)


LOSS_INPUTS = _losses()

BASIC_SIGMOID = FunctionCheck(
    name="basic_sigmoid",
    outputs=("s",),
    cases=_cases(ref.basic_sigmoid, *((float(v),) for v in rng.uniform(-6.0, 6.0, size=3))),
)

SIGMOID = FunctionCheck(
    name="sigmoid",
    outputs=("s",),
    cases=_cases(ref.sigmoid, (rng.normal(0.0, 3.0, (4, 6)),), (rng.normal(0.0, 3.0, (2, 3, 5)),)),
    vectorised=Vectorised(_columns, m=24),
    forbidden=(activations.sigmoid,),
)

SIGMOID_DERIVATIVE = FunctionCheck(
    name="sigmoid_derivative",
    outputs=("ds",),
    cases=_cases(ref.sigmoid_derivative, (rng.normal(0.0, 3.0, (5, 2)),), (rng.normal(0.0, 3.0, (1, 9)),)),
    vectorised=Vectorised(_columns, m=24),
    forbidden=(activations.sigmoid_backward,),
)

IMAGE2VECTOR = FunctionCheck(
    name="image2vector",
    outputs=("v",),
    cases=_cases(ref.image2vector, (rng.random((5, 2, 3)),), (rng.random((4, 7, 3)),)),
    vectorised=Vectorised(_image, m=24),
)

NORMALIZE_ROWS = FunctionCheck(
    name="normalize_rows",
    outputs=("x_normalized",),
    cases=_cases(ref.normalize_rows, (rng.normal(0.0, 2.0, (4, 4)),), (rng.normal(0.0, 2.0, (6, 3)),)),
    vectorised=Vectorised(_rows, m=24),
)

SOFTMAX = FunctionCheck(
    name="softmax",
    outputs=("s",),
    cases=_cases(
        ref.softmax,
        (rng.normal(0.0, 3.0, (4, 6)),),
        (np.vstack([rng.normal(0.0, 1.0, (2, 3)), rng.uniform(750.0, 760.0, (1, 3)), rng.normal(0.0, 1.0, (1, 3))]),),
    ),
    vectorised=Vectorised(_rows, m=24),
)

L1_LOSS = FunctionCheck(
    name="L1",
    outputs=("loss",),
    cases=_cases(ref.L1, *LOSS_INPUTS),
    vectorised=Vectorised(_labels, m=24),
)

L2_LOSS = FunctionCheck(
    name="L2",
    outputs=("loss",),
    cases=_cases(ref.L2, *LOSS_INPUTS),
    vectorised=Vectorised(_labels, m=24),
)

check_hidden = checker(
    BASIC_SIGMOID, SIGMOID, SIGMOID_DERIVATIVE, IMAGE2VECTOR, NORMALIZE_ROWS, SOFTMAX, L1_LOSS, L2_LOSS,
    reveal=False,
)
