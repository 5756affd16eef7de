"""Public checks of week 1, "What a neural network is".

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week1_what_is_a_neural_network.json by `python3 course.py expected`. Check cells call
`check(relu)`, `check(housing_neuron)`, `check(stacked_prices)` and `check(accuracy)`.

Week 1 comes before vectorisation is taught (week 2): no check here asks for it, so a right answer
written with a loop over examples earns its points.
"""
import numpy as np

from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Mistake, exercises

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
# area), 3 hidden units. Some Z1 and some Z2 are negative, so both ReLUs matter.
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

NO_HIDDEN_RELU_HINT = "The hidden layer needs its ReLU too: A1 = relu(W1 X + b1), then price = relu(W2 A1 + b2)."
NO_OUTPUT_RELU_HINT = "A price came out negative: the output unit is a ReLU too, price = relu(W2 A1 + b2)."
NO_B1_HINT = "The hidden units are missing their biases: A1 = relu(W1 X + b1)."
NO_B2_HINT = "Every price is off by the same amount: the output unit is missing its bias b2."


def _without(parameters, bias):
    """The parameters with the bias named `bias` ("b1" or "b2") set to zeros."""
    return {**parameters, bias: np.zeros_like(parameters[bias])}


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

check = exercises(__name__, RELU, HOUSING_NEURON, STACKED_PRICES, ACCURACY)
