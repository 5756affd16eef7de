"""Public checks of week 3, "Planar data classification with one hidden layer".

The expected values below were computed once with a correct implementation and written out as
literals. Check cells call `check(layer_sizes)`, `check(forward_propagation)`, ...
"""
import numpy as np

from dnn_utils import network
from dnn_utils.checks import Case, FunctionCheck, Gradient, Mistake, Vectorised, checker

# A small problem shared by most checks: n_x = 2 features, n_h = 3 hidden units, m = 5 examples.
X = np.array([[1.2, -0.8, 0.3, -1.5, 0.9], [0.4, 1.1, -0.7, -0.2, 1.6]])
Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
PARAMETERS = {
    "W1": np.array([[0.5, -0.3], [-0.8, 0.6], [0.2, 0.9]]),
    "b1": np.array([[0.1], [-0.2], [0.05]]),
    "W2": np.array([[0.7, -1.1, 0.4]]),
    "b2": np.array([[-0.3]]),
}
# The forward pass of PARAMETERS on X, as forward_propagation must return it.
CACHE = {
    "Z1": np.array([[0.58, -0.63, 0.46, -0.59, 0.07], [-0.92, 1.1, -0.86, 0.88, 0.04], [0.65, 0.88, -0.52, -0.43, 1.67]]),
    "A1": np.array([
        [0.522665429686, -0.55805221556, 0.430084211402, -0.529895607528, 0.0698858903164],
        [-0.725897414849, 0.800499021761, -0.696257672687, 0.706419320397, 0.0399786803112],
        [0.571669966085, 0.706419320397, -0.477700012168, -0.405321308689, 0.931551684615],
    ]),
    "Z2": np.array([[1.09302094355, -1.28861774667, 0.575862383069, -1.61011670118, 0.0775642487253]]),
    "A2": np.array([[0.748950158018, 0.216086863429, 0.640114786064, 0.166572411782, 0.519381346297]]),
}
GRADS = {
    "dW1": np.array([[-0.145059046366, -0.0690463456885], [0.179800927087, 0.135691693081], [-0.0510989154388, 0.00931186447219]]),
    "db1": np.array([[-0.0959647741614], [0.137053524107], [-0.0210278693147]]),
    "dW2": np.array([[-0.105687645342, 0.140848413199, -0.0668378025628]]),
    "db2": np.array([[-0.141778886882]]),
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
        Case(args=(np.zeros((5, 3)), np.zeros((2, 3))), expected=(5, 4, 2)),
        Case(args=(X, Y), expected=(2, 4, 1)),
    ),
)

# ----------------------------------------------------------------------------- initialize_parameters
INITIALIZE_PARAMETERS = FunctionCheck(
    name="initialize_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(2, 4, 1),
            expected={
                "W1": np.array([
                    [-0.00416757847405, -0.000562668272263], [-0.0213619609567, 0.016402708084],
                    [-0.0179343558519, -0.00841747365656], [0.00502881417158, -0.0124528808661],
                ]),
                "b1": np.zeros((4, 1)),
                "W2": np.array([[-0.0105795221886, -0.00909007614927, 0.00551454044546, 0.0229220801281]]),
                "b2": np.zeros((1, 1)),
            },
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    np.array([
                        [-0.0179343558519, -0.00841747365656], [0.00502881417158, -0.0124528808661],
                        [-0.0105795221886, -0.00909007614927], [0.00551454044546, 0.0229220801281],
                    ]),
                    "These are the numbers that come after W2's: draw W1 first, then W2, from the same generator.",
                ),
                Mistake(
                    "parameters['W1']",
                    np.array([
                        [0.00435994902142, 0.000259262318279], [0.00549662477879, 0.00435322392618],
                        [0.00420367802087, 0.00330334821004], [0.00204648634038, 0.00619270966351],
                    ]),
                    "These are uniform numbers in [0, 0.01) from rng.rand: use rng.randn, the standard normal distribution.",
                ),
            ),
        ),
        Case(
            args=(2, 3, 1),
            kwargs={"seed": 3},
            expected={
                "W1": np.array([[0.0178862847343, 0.00436509850512], [0.00096497468072, -0.0186349270336], [-0.00277388202514, -0.00354758979269]]),
                "b1": np.zeros((3, 1)),
                "W2": np.array([[-0.000827414814825, -0.00627000676824, -0.000438181689759]]),
                "b2": np.zeros((1, 1)),
            },
        ),
    ),
)

# ----------------------------------------------------------------------------- forward_propagation
FORWARD_PROPAGATION = FunctionCheck(
    name="forward_propagation",
    outputs=("A2", "cache"),
    cases=(
        Case(
            args=(X, PARAMETERS),
            expected=(CACHE["A2"], CACHE),
            mistakes=(
                Mistake(
                    "A2",
                    np.array([[0.52450477349, 0.354503893104, 0.487796808036, 0.338449929017, 0.459557741837]]),
                    "This is what a sigmoid hidden layer gives: the hidden layer uses tanh, A1 = np.tanh(Z1); "
                    "only the output layer uses the sigmoid.",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (_problem(m)[0], _problem(m)[2])),
)

# ----------------------------------------------------------------------------- compute_cost
A2_COST = np.array([[0.8, 0.35, 0.6, 0.1, 0.55]])

COMPUTE_COST = FunctionCheck(
    name="compute_cost",
    outputs=("cost",),
    cases=(
        Case(
            args=(A2_COST, Y),
            expected=0.3735899215172,
            m=5,
            mistakes=(
                Mistake(
                    "cost",
                    0.2663612351672,
                    "This cost has only the Y * log(A2) term: add (1 - Y) * log(1 - A2), the term of the examples labelled 0.",
                ),
            ),
        ),
        Case(args=(CACHE["A2"], Y), expected=0.3631946038997),
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
            expected=GRADS,
            m=5,
            mistakes=(
                Mistake(
                    "grads['dW1']",
                    np.array([[-0.176296045603, -0.0420328761576], [0.269760915298, 0.0982521123964], [-0.0576055924736, 0.0239662403338]]),
                    "dZ1 has the factor (1 - A1); the derivative of tanh is 1 - tanh(z)^2, so the factor is (1 - np.power(A1, 2)).",
                ),
                Mistake(
                    "grads['dW1']",
                    np.array([[-0.177031437983, -0.0578352691765], [0.278192259688, 0.0908839944202], [-0.101160821705, -0.0330487252437]]),
                    "dZ1 is missing the derivative of tanh: multiply W2.T dZ2 elementwise by (1 - np.power(A1, 2)).",
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
            expected={
                "W1": np.array([[0.674070855639, -0.217144385174], [-1.0157611125, 0.437169968303], [0.261318698527, 0.888825762633]]),
                "b1": np.array([[0.215157728994], [-0.364464228929], [0.0752334431776]]),
                "W2": np.array([[0.82682517441, -1.26901809584, 0.480205363075]]),
                "b2": np.array([[-0.129865335742]]),
            },
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    np.array([[0.325929144361, -0.382855614826], [-0.584238887495, 0.762830031697], [0.138681301473, 0.911174237367]]),
                    "The parameters moved uphill: gradient descent subtracts, W1 = W1 - learning_rate * dW1.",
                ),
            ),
        ),
        Case(
            args=(PARAMETERS, GRADS, 0.5),
            expected={
                "W1": np.array([[0.572529523183, -0.265476827156], [-0.889900463544, 0.532154153459], [0.225549457719, 0.895344067764]]),
                "b1": np.array([[0.147982387081], [-0.268526762054], [0.0605139346573]]),
                "W2": np.array([[0.752843822671, -1.1704242066, 0.433418901281]]),
                "b2": np.array([[-0.229110556559]]),
            },
        ),
    ),
    forbidden=(network.update_parameters,),
)

# ----------------------------------------------------------------------------- nn_model
Y_UINT8 = np.array([[1, 0, 1, 0, 1]], dtype=np.uint8)  # the flower's labels are uint8 too

NN_MODEL = FunctionCheck(
    name="nn_model",
    outputs=("parameters",),
    cases=(
        Case(
            args=(X, Y_UINT8, 3),
            kwargs={"num_iterations": 50},
            expected={
                "W1": np.array([[1.77273816059, -0.413897146706], [-1.28646149789, 0.265780097478], [-0.957694233158, 0.182819261635]]),
                "b1": np.array([[0.396018311179], [-0.2210547175], [-0.122224954745]]),
                "W2": np.array([[2.73705966548, -1.66872490009, -1.12719407579]]),
                "b2": np.array([[0.431428325369]]),
            },
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    np.array([[0.168433000445, -0.0248136915676], [-1.69798708666, 0.382199040955], [-1.63550449131, 0.359217831148]]),
                    "This run started from initialize_parameters' default seed 2: nn_model starts from seed=3.",
                ),
            ),
        ),
    ),
    rtol=1e-5,
    vectorised=Vectorised(lambda m: (*_problem(m)[:2], 3, 5)),
)

# ----------------------------------------------------------------------------- predict
HALF_HINT = "A probability of exactly 0.5 must give the label 0: the rule is A2 > 0.5, not A2 >= 0.5."

PREDICT = FunctionCheck(
    name="predict",
    outputs=("predictions",),
    cases=(
        Case(args=(PARAMETERS, X), expected=np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])),
        Case(
            # W2 = 0 and b2 = 0 make every probability exactly 0.5
            args=(dict(PARAMETERS, W2=np.zeros((1, 3)), b2=np.zeros((1, 1))), X),
            expected=np.zeros((1, 5)),
            mistakes=(Mistake("predictions", np.ones((1, 5)), HALF_HINT),),
        ),
    ),
    vectorised=Vectorised(lambda m: (_problem(m)[2], _problem(m)[0])),
)

check = checker(
    LAYER_SIZES,
    INITIALIZE_PARAMETERS,
    FORWARD_PROPAGATION,
    COMPUTE_COST,
    BACKWARD_PROPAGATION,
    UPDATE_PARAMETERS,
    NN_MODEL,
    PREDICT,
)
