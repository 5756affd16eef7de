"""Hidden checks of week 3, "Planar data classification with one hidden layer".

Randomised inputs (instructor seed, other shapes than the public checks), expected values from
autograder.references; the gradient check differentiates the reference forward pass and cost.
"""
import numpy as np

from autograder.references import week3_planar_data_classification as ref
from dnn_utils.checks import Case, FunctionCheck, Gradient, Vectorised, checker

RNG = np.random.default_rng(30_117)


def _problem(n_x, n_h, m):
    """(X, Y, parameters): data (n_x, m), 0/1 labels (1, m), random weights and biases of n_h hidden units."""
    parameters = {
        "W1": RNG.standard_normal((n_h, n_x)),
        "b1": RNG.standard_normal((n_h, 1)) * 0.5,
        "W2": RNG.standard_normal((1, n_h)),
        "b2": RNG.standard_normal((1, 1)) * 0.5,
    }
    return RNG.standard_normal((n_x, m)), (RNG.random((1, m)) > 0.5).astype(float), parameters


def _vectorised_problem(m):
    """(X, Y, parameters) with 3 features, 4 hidden units and m examples, from a generator seeded by m."""
    rng = np.random.default_rng(3000 + m)
    parameters = {"W1": rng.standard_normal((4, 3)), "b1": np.zeros((4, 1)), "W2": rng.standard_normal((1, 4)), "b2": np.ones((1, 1))}
    return rng.standard_normal((3, m)), (rng.random((1, m)) > 0.5).astype(float), parameters


def _case(function, *args, m=None, **kwargs):
    """A Case whose expected value is the reference's output on args."""
    return Case(args=args, kwargs=kwargs, expected=function(*args, **kwargs), m=m)


# ----------------------------------------------------------------------------- layer_sizes
LAYER_SIZES = FunctionCheck(
    name="layer_sizes",
    outputs=("n_x", "n_h", "n_y"),
    cases=tuple(
        _case(ref.layer_sizes, RNG.standard_normal((n_x, m)), RNG.standard_normal((n_y, m)))
        for n_x, n_y, m in [(7, 1, 3), (3, 2, 9), (12, 3, 1)]
    ),
)

# ----------------------------------------------------------------------------- initialize_parameters
INITIALIZE_PARAMETERS = FunctionCheck(
    name="initialize_parameters",
    outputs=("parameters",),
    cases=(
        _case(ref.initialize_parameters, 3, 6, 1),
        _case(ref.initialize_parameters, 5, 2, 3),
        _case(ref.initialize_parameters, 4, 7, 1, seed=11),
    ),
)

# ----------------------------------------------------------------------------- forward_propagation
FORWARD_PROPAGATION = FunctionCheck(
    name="forward_propagation",
    outputs=("A2", "cache"),
    cases=tuple(
        _case(ref.forward_propagation, X, parameters)
        for X, _, parameters in [_problem(3, 4, 7), _problem(2, 6, 11), _problem(5, 1, 2)]
    ),
    vectorised=Vectorised(lambda m: (_vectorised_problem(m)[0], _vectorised_problem(m)[2])),
)

# ----------------------------------------------------------------------------- compute_cost
COMPUTE_COST = FunctionCheck(
    name="compute_cost",
    outputs=("cost",),
    cases=tuple(
        _case(ref.compute_cost, RNG.uniform(0.02, 0.98, size=(1, m)), (RNG.random((1, m)) > 0.5).astype(float), m=m)
        for m in (6, 13, 3)
    ),
    vectorised=Vectorised(lambda m: (np.linspace(0.1, 0.9, m).reshape(1, m), _vectorised_problem(m)[1])),
)

# ----------------------------------------------------------------------------- backward_propagation
def _backward_args(X, Y, parameters):
    return parameters, ref.forward_propagation(X, parameters)[1], X, Y


GRADIENT_X, GRADIENT_Y, GRADIENT_PARAMETERS = _problem(3, 5, 8)


def _reference_cost(backward_propagation, p):
    """The reference cost at p: the student's gradients must be its derivatives."""
    return ref.compute_cost(ref.forward_propagation(GRADIENT_X, p)[0], GRADIENT_Y)


def _student_grads(backward_propagation, p):
    grads = backward_propagation(p, ref.forward_propagation(GRADIENT_X, p)[1], GRADIENT_X, GRADIENT_Y)
    return {name: grads["d" + name] for name in p}


BACKWARD_PROPAGATION = FunctionCheck(
    name="backward_propagation",
    outputs=("grads",),
    cases=tuple(
        _case(ref.backward_propagation, *_backward_args(*problem), m=problem[0].shape[1])
        for problem in [_problem(4, 3, 6), _problem(2, 5, 10)]
    ),
    vectorised=Vectorised(lambda m: _backward_args(*_vectorised_problem(m))),
    gradient=Gradient(params=GRADIENT_PARAMETERS, cost=_reference_cost, grads=_student_grads),
)

# ----------------------------------------------------------------------------- update_parameters
def _update_case(n_x, n_h, *learning_rate):
    X, Y, parameters = _problem(n_x, n_h, 4)
    grads = ref.backward_propagation(*_backward_args(X, Y, parameters))
    return _case(ref.update_parameters, parameters, grads, *learning_rate)


UPDATE_PARAMETERS = FunctionCheck(
    name="update_parameters",
    outputs=("parameters",),
    cases=(_update_case(3, 4), _update_case(2, 6, 0.07)),
)

# ----------------------------------------------------------------------------- nn_model
def _nn_model_case(n_x, m, n_h, num_iterations):
    X, Y, _ = _problem(n_x, 1, m)
    return _case(ref.nn_model, X, Y.astype(np.uint8), n_h, num_iterations=num_iterations)


NN_MODEL = FunctionCheck(
    name="nn_model",
    outputs=("parameters",),
    cases=(_nn_model_case(2, 8, 4, 30), _nn_model_case(3, 6, 2, 45)),
    rtol=1e-5,
    vectorised=Vectorised(lambda m: (*_vectorised_problem(m)[:2], 3, 4)),
)

# ----------------------------------------------------------------------------- predict
X_HALF, _, PARAMETERS_HALF = _problem(3, 4, 9)
# with zero biases, the columns of zeros in X get the probability sigmoid(0) = 0.5 exactly, labelled 0
PARAMETERS_HALF["b1"][:] = 0.0
PARAMETERS_HALF["b2"][:] = 0.0
X_HALF[:, [1, 6]] = 0.0

PREDICT = FunctionCheck(
    name="predict",
    outputs=("predictions",),
    cases=(
        _case(ref.predict, _problem(2, 3, 7)[2], RNG.standard_normal((2, 7))),
        _case(ref.predict, PARAMETERS_HALF, X_HALF),
    ),
    vectorised=Vectorised(lambda m: (_vectorised_problem(m)[2], _vectorised_problem(m)[0])),
)

check_hidden = checker(
    LAYER_SIZES,
    INITIALIZE_PARAMETERS,
    FORWARD_PROPAGATION,
    COMPUTE_COST,
    BACKWARD_PROPAGATION,
    UPDATE_PARAMETERS,
    NN_MODEL,
    PREDICT,
    reveal=False,
)
