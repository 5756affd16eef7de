"""Hidden checks of week 4, "Building a deep neural network, step by step".

Randomised inputs (instructor seed, other shapes than the public checks), expected values from
autograder.references. L_model_backward is also checked against centred finite differences of the
reference forward pass and cost, on random networks of random depth.
"""
import numpy as np

from autograder.references import week4_deep_network_step_by_step as ref
from dnn_utils import network
from dnn_utils.checks import Case, FunctionCheck, Gradient, Vectorised, checker

RNG = np.random.default_rng(40_401)
KINK_MARGIN = 1e-3  # every hidden |Z| stays this far from ReLU's kink at 0, so finite differences hold


def _comparable(value):
    """value with every list made a tuple, as in the declarations of the checks."""
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return tuple(_comparable(item) for item in value)
    return value


def _case(function, *args, m=None):
    """A Case whose expected value is the reference's output on args."""
    return Case(args=args, expected=_comparable(function(*args)), m=m)


def _network(layer_dims):
    """W{l} standard normal / sqrt(n[l-1]) and small random b{l}: large enough gradients to compare."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = RNG.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = RNG.standard_normal((layer_dims[l], 1)) * 0.1
    return parameters


def _labels(m):
    return (RNG.random((1, m)) > 0.5).astype(float)


def _problem(depth, m):
    """(X, Y, parameters) of a random network with `depth` layers and widths 2..5.

    Draws are rejected until every hidden unit is active on some example (no dead unit hides a
    wrong gradient) and every hidden |Z| is at least KINK_MARGIN.
    """
    while True:
        layer_dims = [int(n) for n in RNG.integers(2, 6, size=depth)] + [1]
        X, Y, parameters = RNG.standard_normal((layer_dims[0], m)), _labels(m), _network(layer_dims)
        _, caches = ref.L_model_forward(X, parameters)
        hidden_Z = [Z for _, Z in caches[:-1]]
        if all(np.abs(Z).min() > KINK_MARGIN and (Z > 0).any(axis=1).all() for Z in hidden_Z):
            return X, Y, parameters


def _vector_args(m):
    """(X, Y, parameters) of a fixed [6, 4, 3, 1] network and m examples, seeded by m."""
    rng = np.random.default_rng(5000 + m)
    parameters = {}
    for l, (n_prev, n) in enumerate([(6, 4), (4, 3), (3, 1)], start=1):
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * 0.5
        parameters[f"b{l}"] = np.zeros((n, 1))
    return rng.standard_normal((6, m)), (rng.random((1, m)) > 0.5).astype(float), parameters


def _vector_layer_args(m, *extra):
    """(A_prev, W1, b1, *extra) of the first layer of the _vector_args network."""
    X, _, parameters = _vector_args(m)
    return (X, parameters["W1"], parameters["b1"], *extra)


def _vector_backward_args(m):
    """(AL, Y, caches) of the reference forward pass on _vector_args(m)."""
    X, Y, parameters = _vector_args(m)
    AL, caches = ref.L_model_forward(X, parameters)
    return AL, Y, caches


# ----------------------------------------------------------------------------- initialize_parameters
INITIALIZE_PARAMETERS = FunctionCheck(
    name="initialize_parameters",
    outputs=("parameters",),
    cases=tuple(_case(ref.initialize_parameters, *(int(n) for n in RNG.integers(2, 9, size=3))) for _ in range(3)),
    forbidden=(network.initialize_parameters_deep,),
)

# ----------------------------------------------------------------------------- initialize_parameters_deep
INITIALIZE_PARAMETERS_DEEP = FunctionCheck(
    name="initialize_parameters_deep",
    outputs=("parameters",),
    cases=tuple(
        _case(ref.initialize_parameters_deep, [int(n) for n in RNG.integers(1, 9, size=depth + 1)]) for depth in (2, 5, 1)
    ),
    forbidden=(network.initialize_parameters_deep,),
)

# ----------------------------------------------------------------------------- linear_forward
def _linear_args(n_prev, n, m):
    return RNG.standard_normal((n_prev, m)), RNG.standard_normal((n, n_prev)), RNG.standard_normal((n, 1))


LINEAR_FORWARD = FunctionCheck(
    name="linear_forward",
    outputs=("Z", "cache"),
    cases=tuple(_case(ref.linear_forward, *_linear_args(*shape)) for shape in [(6, 2, 7), (1, 5, 3), (4, 4, 1)]),
    vectorised=Vectorised(_vector_layer_args),
    forbidden=(network.linear_forward,),
)

# ----------------------------------------------------------------------------- linear_activation_forward
LINEAR_ACTIVATION_FORWARD = FunctionCheck(
    name="linear_activation_forward",
    outputs=("A", "cache"),
    cases=tuple(
        _case(ref.linear_activation_forward, *_linear_args(*shape), activation)
        for shape, activation in [((5, 3, 6), "relu"), ((2, 1, 9), "sigmoid"), ((3, 4, 2), "relu")]
    ),
    vectorised=Vectorised(lambda m: _vector_layer_args(m, "sigmoid")),
    forbidden=(network.linear_activation_forward,),
)

# ----------------------------------------------------------------------------- L_model_forward
L_MODEL_FORWARD = FunctionCheck(
    name="L_model_forward",
    outputs=("AL", "caches"),
    cases=tuple(_case(ref.L_model_forward, *_problem(depth, m)[::2]) for depth, m in [(2, 6), (4, 3), (3, 8)]),
    vectorised=Vectorised(lambda m: _vector_args(m)[::2]),
    forbidden=(network.L_model_forward,),
)

# ----------------------------------------------------------------------------- compute_cost
def _cost_args(m):
    return RNG.uniform(0.02, 0.98, size=(1, m)), _labels(m)


COMPUTE_COST = FunctionCheck(
    name="compute_cost",
    outputs=("cost",),
    cases=tuple(_case(ref.compute_cost, *_cost_args(m), m=m) for m in (7, 3, 12)),
    vectorised=Vectorised(lambda m: _vector_backward_args(m)[:2]),
    forbidden=(network.compute_cost,),
)

# ----------------------------------------------------------------------------- linear_backward
def _linear_backward_args(n_prev, n, m):
    A_prev, W, b = _linear_args(n_prev, n, m)
    return RNG.standard_normal((n, m)), (A_prev, W, b)


LINEAR_BACKWARD = FunctionCheck(
    name="linear_backward",
    outputs=("dA_prev", "dW", "db"),
    cases=tuple(_case(ref.linear_backward, *_linear_backward_args(*shape), m=shape[2]) for shape in [(4, 2, 6), (3, 5, 9)]),
    vectorised=Vectorised(lambda m: (np.ones((4, m)), _vector_backward_args(m)[2][0][0])),
    forbidden=(network.linear_backward,),
)

# ----------------------------------------------------------------------------- linear_activation_backward
def _activation_backward_args(n_prev, n, m, activation):
    A_prev, W, b = _linear_args(n_prev, n, m)
    return RNG.standard_normal((n, m)), ((A_prev, W, b), W @ A_prev + b), activation


LINEAR_ACTIVATION_BACKWARD = FunctionCheck(
    name="linear_activation_backward",
    outputs=("dA_prev", "dW", "db"),
    cases=tuple(
        _case(ref.linear_activation_backward, *_activation_backward_args(*shape), m=shape[2])
        for shape in [(3, 4, 5, "relu"), (5, 1, 7, "sigmoid"), (2, 3, 3, "relu")]
    ),
    vectorised=Vectorised(lambda m: (np.ones((4, m)), _vector_backward_args(m)[2][0], "relu")),
    forbidden=(network.linear_activation_backward,),
)


# ----------------------------------------------------------------------------- L_model_backward
def _backward_case(depth, m):
    X, Y, parameters = _problem(depth, m)
    AL, caches = ref.L_model_forward(X, parameters)
    return _case(ref.L_model_backward, AL, Y, caches, m=m)


# Networks for the gradient check, one per depth 2, 3, 4 in a random order. Their costs are summed:
# the gradient of the sum with respect to network k's parameters is the gradient of network k's cost.
GRADIENT_NETWORKS = [_problem(int(depth), int(m)) for depth, m in zip(RNG.permutation([2, 3, 4]), RNG.integers(3, 7, size=3))]


def _reference_cost(L_model_backward, p):
    """Sum over the networks of the reference cost at p: the student's gradients must be its derivatives."""
    total = 0.0
    for k, (X, Y, parameters) in enumerate(GRADIENT_NETWORKS):
        AL, _ = ref.L_model_forward(X, {name: p[f"net{k}.{name}"] for name in parameters})
        total += ref.compute_cost(AL, Y)
    return total


def _student_grads(L_model_backward, p):
    gradients = {}
    for k, (X, Y, parameters) in enumerate(GRADIENT_NETWORKS):
        AL, caches = ref.L_model_forward(X, {name: p[f"net{k}.{name}"] for name in parameters})
        grads = L_model_backward(AL, Y, caches)
        gradients.update({f"net{k}.{name}": grads["d" + name] for name in parameters})
    return gradients


L_MODEL_BACKWARD = FunctionCheck(
    name="L_model_backward",
    outputs=("grads",),
    cases=tuple(_backward_case(depth, m) for depth, m in [(3, 5), (2, 8), (4, 4)]),
    vectorised=Vectorised(_vector_backward_args),
    gradient=Gradient(
        params={f"net{k}.{name}": value for k, (_, _, parameters) in enumerate(GRADIENT_NETWORKS) for name, value in parameters.items()},
        cost=_reference_cost,
        grads=_student_grads,
        eps=1e-5,  # the summed cost carries more rounding noise than one network's; the kinks are 1e-3 away
    ),
    forbidden=(network.L_model_backward,),
)


# ----------------------------------------------------------------------------- update_parameters
def _update_args(layer_dims, learning_rate):
    parameters = _network(layer_dims)
    return parameters, {"d" + name: RNG.standard_normal(value.shape) for name, value in parameters.items()}, learning_rate


def _vector_update_args(m):
    """A [m, 4, 1] network and gradients: the work of update_parameters grows with the number of weights."""
    rng = np.random.default_rng(6000 + m)
    parameters = {"W1": rng.standard_normal((4, m)), "b1": np.zeros((4, 1)), "W2": rng.standard_normal((1, 4)), "b2": np.zeros((1, 1))}
    return parameters, {"d" + name: value * 0.3 for name, value in parameters.items()}, 0.1


UPDATE_PARAMETERS = FunctionCheck(
    name="update_parameters",
    outputs=("parameters",),
    cases=tuple(_case(ref.update_parameters, *_update_args(*case)) for case in [([4, 3, 2, 1], 0.05), ([2, 1], 1.2)]),
    vectorised=Vectorised(_vector_update_args),
    forbidden=(network.update_parameters,),
)

check_hidden = checker(
    INITIALIZE_PARAMETERS,
    INITIALIZE_PARAMETERS_DEEP,
    LINEAR_FORWARD,
    LINEAR_ACTIVATION_FORWARD,
    L_MODEL_FORWARD,
    COMPUTE_COST,
    LINEAR_BACKWARD,
    LINEAR_ACTIVATION_BACKWARD,
    L_MODEL_BACKWARD,
    UPDATE_PARAMETERS,
    reveal=False,
)
