"""Public checks of week 2, "Logistic regression with a neural-network mindset".

The expected values below were computed once with a correct implementation and written out as
literals. Check cells call `check(sigmoid)`, `check(propagate)`, ...
"""
import numpy as np

from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Gradient, Mistake, Vectorised, checker

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
            expected=np.array([[0.119202922022, 0.377540668798, 0.5], [0.622459331202, 0.73105857863, 0.952574126822]]),
            mistakes=(
                Mistake(
                    "s",
                    np.array([[0.880797077978, 0.622459331202, 0.5], [0.377540668798, 0.26894142137, 0.047425873178]]),
                    "These are the values of 1 - sigmoid(z): the exponent is -z, as in 1 / (1 + np.exp(-z)).",
                ),
                Mistake(
                    "s",
                    np.array([[8.389056098931, 2.6487212707, 2.0], [1.606530659713, 1.367879441171, 1.049787068368]]),
                    "These are the values of 1/1 + exp(-z): put the whole denominator in parentheses, 1 / (1 + np.exp(-z)).",
                ),
            ),
        ),
        Case(args=(np.array([0.0, 2.0]),), expected=np.array([0.5, 0.880797077978])),
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
            expected=(np.zeros((2, 1)), 0.0),
            mistakes=(Mistake("w", np.zeros(2), "np.zeros(dim) makes a rank-1 array: give the shape as a tuple, np.zeros((dim, 1))."),),
        ),
        Case(args=(5,), expected=(np.zeros((5, 1)), 0.0)),
    ),
)

# ----------------------------------------------------------------------------- propagate
PROPAGATE = FunctionCheck(
    name="propagate",
    outputs=("grads", "cost"),
    cases=(
        Case(
            args=(W, B, X, Y),
            expected=(
                {"dw": np.array([[-0.140124528779], [-0.209115851407], [0.147422232396]]), "db": 0.1416355289333604},
                0.6867155862474567,
            ),
            m=4,
            mistakes=(
                Mistake(
                    "cost",
                    0.12325158072597048,
                    "This cost has only the y * log(a) term: add (1 - Y) * np.log(1 - A), which is what "
                    "penalises the examples labelled 0.",
                ),
                Mistake(
                    "cost",
                    0.11117599798568704,
                    "This is the squared error (1/2m) * sum((A - Y)**2); logistic regression uses the "
                    "cross-entropy -(1/m) * sum(Y * log(A) + (1 - Y) * log(1 - A)).",
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
            expected=(
                {"w": np.array([[1.010086152584], [-0.070859102724], [-0.061897330901]]), "b": -0.0711452207255369},
                {"dw": np.array([[-0.086507231816], [-0.1546953397], [0.012477755613]]), "db": 0.08776884481967363},
                (0.6867155862474567,),
            ),
            mistakes=(
                Mistake(
                    "params['w']",
                    np.array([[-2.675358686002], [-1.490862237087], [2.242990503126]]),
                    "The parameters moved uphill: gradient descent subtracts, w = w - learning_rate * dw "
                    "(and b = b - learning_rate * db).",
                ),
            ),
        ),
        Case(
            args=(W, B, X, Y, 201, 0.1),
            expected=(
                {"w": np.array([[1.928426278683], [1.311511392635], [0.052241461774]]), "b": -0.8902504356966089},
                {"dw": np.array([[-0.041653757766], [-0.054644233053], [-0.009513308337]]), "db": 0.035758805296819865},
                (0.6867155862474567, 0.23060708153309117, 0.12264922427332327),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (*_logistic_args(m), 5, 0.1)),
)

# ----------------------------------------------------------------------------- predict
PREDICT_X = np.array([[1.0, -2.0, 0.5, 1.0], [0.5, 1.5, -1.0, 1.0], [2.0, 0.0, 1.0, 0.0]])  # last column: z = 0
HALF_HINT = "A probability of exactly 0.5 must give the label 0: the rule is A > 0.5, not A >= 0.5."

PREDICT = FunctionCheck(
    name="predict",
    outputs=("Y_prediction",),
    cases=(
        Case(
            args=(W, B, PREDICT_X),
            expected=np.array([[1.0, 0.0, 1.0, 0.0]]),
            mistakes=(Mistake("Y_prediction", np.array([[1.0, 0.0, 1.0, 1.0]]), HALF_HINT),),
        ),
        Case(
            args=(np.zeros((4, 1)), 0.0, np.array([[1.0, -1.0, 0.5], [2.0, 0.0, -3.0], [0.5, 0.5, 0.5], [-1.0, 1.0, 2.0]])),
            expected=np.zeros((1, 3)),
            mistakes=(Mistake("Y_prediction", np.ones((1, 3)), HALF_HINT),),
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
            expected={
                "costs": (0.6931471805599453, 0.21761003842764495, 0.1655956102127831, 0.14168083271257062),
                "Y_prediction_test": np.array([[1.0, 0.0, 0.0]]),
                "Y_prediction_train": np.array([[1.0, 0.0, 0.0, 1.0, 0.0, 1.0]]),
                "w": np.array([[2.401922784071], [-1.970426976971], [-0.463564608802]]),
                "b": 0.19404451167933828,
                "learning_rate": 0.1,
                "num_iterations": 301,
            },
            mistakes=(
                Mistake(
                    "d['costs'][1]",
                    0.5323887519324587,
                    "This is the cost of a run with optimize's default learning_rate 0.009: pass "
                    "model's learning_rate on to optimize.",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_model_args),
)

check = checker(SIGMOID, INITIALIZE_WITH_ZEROS, PROPAGATE, OPTIMIZE, PREDICT, MODEL)
