"""Hidden checks of week 2, "Logistic regression with a neural-network mindset".

Randomised inputs (instructor seed, other shapes than the public checks), expected values from
autograder.references; the gradient check differentiates the reference cost.
"""
import numpy as np

from autograder.references import week2_logistic_regression as ref
from dnn_utils.checks import Case, FunctionCheck, Gradient, Vectorised, checker

RNG = np.random.default_rng(20_402)


def _problem(n_x, m):
    """(w, b, X, Y): random weights, bias, data of shape (n_x, m) and 0/1 labels of shape (1, m)."""
    w = RNG.standard_normal((n_x, 1)) * 0.5
    b = float(RNG.standard_normal())
    X = RNG.standard_normal((n_x, m))
    Y = (RNG.random((1, m)) > 0.5).astype(float)
    return w, b, X, Y


def _vectorised_args(m):
    """(w, b, X, Y) with 5 features and m examples, drawn from a generator seeded by m."""
    rng = np.random.default_rng(1000 + m)
    return rng.standard_normal((5, 1)), -0.2, rng.standard_normal((5, m)), (rng.random((1, m)) > 0.5).astype(float)


def _comparable(value):
    """value with every list made a tuple: the check engine compares a tuple element by element."""
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return tuple(_comparable(item) for item in value)
    return value


def _case(function, *args, m=None):
    """A Case whose expected value is the reference's output on args (a list of costs as a tuple)."""
    return Case(args=args, expected=_comparable(function(*args)), m=m)


# ----------------------------------------------------------------------------- sigmoid
SIGMOID = FunctionCheck(
    name="sigmoid",
    outputs=("s",),
    cases=tuple(_case(ref.sigmoid, RNG.uniform(-6.0, 6.0, size=shape)) for shape in [(4, 3), (7,), (2, 2, 3)]),
    vectorised=Vectorised(lambda m: (np.linspace(-5.0, 5.0, m),)),
)

# ----------------------------------------------------------------------------- initialize_with_zeros
INITIALIZE_WITH_ZEROS = FunctionCheck(
    name="initialize_with_zeros",
    outputs=("w", "b"),
    cases=tuple(_case(ref.initialize_with_zeros, int(dim)) for dim in RNG.integers(3, 40, size=3)),
)

# ----------------------------------------------------------------------------- propagate
PROPAGATE_PROBLEMS = [_problem(4, 7), _problem(6, 11), _problem(2, 3)]
GRADIENT_W, GRADIENT_B, GRADIENT_X, GRADIENT_Y = _problem(5, 9)


def _reference_cost(propagate, p):
    """The reference cost at p = {"w", "b"}: the student's gradients must be its derivatives."""
    return ref.propagate(p["w"], float(p["b"]), GRADIENT_X, GRADIENT_Y)[1]


def _student_grads(propagate, p):
    grads = propagate(p["w"], float(p["b"]), GRADIENT_X, GRADIENT_Y)[0]
    return {"w": grads["dw"], "b": grads["db"]}


PROPAGATE = FunctionCheck(
    name="propagate",
    outputs=("grads", "cost"),
    cases=tuple(_case(ref.propagate, *problem, m=problem[2].shape[1]) for problem in PROPAGATE_PROBLEMS),
    vectorised=Vectorised(_vectorised_args),
    gradient=Gradient(params={"w": GRADIENT_W, "b": np.array(GRADIENT_B)}, cost=_reference_cost, grads=_student_grads),
)

# ----------------------------------------------------------------------------- optimize
OPTIMIZE = FunctionCheck(
    name="optimize",
    outputs=("params", "grads", "costs"),
    cases=(
        _case(ref.optimize, *_problem(4, 10), 250, 0.07),
        _case(ref.optimize, *_problem(3, 6), 120, 0.3),
        _case(ref.optimize, *_problem(6, 5), 37, 0.02),
    ),
    vectorised=Vectorised(lambda m: (*_vectorised_args(m), 4, 0.05)),
)

# ----------------------------------------------------------------------------- predict
PREDICT_PROBLEMS = [_problem(5, 8)[:3], _problem(3, 12)[:3]]
# with b = 0, a column of zeros has probability exactly 0.5, which must be labelled 0
W_HALF, _, X_HALF, _ = _problem(4, 9)
X_HALF[:, [2, 5]] = 0.0

PREDICT = FunctionCheck(
    name="predict",
    outputs=("Y_prediction",),
    cases=(*(_case(ref.predict, *problem) for problem in PREDICT_PROBLEMS), _case(ref.predict, W_HALF, 0.0, X_HALF)),
    vectorised=Vectorised(lambda m: _vectorised_args(m)[:3]),
)

# ----------------------------------------------------------------------------- model
def _model_case(n_x, m_train, m_test, num_iterations, learning_rate):
    _, _, X_train, Y_train = _problem(n_x, m_train)
    _, _, X_test, Y_test = _problem(n_x, m_test)
    return _case(ref.model, X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)


MODEL = FunctionCheck(
    name="model",
    outputs=("d",),
    cases=tuple(_model_case(*shape) for shape in [(4, 9, 5, 205, 0.2), (2, 7, 4, 101, 0.05)]),
    vectorised=Vectorised(lambda m: (*_vectorised_args(m)[2:], *_vectorised_args(m + 1)[2:], 3, 0.1)),
)

check_hidden = checker(SIGMOID, INITIALIZE_WITH_ZEROS, PROPAGATE, OPTIMIZE, PREDICT, MODEL, reveal=False)
