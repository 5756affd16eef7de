"""Public checks of week 2, "Logistic regression with a neural-network mindset".

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week2_logistic_regression.json by `python3 course.py expected`. Check cells call
`check(sigmoid)`, `check(propagate)`, ..., and the quiz cell `check(quiz)`.
"""
import numpy as np

from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Gradient, Mistake, Vectorised, exercises
from dnn_utils.checks.quiz import Choice, Number, Quiz, Shape

# A small problem shared by propagate, optimize and predict: n_x = 3 features, m = 4 examples.
W = np.array([[0.5], [-1.0], [0.25]])
B = 0.5
X = np.array([[1.0, -2.0, 0.5, 3.0], [0.5, 1.5, -1.0, 0.0], [2.0, 0.0, 1.0, -1.5]])
Y = np.array([[1.0, 0.0, 0.0, 1.0]])


def _logistic_args(m):
    """(w, b, X, Y) of a random problem with 3 features and m examples."""
    rng = np.random.default_rng(m)
    return rng.standard_normal((3, 1)), 0.1, rng.standard_normal((3, m)), (rng.random((1, m)) > 0.5).astype(float)


def _model_args(m):
    """(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate) with m training examples."""
    X_train, Y_train = _logistic_args(m)[2:]
    X_test, Y_test = _logistic_args(m + 1)[2:]
    return X_train, Y_train, X_test, Y_test, 3, 0.1


def _propagate_grads(propagate, p):
    """propagate's gradients at p = {"w", "b"}, named after the parameters."""
    grads = propagate(p["w"], float(p["b"]), X, Y)[0]
    return {"w": grads["dw"], "b": grads["db"]}


# ----------------------------------------------------------------------------- sigmoid
Z = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])

SIGMOID = FunctionCheck(
    name="sigmoid",
    outputs=("s",),
    cases=(
        Case(
            args=(Z,),
            mistakes=(
                Mistake(
                    "s",
                    "These are the values of 1 - sigmoid(z): the exponent is -z, as in 1 / (1 + np.exp(-z)).",
                    derive=lambda s, case: 1 - s,
                ),
                Mistake(
                    "s",
                    "These are the values of 1/1 + exp(-z): put the whole denominator in parentheses, 1 / (1 + np.exp(-z)).",
                    derive=lambda s, case: 1 / s,  # 1/1 + e^-z = 1 + e^-z = 1 / sigmoid(z)
                ),
            ),
        ),
        Case(args=(np.array([0.0, 2.0]),)),
    ),
    vectorised=Vectorised(lambda m: (np.linspace(-4.0, 4.0, m).reshape(1, m),)),
    forbidden=(activations.sigmoid,),
)

# ----------------------------------------------------------------------------- initialize_with_zeros
INITIALIZE_WITH_ZEROS = FunctionCheck(
    name="initialize_with_zeros",
    outputs=("w", "b"),
    cases=(
        Case(
            args=(2,),
            mistakes=(
                Mistake(
                    "w",
                    "np.zeros(dim) makes a rank-1 array: give the shape as a tuple, np.zeros((dim, 1)).",
                    derive=lambda w, case: w.ravel(),
                ),
            ),
        ),
        Case(args=(5,)),
    ),
)

# ----------------------------------------------------------------------------- propagate
PROPAGATE = FunctionCheck(
    name="propagate",
    outputs=("grads", "cost"),
    cases=(
        Case(
            args=(W, B, X, Y),
            m=4,
            mistakes=(
                Mistake(
                    "cost",
                    "This cost has only the y * log(a) term: add (1 - Y) * np.log(1 - A), which is what "
                    "penalises the examples labelled 0.",
                    formula="cost_without_1_minus_y",
                ),
                Mistake(
                    "cost",
                    "This is the squared error (1/2m) * sum((A - Y)**2); logistic regression uses the "
                    "cross-entropy -(1/m) * sum(Y * log(A) + (1 - Y) * log(1 - A)).",
                    formula="squared_error_cost",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_logistic_args),
    gradient=Gradient(
        params={"w": W, "b": np.array(B)},
        cost=lambda f, p: f(p["w"], float(p["b"]), X, Y)[1],
        grads=_propagate_grads,
    ),
)

# ----------------------------------------------------------------------------- optimize
OPTIMIZE = FunctionCheck(
    name="optimize",
    outputs=("params", "grads", "costs"),
    cases=(
        Case(
            args=(W, B, X, Y),
            kwargs={"num_iterations": 100, "learning_rate": 0.05},
            mistakes=(
                Mistake(
                    "params['w']",
                    "The parameters moved uphill: gradient descent subtracts, w = w - learning_rate * dw "
                    "(and b = b - learning_rate * db).",
                    call=lambda args, kwargs: (args, {**kwargs, "learning_rate": -kwargs["learning_rate"]}),
                ),
            ),
        ),
        Case(args=(W, B, X, Y, 201, 0.1)),
    ),
    vectorised=Vectorised(lambda m: (*_logistic_args(m), 5, 0.1)),
)

# ----------------------------------------------------------------------------- predict
PREDICT_X = np.array([[1.0, -2.0, 0.5, 1.0], [0.5, 1.5, -1.0, 1.0], [2.0, 0.0, 1.0, 0.0]])  # last column: z = 0
HALF_HINT = "A probability of exactly 0.5 must give the label 0: the rule is A > 0.5, not A >= 0.5."

# A bias nudged up by 1e-9 labels z = 0 as 1, as the rule A >= 0.5 does, and changes nothing else.
AT_OR_ABOVE_HALF = Mistake(
    "Y_prediction",
    HALF_HINT,
    call=lambda args, kwargs: ((args[0], args[1] + 1e-9, args[2]), kwargs),
)

PREDICT = FunctionCheck(
    name="predict",
    outputs=("Y_prediction",),
    cases=(
        Case(args=(W, B, PREDICT_X), mistakes=(AT_OR_ABOVE_HALF,)),
        Case(
            args=(np.zeros((4, 1)), 0.0, np.array([[1.0, -1.0, 0.5], [2.0, 0.0, -3.0], [0.5, 0.5, 0.5], [-1.0, 1.0, 2.0]])),
            mistakes=(AT_OR_ABOVE_HALF,),
        ),
    ),
    vectorised=Vectorised(lambda m: _logistic_args(m)[:3]),
)

# ----------------------------------------------------------------------------- model
X_TRAIN = np.array([[1.0, 0.4, -2.0, 0.3, -1.2, 0.8], [-0.5, 1.1, 0.3, -1.4, 0.6, 0.9], [0.2, -0.7, 1.5, 0.4, -0.3, -1.1]])
Y_TRAIN = np.array([[1.0, 0.0, 0.0, 1.0, 0.0, 1.0]])
X_TEST = np.array([[0.6, -1.5, 0.1], [-0.8, 0.2, 1.0], [0.3, 0.9, -0.4]])
Y_TEST = np.array([[1.0, 0.0, 0.0]])

MODEL = FunctionCheck(
    name="model",
    outputs=("d",),
    cases=(
        Case(
            args=(X_TRAIN, Y_TRAIN, X_TEST, Y_TEST, 301, 0.1),
            mistakes=(
                Mistake(
                    "d['costs'][1]",
                    "This is the cost of a run with optimize's default learning_rate 0.009: pass "
                    "model's learning_rate on to optimize.",
                    call=lambda args, kwargs: ((*args[:5], 0.009), kwargs),
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_model_args),
)

# ----------------------------------------------------------------------------- the week's quiz
# The answers are the master's quiz() solution, stored hashed by `python3 course.py expected`.
QUIZ = Quiz("quiz", (
    Choice(1, "abcd", hint="Compare how far f moved with how far a moved."),
    Number(2, decimals=2, hint="Go backwards: dJ/du first, then how much u = bc moves when only c moves."),
    Number(3, decimals=2, hint="Section 6 simplifies dz = dL/da * da/dz to a short difference: mind its sign."),
    Number(4, decimals=2, hint="With w = 0 and b = 0, what probability does the model give every example, "
                               "and what is the loss of that probability?"),
    Choice(5, "abcd", several=True, hint="Ask of each statement what the logarithm does to a product, to tiny "
                                         "numbers, and to where the maximum lies."),
    Shape(6, hint="dw holds one derivative per weight: what shape is w?"),
    Shape(7, hint="Line the two shapes up from the last axis, as broadcasting does: a missing axis counts as "
                  "length 1, and a length 1 stretches to match the other."),
    Choice(8, "abcd", hint="The cost rose above its starting value, log 2: section 11 reads curves like this "
                           "one. Which of its three cases is it?"),
))

check = exercises(__name__, SIGMOID, INITIALIZE_WITH_ZEROS, PROPAGATE, OPTIMIZE, PREDICT, MODEL, QUIZ)
