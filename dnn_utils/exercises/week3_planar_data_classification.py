"""Public checks of week 3, "Planar data classification with one hidden layer".

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week3_planar_data_classification.json by `python3 course.py expected`. Check cells call
`check(layer_sizes)`, `check(forward_propagation)`, ..., and the quiz cell `check(quiz)`.
"""
import numpy as np

from dnn_utils import explore, network
from dnn_utils.checks import Case, FunctionCheck, Gradient, Mistake, Vectorised, exercises
from dnn_utils.checks.quiz import Choice, Number, Quiz, Shape

# A small problem shared by most checks: n_x = 2 features, n_h = 3 hidden units, m = 5 examples.
X = np.array([[1.2, -0.8, 0.3, -1.5, 0.9], [0.4, 1.1, -0.7, -0.2, 1.6]])
Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
Y_UINT8 = Y.astype(np.uint8)  # the same labels with the flower's dtype: load_planar_dataset gives uint8
PARAMETERS = {
    "W1": np.array([[0.5, -0.3], [-0.8, 0.6], [0.2, 0.9]]),
    "b1": np.array([[0.1], [-0.2], [0.05]]),
    "W2": np.array([[0.7, -1.1, 0.4]]),
    "b2": np.array([[-0.3]]),
}


def _problem(m, n_h=3):
    """(X, Y, parameters): a random problem with 2 features, n_h hidden units and m examples."""
    rng = np.random.default_rng(m)
    parameters = {
        "W1": rng.standard_normal((n_h, 2)),
        "b1": rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((1, n_h)),
        "b2": rng.standard_normal((1, 1)),
    }
    return rng.standard_normal((2, m)), (rng.random((1, m)) > 0.5).astype(float), parameters


def _backward_args(m):
    """(parameters, cache, X, Y) of a random problem with m examples."""
    X, Y, parameters = _problem(m)
    return parameters, _forward(parameters, X), X, Y


def _forward(parameters, X):
    """The cache {"Z1", "A1", "Z2", "A2"} of the network, built from dnn_utils.network's finished layers."""
    A1, (_, Z1) = network.linear_activation_forward(X, parameters["W1"], parameters["b1"], "tanh")
    A2, (_, Z2) = network.linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


# The forward pass of PARAMETERS on X, as forward_propagation must return it.
CACHE = _forward(PARAMETERS, X)
# update_parameters' input: gradients of the sizes backward_propagation returns, small round numbers.
GRADS = {
    "dW1": np.array([[-0.15, -0.07], [0.18, 0.14], [-0.05, 0.01]]),
    "db1": np.array([[-0.1], [0.14], [-0.02]]),
    "dW2": np.array([[-0.11, 0.14, -0.07]]),
    "db2": np.array([[-0.14]]),
}

# The gradient check runs on a problem of its own, with 6 examples and 3 hidden units.
GRADIENT_X, GRADIENT_Y, GRADIENT_PARAMETERS = _problem(6)


def _cost(backward_propagation, p):
    """The cost at parameters p: the function the gradients must be the derivatives of."""
    return network.compute_cost(_forward(p, GRADIENT_X)["A2"], GRADIENT_Y)


def _backward_grads(backward_propagation, p):
    """backward_propagation's gradients at p, named after the parameters."""
    grads = backward_propagation(p, _forward(p, GRADIENT_X), GRADIENT_X, GRADIENT_Y)
    return {name: grads["d" + name] for name in p}


# ----------------------------------------------------------------------------- layer_sizes
LAYER_SIZES = FunctionCheck(
    name="layer_sizes",
    outputs=("n_x", "n_h", "n_y"),
    cases=(
        Case(args=(np.zeros((5, 3)), np.zeros((2, 3)))),
        Case(args=(X, Y)),
    ),
)

# ----------------------------------------------------------------------------- initialize_parameters
INITIALIZE_PARAMETERS = FunctionCheck(
    name="initialize_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(2, 4, 1),
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    "These are the numbers that come after W2's: draw W1 first, then W2, from the same generator.",
                    formula="w1_drawn_after_w2",
                ),
                Mistake(
                    "parameters['W1']",
                    "These are uniform numbers in [0, 0.01) from rng.rand: use rng.randn, the standard normal distribution.",
                    formula="uniform_w1",
                ),
            ),
        ),
        Case(args=(2, 3, 1), kwargs={"seed": 3}),
    ),
)


# ----------------------------------------------------------------------------- forward_propagation
def _halved_tanh_network(args, kwargs):
    """Arguments on which the tanh network computes what a sigmoid hidden layer computes on args:
    sigmoid(z) = (1 + tanh(z / 2)) / 2, so halve W1, b1 and W2, and add half of W2's row sums to b2."""
    X, p = args
    halved = {"W1": p["W1"] / 2, "b1": p["b1"] / 2, "W2": p["W2"] / 2, "b2": p["b2"] + p["W2"].sum(axis=1, keepdims=True) / 2}
    return (X, halved), kwargs


FORWARD_PROPAGATION = FunctionCheck(
    name="forward_propagation",
    outputs=("A2", "cache"),
    cases=(
        Case(
            args=(X, PARAMETERS),
            mistakes=(
                Mistake(
                    "A2",
                    "This is what a sigmoid hidden layer gives: the hidden layer uses tanh, A1 = np.tanh(Z1); "
                    "only the output layer uses the sigmoid.",
                    call=_halved_tanh_network,
                ),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (_problem(m)[0], _problem(m)[2])),
    forbidden=(explore.forward,),  # the sliders' finished forward pass
)

# ----------------------------------------------------------------------------- compute_cost
A2_COST = np.array([[0.8, 0.35, 0.6, 0.1, 0.55]])

COMPUTE_COST = FunctionCheck(
    name="compute_cost",
    outputs=("cost",),
    cases=(
        Case(
            args=(A2_COST, Y),
            m=5,
            mistakes=(
                Mistake(
                    "cost",
                    "This cost has only the Y * log(A2) term: add (1 - Y) * log(1 - A2), the term of the examples labelled 0.",
                    formula="cost_without_1_minus_y",
                ),
            ),
        ),
        Case(
            args=(CACHE["A2"], Y_UINT8),
            m=5,
            mistakes=(
                Mistake(
                    "cost",
                    "This is the cost with -Y computed on uint8 labels, as the flower's are: unsigned integers "
                    "cannot be negative, so -Y turns every label 1 into 255. Put the minus sign in front of the "
                    "whole sum, -np.sum(...) / m, not on Y.",
                    formula="cost_with_negated_uint8_labels",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (np.linspace(0.05, 0.95, m).reshape(1, m), _problem(m)[1])),
    forbidden=(network.compute_cost,),
)

# ----------------------------------------------------------------------------- backward_propagation
BACKWARD_PROPAGATION = FunctionCheck(
    name="backward_propagation",
    outputs=("grads",),
    cases=(
        Case(
            args=(PARAMETERS, CACHE, X, Y),
            m=5,
            mistakes=(
                Mistake(
                    "grads['dW1']",
                    "dZ1 has the factor (1 - A1); the derivative of tanh is 1 - tanh(z)^2, so the factor is (1 - np.power(A1, 2)).",
                    formula="dW1_with_1_minus_A1",
                ),
                Mistake(
                    "grads['dW1']",
                    "dZ1 is missing the derivative of tanh: multiply W2.T dZ2 elementwise by (1 - np.power(A1, 2)).",
                    # with A1 = 0 in the cache the factor 1 - A1**2 is 1; dW1 uses A1 nowhere else
                    call=lambda args, kwargs: ((args[0], {**args[1], "A1": np.zeros_like(args[1]["A1"])}, *args[2:]), kwargs),
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_backward_args),
    gradient=Gradient(params=GRADIENT_PARAMETERS, cost=_cost, grads=_backward_grads),
)

# ----------------------------------------------------------------------------- update_parameters
UPDATE_PARAMETERS = FunctionCheck(
    name="update_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(PARAMETERS, GRADS),
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    "The parameters moved uphill: gradient descent subtracts, W1 = W1 - learning_rate * dW1.",
                    derive=lambda W1, case: 2 * case.args[0]["W1"] - W1,  # W1 + step, where W1 - step is right
                ),
            ),
        ),
        Case(args=(PARAMETERS, GRADS, 0.5)),
    ),
    forbidden=(network.update_parameters,),
)

# ----------------------------------------------------------------------------- nn_model
NN_MODEL = FunctionCheck(
    name="nn_model",
    outputs=("parameters",),
    cases=(
        Case(
            args=(X, Y_UINT8, 3),
            kwargs={"num_iterations": 50},
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    "This run started from initialize_parameters' default seed 2: nn_model starts from seed=3.",
                    formula="nn_model_from_seed_2",
                ),
                Mistake(
                    "parameters['W2']",
                    "This is what nn_model gives when backward_propagation returns dW2 transposed, of shape "
                    "(n_h, n_y) instead of (n_y, n_h): W2 - learning_rate * dW2 then broadcasts a row against a "
                    "column into a square. Fix backward_propagation first (its own check fails on this), then run "
                    "this check again.",
                    formula="nn_model_with_transposed_dW2",
                ),
            ),
        ),
    ),
    rtol=1e-5,
    vectorised=Vectorised(lambda m: (*_problem(m)[:2], 3, 5)),
    forbidden=(explore.train,),  # the sliders' trainer is a finished nn_model
)

# ----------------------------------------------------------------------------- predict
HALF_HINT = "A probability of exactly 0.5 must give the label 0: the rule is A2 > 0.5, not A2 >= 0.5."

# b2 nudged up by 1e-9 labels a probability of exactly 0.5 as 1, as the rule A2 >= 0.5 does.
AT_OR_ABOVE_HALF = Mistake(
    "predictions",
    HALF_HINT,
    call=lambda args, kwargs: ((dict(args[0], b2=args[0]["b2"] + 1e-9), args[1]), kwargs),
)

PREDICT = FunctionCheck(
    name="predict",
    outputs=("predictions",),
    cases=(
        Case(args=(PARAMETERS, X)),
        Case(
            # W2 = 0 and b2 = 0 make every probability exactly 0.5
            args=(dict(PARAMETERS, W2=np.zeros((1, 3)), b2=np.zeros((1, 1))), X),
            mistakes=(AT_OR_ABOVE_HALF,),
        ),
    ),
    vectorised=Vectorised(lambda m: (_problem(m)[2], _problem(m)[0])),
    forbidden=(explore.forward, explore.predict),
)

# ----------------------------------------------------------------------------- the week's quiz
# The answers are the master's quiz() solution, stored hashed by `python3 course.py expected`.
QUIZ = Quiz("quiz", (
    Shape(1, hint="A dZ has the shape of its Z: find Z1 in the table of shapes of section 4."),
    Number(2, decimals=0, hint="Count the entries of W1, b1, W2 and b2 from their shapes; the biases count too."),
    Choice(3, "abcd", hint="Write J with the per-example losses, then differentiate it with respect to W2."),
    Number(4, decimals=2, hint="Write the derivative of tanh with a, the output the forward pass already has."),
    Choice(5, "abcd", several=True, hint="Look again at the ReLU panel of the derivatives' figure in section 4: "
                                         "the red pieces, and the hollow circle."),
    Choice(6, "abcd", hint="Multiply out W2 (W1 x + b1) + b2, as section 9 does."),
    Choice(7, "abcd", hint="If two hidden units start equal, can their gradients ever differ?"),
    Choice(8, "abcd", hint="What can make a step of gradient descent raise the very cost whose slope it follows?"),
))

check = exercises(
    __name__,
    LAYER_SIZES,
    INITIALIZE_PARAMETERS,
    FORWARD_PROPAGATION,
    COMPUTE_COST,
    BACKWARD_PROPAGATION,
    UPDATE_PARAMETERS,
    NN_MODEL,
    PREDICT,
    QUIZ,
)
