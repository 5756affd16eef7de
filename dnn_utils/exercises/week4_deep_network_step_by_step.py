"""Public checks of week 4, "Building a deep neural network, step by step".

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week4_deep_network_step_by_step.json by `python3 course.py expected`. Check cells call
`check(initialize_parameters)`, `check(linear_forward)`, ...
Each check also refuses the finished version of the same function shipped in dnn_utils.network:
the point of this notebook is to write them.
"""
import numpy as np

from dnn_utils import activations, network
from dnn_utils.checks import Case, FunctionCheck, Gradient, Mistake, Vectorised, exercises
from dnn_utils.checks.quiz import Choice, Number, Quiz, Shape

RNG = np.random.default_rng(4)
OTHER_ACTIVATION = {"sigmoid": "relu", "relu": "sigmoid"}
ACTIVATION = {"sigmoid": activations.sigmoid, "relu": activations.relu}


def _draw(*shape):
    """A fixed input array, rounded to 2 decimals so that it reads well in messages."""
    return np.round(RNG.standard_normal(shape), 2)


def _network(layer_dims, seed):
    """Parameters W{l}, b{l} of a network with standard-normal weights scaled by 1/sqrt(n[l-1])."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.1
    return parameters


def _labels(rng, m):
    return (rng.random((1, m)) > 0.5).astype(float)


def _other_activation(args, kwargs):
    """The same call with the other activation: what swapping "sigmoid" and "relu" gives."""
    return (*args[:-1], OTHER_ACTIVATION[args[-1]]), kwargs


# Arguments for the vectorisation rung: the same layer sizes, m examples.
VECTOR_PARAMETERS = _network([4, 3, 2, 1], seed=40)


def _vector_data(m):
    rng = np.random.default_rng(400 + m)
    return rng.standard_normal((4, m)), _labels(rng, m)


def _vector_backward_args(m):
    X, Y = _vector_data(m)
    AL, caches = network.L_model_forward(X, VECTOR_PARAMETERS)
    return AL, Y, caches


def _vector_update_args(m):
    """A [m, 3, 1] network: the work of update_parameters grows with the number of weights."""
    parameters = _network([m, 3, 1], seed=41)
    grads = {"d" + name: value * 0.5 for name, value in _network([m, 3, 1], seed=42).items()}
    return parameters, grads, 0.1


def _vector_cost_args(m):
    X, Y = _vector_data(m)
    return network.L_model_forward(X, VECTOR_PARAMETERS)[0], Y


# ----------------------------------------------------------------------------- initialize_parameters
INITIALIZE_PARAMETERS = FunctionCheck(
    name="initialize_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(3, 2, 1),
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    "These are the right random numbers without the 0.01: small initial weights keep Z near 0, "
                    "so write rng.randn(n_h, n_x) * 0.01.",
                    derive=lambda W1, case: W1 / 0.01,
                ),
                Mistake(
                    "parameters['W1']",
                    "W1 got the numbers meant for W2: draw W1 first, then W2, from the same RandomState(1).",
                    formula="W2_drawn_first",
                ),
            ),
        ),
        Case(args=(2, 4, 1)),
    ),
    forbidden=(network.initialize_parameters_deep,),
)

# ----------------------------------------------------------------------------- initialize_parameters_deep
INITIALIZE_PARAMETERS_DEEP = FunctionCheck(
    name="initialize_parameters_deep",
    outputs=("parameters",),
    cases=(
        Case(
            args=([5, 4, 3],),
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    "These weights are divided by sqrt(n[l-1]) (the scaling of week 4b); here multiply "
                    "randn(n[l], n[l-1]) by 0.01.",
                    derive=lambda W1, case: W1 / 0.01 / np.sqrt(W1.shape[1]),
                ),
                Mistake(
                    "parameters['W1']",
                    "These are the numbers of RandomState(1): this function uses np.random.RandomState(3).",
                    formula="random_state_1",
                ),
            ),
        ),
        Case(args=([4, 3, 2, 1],)),
    ),
    forbidden=(network.initialize_parameters_deep,),
)

# ----------------------------------------------------------------------------- linear_forward
LF_A, LF_W, LF_B = _draw(3, 2), _draw(1, 3), _draw(1, 1)
LF2_A, LF2_W, LF2_B = _draw(4, 5), _draw(3, 4), _draw(3, 1)
NO_BIAS = Mistake(
    "Z",
    "Z is W A without the bias: add b (it broadcasts over the m columns).",
    derive=lambda Z, case: Z - case.args[2],
)

LINEAR_FORWARD = FunctionCheck(
    name="linear_forward",
    outputs=("Z", "cache"),
    cases=(
        Case(args=(LF_A, LF_W, LF_B), mistakes=(NO_BIAS,)),
        Case(args=(LF2_A, LF2_W, LF2_B), mistakes=(NO_BIAS,)),
    ),
    vectorised=Vectorised(lambda m: (_vector_data(m)[0], VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"])),
    forbidden=(network.linear_forward,),
)

# ----------------------------------------------------------------------------- linear_activation_forward
LAF_A, LAF_W, LAF_B = _draw(3, 4), _draw(2, 3), _draw(2, 1)
SWAPPED_HINT = 'These are the values of the other activation: sigmoid for "sigmoid", ReLU (np.maximum(0, Z)) for "relu".'
A_CACHED_HINT = "The activation cache must hold Z, not A: the backward step needs g'(Z)."
FORWARD_MISTAKES = (
    Mistake("A", SWAPPED_HINT, call=_other_activation),
    Mistake("cache[1]", A_CACHED_HINT, derive=lambda Z, case: ACTIVATION[case.args[3]](Z)),  # A = g(Z)
)

LINEAR_ACTIVATION_FORWARD = FunctionCheck(
    name="linear_activation_forward",
    outputs=("A", "cache"),
    cases=(
        Case(args=(LAF_A, LAF_W, LAF_B, "sigmoid"), mistakes=FORWARD_MISTAKES),
        Case(args=(LAF_A, LAF_W, LAF_B, "relu"), mistakes=FORWARD_MISTAKES),
    ),
    vectorised=Vectorised(lambda m: (_vector_data(m)[0], VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"], "relu")),
    forbidden=(network.linear_activation_forward,),
)

# ----------------------------------------------------------------------------- L_model_forward
LMF_X = _draw(5, 4)
LMF_PARAMETERS = _network([5, 4, 3, 1], seed=43)

L_MODEL_FORWARD = FunctionCheck(
    name="L_model_forward",
    outputs=("AL", "caches"),
    cases=(
        Case(
            args=(LMF_X, LMF_PARAMETERS),
            mistakes=(
                Mistake(
                    "AL",
                    'The output layer got a ReLU: only layers 1..L-1 use "relu"; layer L uses "sigmoid".',
                    derive=lambda AL, case: np.maximum(0.0, np.log(AL / (1 - AL))),  # Z[L] = logit(AL)
                ),
                Mistake(
                    "AL",
                    'The hidden layers used the sigmoid: layers 1..L-1 use "relu".',
                    formula="sigmoid_hidden_layers",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (_vector_data(m)[0], VECTOR_PARAMETERS)),
    forbidden=(network.L_model_forward,),
)

# ----------------------------------------------------------------------------- compute_cost
COMPUTE_COST = FunctionCheck(
    name="compute_cost",
    outputs=("cost",),
    cases=(
        Case(
            args=(np.array([[0.8, 0.9, 0.4, 0.25]]), np.array([[1.0, 1.0, 0.0, 1.0]])),
            m=4,
            mistakes=(
                Mistake(
                    "cost",
                    "This cost has only the Y * log(AL) term: add (1 - Y) * np.log(1 - AL), the loss of the "
                    "examples labelled 0.",
                    formula="cost_without_1_minus_y",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_cost_args),
    forbidden=(network.compute_cost,),
)

# ----------------------------------------------------------------------------- linear_backward
LB_DZ, LB_A, LB_W, LB_B = _draw(3, 4), _draw(5, 4), _draw(3, 5), _draw(3, 1)


def _vector_linear_backward_args(m):
    return np.ones((3, m)), (_vector_data(m)[0], VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"])


LINEAR_BACKWARD = FunctionCheck(
    name="linear_backward",
    outputs=("dA_prev", "dW", "db"),
    cases=(
        Case(
            args=(LB_DZ, (LB_A, LB_W, LB_B)),
            m=4,
            mistakes=(
                Mistake(
                    "dA_prev",
                    "dA_prev = W^T dZ has no 1/m: only dW and db, the gradients of the cost J (a mean), divide by m.",
                    derive=lambda dA_prev, case: dA_prev / case.m,
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_linear_backward_args),
    forbidden=(network.linear_backward,),
)

# ----------------------------------------------------------------------------- linear_activation_backward
LAB_DA, LAB_A, LAB_W, LAB_B, LAB_Z = _draw(2, 4), _draw(3, 4), _draw(2, 3), _draw(2, 1), _draw(2, 4)
LAB_CACHE = ((LAB_A, LAB_W, LAB_B), LAB_Z)
BACKWARD_SWAPPED_HINT = (
    'These are the gradients through the other activation: use sigmoid_backward for "sigmoid", relu_backward for "relu".'
)
BACKWARD_SWAPPED = Mistake("dA_prev", BACKWARD_SWAPPED_HINT, call=_other_activation)


def _vector_activation_backward_args(m):
    X = _vector_data(m)[0]
    Z = VECTOR_PARAMETERS["W1"] @ X + VECTOR_PARAMETERS["b1"]
    return np.ones_like(Z), ((X, VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"]), Z), "relu"


LINEAR_ACTIVATION_BACKWARD = FunctionCheck(
    name="linear_activation_backward",
    outputs=("dA_prev", "dW", "db"),
    cases=(
        Case(args=(LAB_DA, LAB_CACHE, "sigmoid"), m=4, mistakes=(BACKWARD_SWAPPED,)),
        Case(args=(LAB_DA, LAB_CACHE, "relu"), m=4, mistakes=(BACKWARD_SWAPPED,)),
    ),
    vectorised=Vectorised(_vector_activation_backward_args),
    forbidden=(network.linear_activation_backward,),
)

# ----------------------------------------------------------------------------- L_model_backward
LMB_X = _draw(4, 5)
LMB_Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
LMB_PARAMETERS = _network([4, 3, 2, 1], seed=44)
LMB_AL, LMB_CACHES = network.L_model_forward(LMB_X, LMB_PARAMETERS)


def _lmb_cost(L_model_backward, p):
    """The cost of the fixed network at parameters p, through the finished forward pass."""
    return network.compute_cost(network.L_model_forward(LMB_X, p)[0], LMB_Y)


def _lmb_grads(L_model_backward, p):
    AL, caches = network.L_model_forward(LMB_X, p)
    grads = L_model_backward(AL, LMB_Y, caches)
    return {name: grads["d" + name] for name in p}


L_MODEL_BACKWARD = FunctionCheck(
    name="L_model_backward",
    outputs=("grads",),
    cases=(
        Case(
            args=(LMB_AL, LMB_Y, LMB_CACHES),
            m=5,
            mistakes=(
                Mistake(  # dA2 is the first gradient the master's grads holds, so the first compared
                    "grads['dA2']",
                    "The output layer went back through the ReLU: layer L used the sigmoid, so its backward step "
                    'uses "sigmoid".',
                    formula="relu_output_backward",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_backward_args),
    gradient=Gradient(params=LMB_PARAMETERS, cost=_lmb_cost, grads=_lmb_grads),
    forbidden=(network.L_model_backward,),
)

# ----------------------------------------------------------------------------- update_parameters
UP_PARAMETERS = _network([3, 2, 1], seed=45)
UP_GRADS = {"d" + name: value for name, value in _network([3, 2, 1], seed=46).items()}

UPDATE_PARAMETERS = FunctionCheck(
    name="update_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(UP_PARAMETERS, UP_GRADS, 0.1),
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    "The parameters moved uphill: gradient descent subtracts, W = W - learning_rate * dW.",
                    call=lambda args, kwargs: ((*args[:2], -args[2]), kwargs),
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_update_args),
    forbidden=(network.update_parameters,),
)

# ----------------------------------------------------------------------------- the week's quiz
# The answers are the master's quiz() solution, stored hashed by `python3 course.py expected`.
QUIZ = Quiz("quiz", (
    Shape(1, hint="W[l] has one row per unit of its own layer and one column per input that each unit reads."),
    Number(2, decimals=0, hint="Count, layer by layer, the n[l] x n[l-1] weights and the n[l] biases, then add "
                                "the layers up."),
    Shape(3, hint="A gradient has the shape of what it differentiates: how many units has layer 1, and how many "
                  "columns does an activation have?"),
    Choice(4, "abcd", hint="Look at what dW = (1/m) dZ A_prev.T, dA_prev = W.T dZ and dZ = dA * g'(Z) read."),
    Choice(5, "abcd", hint="The chain rule starts at the loss: which layer's output does the loss read directly, "
                           "and what does each backward step hand on?"),
    Choice(6, "abcde", several=True, hint="Gradient descent learns the parameters from the data; which of these "
                                          "are chosen before training starts?"),
    Number(7, decimals=2, hint="The typical size of a sum of n independent random terms grows like sqrt(n): "
                               "section 8 uses it."),
))

check = exercises(
    __name__,
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
    QUIZ,
)
