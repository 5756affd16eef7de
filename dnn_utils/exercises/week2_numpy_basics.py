"""Public checks for week 2, notebook 1: Python and numpy basics.

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week2_numpy_basics.json by `python3 course.py expected`. Check cells call
`check(sigmoid)`, `check(softmax)`, ...

In this notebook only, normalize_rows and softmax treat each ROW of x as one example.
"""
import numpy as np

from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Mistake, Vectorised, exercises

# ----------------------------------------------------------------------------- inputs
X_SIGMOID = np.array([[-1.0, 0.0, 2.0], [3.0, -4.5, 0.5]])
COLUMN = np.array([[0.25], [-2.0], [6.0]])

# h, w, c = 3, 4, 2: all different, so any reshape that mixes up the axes is caught.
IMAGE = np.array([
    [[0.63, 0.90], [0.78, 0.23], [0.30, 0.87], [0.01, 0.82]],
    [[0.80, 0.47], [0.30, 0.28], [0.25, 0.45], [0.50, 0.55]],
    [[1.00, 0.79], [0.62, 0.99], [0.22, 0.16], [0.61, 0.04]],
])

# Square, so dividing by the wrong norms (column norms, or row norms without keepdims) broadcasts
# without an error: the shape is right and only the values give the mistake away.
X_ROWS = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0], [2.0, 2.0, 1.0]])
X_SQUARE = np.array([[3.0, 4.0, 0.0], [1.0, 2.0, 2.0], [2.0, -1.0, 2.0]])

X_SOFTMAX = np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]])
# The middle row overflows np.exp unless its max is subtracted first; next to the small rows, it
# also catches subtracting the max of the whole array (the small rows then underflow to 0 / 0).
X_LARGE = np.array([[1.0, 2.0, 3.0, 4.0], [1000.0, 1001.0, 1002.0, 1000.0], [-2.0, 0.0, 2.0, 0.5]])

YHAT_1, Y_1 = np.array([[0.9, 0.2, 0.1, 0.4, 0.9]]), np.array([[1.0, 0.0, 0.0, 1.0, 1.0]])
YHAT_2, Y_2 = np.array([[0.3, 0.8, 0.6, 0.1]]), np.array([[0.0, 1.0, 1.0, 0.0]])


def _columns(m):
    return (np.random.default_rng(m).standard_normal((3, m)),)


def _rows(m):
    return (np.random.default_rng(m).standard_normal((m, 4)),)


def _image(m):
    return (np.random.default_rng(m).random((m, 3, 2)),)


def _labels(m):
    rng = np.random.default_rng(m)
    return rng.random((1, m)), (rng.random((1, m)) > 0.5).astype(float)


# ----------------------------------------------------------------------------- hints
SIGN = "You computed 1 / (1 + exp(x)), which is 1 - sigmoid(x): the exponent is -x."
PRECEDENCE = "You computed 1/1 + exp(-x): put the whole denominator in parentheses, 1 / (1 + exp(-x))."
NOT_SIGMOID_FIRST = "You computed x * (1 - x): apply the sigmoid first, s = sigmoid(x), then return s * (1 - s)."
ONLY_SIGMOID = "That is sigmoid(x) itself: the derivative is s * (1 - s)."
FORTRAN_ORDER = (
    "Right length, pixels in the wrong order: order='F' unrolls the first axis fastest. "
    "Use the default order, image.reshape(h * w * c, 1)."
)
CHANNEL_FIRST = (
    "Right length, pixels in the wrong order: you unrolled one colour channel after the other. "
    "Reshape the (h, w, c) array as it is, without moving its axes first."
)
COLUMN_NORMS = (
    "You divided by the norms of the columns: sum over axis=1 (along each row), with keepdims=True."
)
NO_KEEPDIMS = (
    "Without keepdims=True the row norms have shape (3,), and broadcasting spreads a (3,) array "
    "along the rows: column j got divided by the norm of row j. Keep them a (3, 1) column."
)
NO_SQRT = "You divided by the sum of squares: the L2 norm is its square root."
COLUMN_SOFTMAX = (
    "You normalised each column: in this notebook each ROW is an example, so sum over axis=1."
)
TOTAL_SUM = "You divided by the sum of the whole array: each row is divided by its own sum (axis=1, keepdims=True)."
NO_MAX_SHIFT = (
    "np.exp overflowed: exp(1000) is inf, and inf / inf is nan. Subtract each row's max first, "
    "x - np.max(x, axis=1, keepdims=True): the softmax is the same, and no exponent is above 0."
)
WHOLE_MAX = (
    "You subtracted the max of the whole array: rows far below it underflow to 0 / 0 = nan. "
    "Subtract each row's own max, np.max(x, axis=1, keepdims=True)."
)
NO_ABS = "You summed y - yhat without the absolute value: positive and negative errors cancel."
L1_MEAN = "That is the mean, not the sum: the L1 loss adds the |y - yhat| up (np.sum)."
L1_NOT_L2 = "That is the L1 loss: square the differences, e.g. np.dot(d, d.T) with d = y - yhat."
SQRT = "That is the length of y - yhat (a square root): the L2 loss is the sum of squares, without the root."
L2_MEAN = "That is the mean, not the sum, of the squared differences."

# ----------------------------------------------------------------------------- mistakes
# A wrong value is the right one transformed as the mistake transforms it, or else the wrong code
# itself run on the case's inputs; two wrong formulas that would re-implement a graded function
# (a softmax over columns, the L1 loss) are the hidden module's FORMULAS.
def _total_sum(s, case):
    """e / np.sum(e) with e = np.exp(x - row max): e is s rescaled so that each row's max is 1."""
    e = s / np.max(s, axis=1, keepdims=True)
    return e / np.sum(e)


def _no_max_shift(s, case):
    """np.exp(x) / row sums: a row whose max overflows exp is inf / inf = nan where exp is inf, 0 elsewhere."""
    with np.errstate(over="ignore"):
        e = np.exp(case.args[0])
    overflowed = np.isinf(e).any(axis=1, keepdims=True)
    return np.where(overflowed, np.where(np.isinf(e), np.nan, 0.0), s)


def _whole_max(s, case):
    """np.exp(x - np.max(x)) / row sums: a row whose max underflows exp is 0 / 0 = nan."""
    x = case.args[0]
    underflowed = np.exp(np.max(x, axis=1, keepdims=True) - np.max(x)) == 0
    return np.where(underflowed, np.nan, s)


def _mean(loss, case):
    """The mean instead of the sum over the m examples of y, shape (1, m)."""
    return loss / case.args[1].size


# ----------------------------------------------------------------------------- specs
BASIC_SIGMOID = FunctionCheck(
    name="basic_sigmoid",
    outputs=("s",),
    cases=(
        Case((3.0,), mistakes=(
            Mistake("s", SIGN, derive=lambda s, case: 1 - s),
            Mistake("s", PRECEDENCE, derive=lambda s, case: 1 / s),  # 1/1 + exp(-x) = 1 / sigmoid(x)
        )),
        Case((-1.0,)),
    ),
)

SIGMOID = FunctionCheck(
    name="sigmoid",
    outputs=("s",),
    cases=(
        Case((X_SIGMOID,), mistakes=(
            Mistake("s", SIGN, derive=lambda s, case: 1 - s),
            Mistake("s", PRECEDENCE, derive=lambda s, case: 1 / s),
        )),
        Case((COLUMN,)),
    ),
    vectorised=Vectorised(_columns),
    forbidden=(activations.sigmoid,),
)

SIGMOID_DERIVATIVE = FunctionCheck(
    name="sigmoid_derivative",
    outputs=("ds",),
    cases=(
        Case((X_SIGMOID,), mistakes=(
            Mistake("ds", NOT_SIGMOID_FIRST, formula="derivative_of_x_not_sigmoid"),
            Mistake("ds", ONLY_SIGMOID, formula="sigmoid_not_derivative"),
        )),
        Case((COLUMN,)),
    ),
    vectorised=Vectorised(_columns),
    forbidden=(activations.sigmoid_backward,),
)

IMAGE2VECTOR = FunctionCheck(
    name="image2vector",
    outputs=("v",),
    cases=(
        Case((IMAGE,), mistakes=(
            Mistake("v", FORTRAN_ORDER, formula="fortran_order"),
            Mistake("v", CHANNEL_FIRST, formula="channel_first"),
        )),
    ),
    vectorised=Vectorised(_image),
)

NORMALIZE_ROWS = FunctionCheck(
    name="normalize_rows",
    outputs=("x_normalized",),
    cases=(
        Case((X_ROWS,), mistakes=(
            Mistake("x_normalized", COLUMN_NORMS, formula="column_norms"),
            Mistake("x_normalized", NO_KEEPDIMS, formula="norms_without_keepdims"),
            Mistake("x_normalized", NO_SQRT, formula="squared_norms"),
        )),
        Case((X_SQUARE,)),
    ),
    vectorised=Vectorised(_rows),
)

SOFTMAX = FunctionCheck(
    name="softmax",
    outputs=("s",),
    cases=(
        Case((X_SOFTMAX,), mistakes=(
            Mistake("s", COLUMN_SOFTMAX, formula="column_softmax"),
            Mistake("s", TOTAL_SUM, formula="total_sum_softmax"),
            Mistake("s", TOTAL_SUM, derive=_total_sum),
        )),
        Case((X_LARGE,), mistakes=(
            Mistake("s", NO_MAX_SHIFT, derive=_no_max_shift),
            Mistake("s", WHOLE_MAX, derive=_whole_max),
        )),
    ),
    vectorised=Vectorised(_rows),
)

L1_LOSS = FunctionCheck(
    name="L1",
    outputs=("loss",),
    cases=(
        Case((YHAT_1, Y_1), mistakes=(
            Mistake("loss", NO_ABS, formula="l1_without_abs"),
            Mistake("loss", L1_MEAN, derive=_mean),
        )),
        Case((YHAT_2, Y_2)),
    ),
    vectorised=Vectorised(_labels),
)

L2_LOSS = FunctionCheck(
    name="L2",
    outputs=("loss",),
    cases=(
        Case((YHAT_1, Y_1), mistakes=(
            Mistake("loss", L1_NOT_L2, formula="l1_loss"),
            Mistake("loss", SQRT, derive=lambda loss, case: loss ** 0.5),
            Mistake("loss", L2_MEAN, derive=_mean),
        )),
        Case((YHAT_2, Y_2)),
    ),
    vectorised=Vectorised(_labels),
)

check = exercises(__name__, BASIC_SIGMOID, SIGMOID, SIGMOID_DERIVATIVE, IMAGE2VECTOR, NORMALIZE_ROWS, SOFTMAX, L1_LOSS, L2_LOSS)
