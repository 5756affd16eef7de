"""Public checks for week 2, notebook 1: Python and numpy basics.

In this notebook only, normalize_rows and softmax treat each ROW of x as one example.
"""
import numpy as np

from dnn_utils import activations
from dnn_utils.checks import Case, FunctionCheck, Mistake, Vectorised, checker

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
NO_ABS = "You summed y - yhat without the absolute value: positive and negative errors cancel."
L1_MEAN = "That is the mean, not the sum: the L1 loss adds the |y - yhat| up (np.sum)."
L1_NOT_L2 = "That is the L1 loss: square the differences, e.g. np.dot(d, d.T) with d = y - yhat."
SQRT = "That is the length of y - yhat (a square root): the L2 loss is the sum of squares, without the root."
L2_MEAN = "That is the mean, not the sum, of the squared differences."

# ----------------------------------------------------------------------------- specs
BASIC_SIGMOID = FunctionCheck(
    name="basic_sigmoid",
    outputs=("s",),
    cases=(
        Case((3.0,), 0.9525741268224334, mistakes=(
            Mistake("s", 0.04742587317756678, SIGN), Mistake("s", 1.0497870683678638, PRECEDENCE),
        )),
        Case((-1.0,), 0.2689414213699951),
    ),
)

SIGMOID = FunctionCheck(
    name="sigmoid",
    outputs=("s",),
    cases=(
        Case((X_SIGMOID,), np.array([
            [0.2689414213699951, 0.5, 0.8807970779778823],
            [0.9525741268224334, 0.01098694263059318, 0.6224593312018546],
        ]), mistakes=(
            Mistake("s", np.array([
                [0.7310585786300049, 0.5, 0.11920292202211755],
                [0.04742587317756678, 0.9890130573694068, 0.3775406687981454],
            ]), SIGN),
            Mistake("s", np.array([
                [3.718281828459045, 2.0, 1.1353352832366128],
                [1.0497870683678638, 91.01713130052181, 1.6065306597126334],
            ]), PRECEDENCE),
        )),
        Case((COLUMN,), np.array([[0.5621765008857981], [0.11920292202211755], [0.9975273768433653]])),
    ),
    vectorised=Vectorised(_columns),
    forbidden=(activations.sigmoid,),
)

SIGMOID_DERIVATIVE = FunctionCheck(
    name="sigmoid_derivative",
    outputs=("ds",),
    cases=(
        Case((X_SIGMOID,), np.array([
            [0.19661193324148185, 0.25, 0.10499358540350662],
            [0.045176659730912, 0.010866229722225234, 0.2350037122015945],
        ]), mistakes=(
            Mistake("ds", np.array([[-2.0, 0.0, -2.0], [-6.0, -24.75, 0.25]]), NOT_SIGMOID_FIRST),
            Mistake("ds", np.array([
                [0.2689414213699951, 0.5, 0.8807970779778823],
                [0.9525741268224334, 0.01098694263059318, 0.6224593312018546],
            ]), ONLY_SIGMOID),
        )),
        Case((COLUMN,), np.array([[0.24613408273759835], [0.1049935854035065], [0.002466509291359931]])),
    ),
    vectorised=Vectorised(_columns),
    forbidden=(activations.sigmoid_backward,),
)

IMAGE2VECTOR = FunctionCheck(
    name="image2vector",
    outputs=("v",),
    cases=(
        Case((IMAGE,), np.array([
            0.63, 0.90, 0.78, 0.23, 0.30, 0.87, 0.01, 0.82,
            0.80, 0.47, 0.30, 0.28, 0.25, 0.45, 0.50, 0.55,
            1.00, 0.79, 0.62, 0.99, 0.22, 0.16, 0.61, 0.04,
        ]).reshape(24, 1), mistakes=(
            Mistake("v", np.array([
                0.63, 0.80, 1.00, 0.78, 0.30, 0.62, 0.30, 0.25, 0.22, 0.01, 0.50, 0.61,
                0.90, 0.47, 0.79, 0.23, 0.28, 0.99, 0.87, 0.45, 0.16, 0.82, 0.55, 0.04,
            ]).reshape(24, 1), FORTRAN_ORDER),
            Mistake("v", np.array([
                0.63, 0.78, 0.30, 0.01, 0.80, 0.30, 0.25, 0.50, 1.00, 0.62, 0.22, 0.61,
                0.90, 0.23, 0.87, 0.82, 0.47, 0.28, 0.45, 0.55, 0.79, 0.99, 0.16, 0.04,
            ]).reshape(24, 1), CHANNEL_FIRST),
        )),
    ),
    vectorised=Vectorised(_image),
)

NORMALIZE_ROWS = FunctionCheck(
    name="normalize_rows",
    outputs=("x_normalized",),
    cases=(
        Case((X_ROWS,), np.array([
            [0.0, 0.6, 0.8],
            [0.13736056394868904, 0.8241633836921342, 0.5494422557947561],
            [0.6666666666666666, 0.6666666666666666, 0.3333333333333333],
        ]), mistakes=(
            Mistake("x_normalized", np.array([
                [0.0, 0.42857142857142855, 0.6963106238227914],
                [0.4472135954999579, 0.8571428571428571, 0.6963106238227914],
                [0.8944271909999159, 0.2857142857142857, 0.17407765595569785],
            ]), COLUMN_NORMS),
            Mistake("x_normalized", np.array([
                [0.0, 0.4120816918460671, 1.3333333333333333],
                [0.2, 0.8241633836921342, 1.3333333333333333],
                [0.4, 0.27472112789737807, 0.3333333333333333],
            ]), NO_KEEPDIMS),
            Mistake("x_normalized", np.array([
                [0.0, 0.12, 0.16],
                [0.018867924528301886, 0.11320754716981132, 0.07547169811320754],
                [0.2222222222222222, 0.2222222222222222, 0.1111111111111111],
            ]), NO_SQRT),
        )),
        Case((X_SQUARE,), np.array([
            [0.6, 0.8, 0.0],
            [0.3333333333333333, 0.6666666666666666, 0.6666666666666666],
            [0.6666666666666666, -0.3333333333333333, 0.6666666666666666],
        ])),
    ),
    vectorised=Vectorised(_rows),
)

SOFTMAX = FunctionCheck(
    name="softmax",
    outputs=("s",),
    cases=(
        Case((X_SOFTMAX,), np.array([
            [9.8089766491461849e-01, 8.9446289069017759e-04, 1.7965767417378736e-02,
             1.2105238865619453e-04, 1.2105238865619453e-04],
            [8.7867985588699005e-01, 1.1891638717077183e-01, 8.0125231407938752e-04,
             8.0125231407938752e-04, 8.0125231407938752e-04],
        ]), mistakes=(
            Mistake("s", np.array([
                [0.8807970779778825, 0.04742587317756679, 0.9933071490757152, 0.5, 0.5],
                [0.11920292202211755, 0.9525741268224333, 0.0066928509242848554, 0.5, 0.5],
            ]), COLUMN_SOFTMAX),
            Mistake("s", np.array([
                [8.5215495655260798e-01, 7.7706473673821552e-04, 1.5607762461462532e-02,
                 1.0516427623965027e-04, 1.0516427623965027e-04],
                [1.1532663240653057e-01, 1.5607762461462532e-02, 1.0516427623965027e-04,
                 1.0516427623965027e-04, 1.0516427623965027e-04],
            ]), TOTAL_SUM),
            Mistake("s", np.array([
                [4.6348969548498559e-01, 4.2264789453311285e-04, 8.4891098911523653e-03,
                 5.7199172515996842e-05, 5.7199172515996842e-05],
                [4.6348969548498559e-01, 6.2726509215711906e-02, 4.2264789453311285e-04,
                 4.2264789453311285e-04, 4.2264789453311285e-04],
            ]), TOTAL_SUM),
        )),
        Case((X_LARGE,), np.array([
            [0.03205860328008499, 0.08714431874203257, 0.23688281808991013, 0.6439142598879724],
            [0.08259453944353537, 0.22451523569930604, 0.6102956854136231, 0.08259453944353537],
            [0.013303232536058382, 0.09829833150605487, 0.7263318859295216, 0.1620665500283652],
        ])),
    ),
    vectorised=Vectorised(_rows),
)

L1_LOSS = FunctionCheck(
    name="L1",
    outputs=("loss",),
    cases=(
        Case((YHAT_1, Y_1), 1.1, mistakes=(Mistake("loss", 0.5, NO_ABS), Mistake("loss", 0.22, L1_MEAN))),
        Case((YHAT_2, Y_2), 1.0),
    ),
    vectorised=Vectorised(_labels),
)

L2_LOSS = FunctionCheck(
    name="L2",
    outputs=("loss",),
    cases=(
        Case((YHAT_1, Y_1), 0.43, mistakes=(
            Mistake("loss", 1.1, L1_NOT_L2), Mistake("loss", 0.6557438524302001, SQRT), Mistake("loss", 0.086, L2_MEAN),
        )),
        Case((YHAT_2, Y_2), 0.3),
    ),
    vectorised=Vectorised(_labels),
)

check = checker(
    BASIC_SIGMOID, SIGMOID, SIGMOID_DERIVATIVE, IMAGE2VECTOR, NORMALIZE_ROWS, SOFTMAX, L1_LOSS, L2_LOSS
)
