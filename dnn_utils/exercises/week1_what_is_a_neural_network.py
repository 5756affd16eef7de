"""Public checks of week 1, "What a neural network is".

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week1_what_is_a_neural_network.json by `python3 course.py expected`. Check cells call
`check(relu)`, `check(housing_neuron)`, `check(stacked_prices)`, `check(accuracy)`, and the quiz
cell `check(quiz)`.

Week 1 comes before vectorisation is taught (week 2): no check here asks for it, so a right answer
written with a loop over examples earns its points. stacked_prices is posed with loops over hidden
units and features (matrix products come in week 2); its mistakes are those of such loops.
"""
import numpy as np

from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Mistake, exercises
from dnn_utils.checks.quiz import Choice, Number, Quiz, Shape

# ----------------------------------------------------------------------------- relu
Z = np.array([[-2.0, 0.0, 3.5], [1.25, -0.5, 7.0]])
Z_ROW = np.array([[0.3, -4.0, 0.0, 2.0, -0.1]])

MAX_HINT = (
    "np.max(Z, 0) is the largest entry of each column: np.max reduces along an axis. "
    "np.maximum(0, Z) compares 0 with every entry, one by one."
)
ABS_HINT = "Those are absolute values: a negative z must become 0, not -z. Use np.maximum(0, Z)."
MINIMUM_HINT = "np.minimum(0, Z) keeps the negative entries and zeroes the positive ones: it is the other way round."
STEP_HINT = (
    "That is 1 where z > 0 and 0 elsewhere, the slope of the ReLU: the ReLU passes the positive "
    "values themselves through. Use np.maximum(0, Z)."
)

RELU = FunctionCheck(
    name="relu",
    outputs=("A",),
    cases=(
        Case(
            args=(Z,),
            mistakes=(
                Mistake("A", MAX_HINT, derive=lambda A, case: np.max(case.args[0], axis=0)),
                Mistake("A", MAX_HINT, derive=lambda A, case: np.max(case.args[0], axis=1)),
                Mistake("A", ABS_HINT, derive=lambda A, case: 2 * A - case.args[0]),  # |z| = 2 max(0, z) - z
                Mistake("A", MINIMUM_HINT, derive=lambda A, case: case.args[0] - A),  # min(0, z) = z - max(0, z)
                Mistake("A", STEP_HINT, derive=lambda A, case: (A > 0).astype(float)),
            ),
        ),
        Case(args=(Z_ROW,)),
    ),
    forbidden=(activations.relu,),
)

# ----------------------------------------------------------------------------- housing_neuron
SIZES = np.array([[30.0, 60.0, 100.0, 150.0, 220.0]])

NO_BIAS_HINT = "Every price is too high by the same amount: add the bias b, price = relu(w * size + b)."
NO_RELU_HINT = (
    "A price came out negative: the ReLU must wrap the whole of w * size + b, "
    "price = relu(w * size + b)."
)
SWAPPED_HINT = "Every price is 0: did you swap w and b? The weight multiplies the size: relu(w * size + b)."

HOUSING_NEURON = FunctionCheck(
    name="housing_neuron",
    outputs=("price",),
    cases=(
        Case(
            args=(SIZES, 3.0, -100.0),
            mistakes=(
                Mistake("price", NO_BIAS_HINT, call=lambda args, kwargs: ((*args[:2], 0.0), kwargs)),
                Mistake("price", NO_RELU_HINT, formula="price_without_relu"),
                Mistake("price", SWAPPED_HINT, call=lambda args, kwargs: ((args[0], args[2], args[1]), kwargs)),
            ),
        ),
        Case(args=(np.array([[45.0, 80.0]]), 1.8, -90.0)),
    ),
)

# ----------------------------------------------------------------------------- stacked_prices
# 4 features of 5 houses (size in 100 m2, bedrooms, centrality of the postcode, wealth of the
# area), 3 hidden units. Some Z1 and some Z2 are negative, so both ReLUs matter; and the output's
# running sum goes below 0 before the last hidden unit adds to it, so a ReLU inside the loop shows.
X_HOUSES = np.array([
    [0.5, 1.2, 0.8, 2.0, 0.35],
    [1.0, 3.0, 2.0, 4.0, 1.0],
    [0.9, 0.2, 0.6, 0.1, 0.95],
    [0.3, 0.8, 0.5, 0.9, 0.2],
])
PARAMETERS = {
    "W1": np.array([[0.9, 0.5, -0.2, 0.1], [-0.4, 0.3, 1.5, -0.6], [0.2, -0.7, 0.8, 1.1]]),
    "b1": np.array([[-1.0], [0.2], [-0.3]]),
    "W2": np.array([[1.5, -0.8, 1.2]]),
    "b2": np.array([[0.5]]),
}
# A second network: 2 features, 2 hidden units, 3 houses.
X_SMALL = np.array([[1.0, -0.5, 2.0], [0.5, 1.5, -1.0]])
PARAMETERS_SMALL = {
    "W1": np.array([[0.6, -1.2], [1.0, 0.4]]),
    "b1": np.array([[0.1], [-0.3]]),
    "W2": np.array([[-0.7, 1.3]]),
    "b2": np.array([[0.2]]),
}

NO_HIDDEN_RELU_HINT = (
    "The hidden units need their ReLU too: hidden unit j passes relu(z1) on to the output's sum, not its sum z1."
)
NO_OUTPUT_RELU_HINT = (
    "A price came out negative: the output unit is a ReLU too, price = relu(z2) once its sum is complete."
)
NO_B1_HINT = "The hidden units are missing their biases: start the sum of hidden unit j at b1[j, 0]."
NO_B2_HINT = "The output unit is missing its bias: start the output's sum at b2[0, 0]."
LAST_UNIT_HINT = (
    "Only the last hidden unit reaches the price: add each unit's share to the output's sum "
    "(z2 = z2 + ...) instead of replacing the sum."
)
LAST_FEATURE_HINT = (
    "Each hidden unit sees only the last feature: add each feature's share to the unit's sum "
    "(z1 = z1 + ...) instead of replacing the sum."
)
RELU_IN_LOOP_HINT = (
    "The output's ReLU was applied inside the loop, to partial sums: apply it once, after the loop over "
    "the hidden units, to the whole sum."
)
ROW_HINT = (
    "X[k] drops the row's axis (shape (m,)): X[k:k + 1] is feature k of every house as a row, shape (1, m), "
    "and keeps the price a row too."
)


def _without(parameters, bias):
    """The parameters with the bias named `bias` ("b1" or "b2") set to zeros."""
    return {**parameters, bias: np.zeros_like(parameters[bias])}


def _last_unit(X, parameters):
    """The network cut down to its last hidden unit: what is left of the output's sum when each
    hidden unit replaces the sum instead of adding to it."""
    W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))
    return X, {"W1": W1[-1:], "b1": b1[-1:], "W2": W2[:, -1:], "b2": b2}


def _last_feature(X, parameters):
    """The network cut down to the last feature: what is left of each hidden unit's sum when each
    feature replaces the sum instead of adding to it."""
    return X[-1:], {**parameters, "W1": parameters["W1"][:, -1:]}


STACKED_PRICES = FunctionCheck(
    name="stacked_prices",
    outputs=("price",),
    cases=(
        Case(
            args=(X_HOUSES, PARAMETERS),
            mistakes=(
                Mistake("price", NO_HIDDEN_RELU_HINT, formula="no_hidden_relu"),
                Mistake("price", NO_OUTPUT_RELU_HINT, formula="no_output_relu"),
                Mistake("price", NO_B1_HINT, call=lambda args, kwargs: ((args[0], _without(args[1], "b1")), kwargs)),
                Mistake("price", NO_B2_HINT, call=lambda args, kwargs: ((args[0], _without(args[1], "b2")), kwargs)),
                Mistake("price", LAST_UNIT_HINT, call=lambda args, kwargs: (_last_unit(*args), kwargs)),
                Mistake("price", LAST_FEATURE_HINT, call=lambda args, kwargs: (_last_feature(*args), kwargs)),
                Mistake("price", RELU_IN_LOOP_HINT, formula="output_relu_in_loop"),
                Mistake("price", ROW_HINT, derive=lambda price, case: price[0]),
            ),
        ),
        Case(args=(X_SMALL, PARAMETERS_SMALL)),
    ),
)

# ----------------------------------------------------------------------------- accuracy
PREDICTIONS = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
Y = np.array([[1, 0, 0, 1, 1]])  # int64, as load_dataset returns labels

FRACTION_HINT = "That is a fraction of 1: the accuracy is in percent, so multiply by 100."
ERROR_RATE_HINT = "That is the percentage of WRONG predictions: count where predictions == Y."
COUNT_HINT = "That is the number of correct predictions: divide by the number of examples m, then multiply by 100."
SHAPE0_HINT = (
    "You divided by Y.shape[0], which is 1 (one row of labels): the number of examples is "
    "Y.shape[1], or take np.mean of the comparison."
)


def _m(case):
    """The number of examples m of an accuracy case: the columns of Y."""
    return case.args[1].shape[1]


ACCURACY = FunctionCheck(
    name="accuracy",
    outputs=("accuracy",),
    cases=(
        Case(
            args=(PREDICTIONS, Y),
            mistakes=(
                Mistake("accuracy", FRACTION_HINT, derive=lambda acc, case: acc / 100),
                Mistake("accuracy", ERROR_RATE_HINT, derive=lambda acc, case: 100 - acc),
                Mistake("accuracy", COUNT_HINT, derive=lambda acc, case: acc * _m(case) / 100),
                Mistake("accuracy", SHAPE0_HINT, derive=lambda acc, case: acc * _m(case)),
            ),
        ),
        Case(args=(np.array([[0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0]]), np.array([[0, 1, 1, 1, 1, 0, 1, 0]]))),
    ),
)

# ----------------------------------------------------------------------------- the week's quiz
# The answers are the master's quiz() solution, stored hashed by `python3 course.py expected`.
QUIZ = Quiz("quiz", (
    Choice(1, "abcd", hint="Gradient descent moves a weight by the learning rate times a derivative: look at "
                           "the right-hand plot of section 5 at z = 8."),
    Number(2, decimals=0, hint="Compute 3 * 25 - 90 first, then ask what the ReLU does with it."),
    Shape(3, hint="Which of the two counts numbers the rows of W[1], and which its columns? Section 3's "
                  "formulas say."),
    Number(4, decimals=0, hint="Count layer by layer: a weight for every pair of a unit and one of its inputs, "
                               "and a bias for every unit."),
    Choice(5, "abcde", several=True, hint="Ask of each whether a single number of it, in a named column, "
                                          "means something on its own."),
    Choice(6, "abcd", hint="Think of what a real network is given to learn from, and of what chooses its weights."),
    Number(7, decimals=1, hint="Take p as a fraction (0.9) and m = 100; the square root is a fraction too: "
                               "turn it into percentage points."),
    Choice(8, "abcd", hint="Reread the paragraph of section 6 that introduces the discs, before the experiment."),
))

check = exercises(__name__, RELU, HOUSING_NEURON, STACKED_PRICES, ACCURACY, QUIZ)
