"""Public checks of week 4b, "Deep neural network for image classification: application".

The expected values below were computed once with a correct implementation and written out as
literals. Check cells call `check(two_layer_model)`, `check(predict)` and `check(L_layer_model)`.

Both models record the cost every 100 iterations: costs[k] is the cost computed in iteration 100 k,
before that iteration's update, so a run of 300 iterations records iterations 0, 100 and 200.
Each check refuses the finished whole-model function of dnn_utils.network (L_layer_model,
predict): the point of the notebook is to assemble the model from the finished blocks.
predict prints an accuracy at every call and a check calls it several times, so the checks silence
it (`quiet_predict`) and judge the returned p only.
"""
import contextlib
import functools
import io

import numpy as np

from dnn_utils import network
from dnn_utils.checks import Case, FunctionCheck, Mistake, Vectorised, checker

# A small problem shared by the checks: 4 features, 10 examples, int64 labels as load_dataset gives.
X = np.array(
    [
        [0.3, -1.04, 0.75, 0.94, -1.95, -1.3, 0.13, -0.32, -0.02, -0.85],
        [0.88, 0.78, 0.07, 1.13, 0.47, -0.86, 0.37, -0.96, 0.88, -0.05],
        [-0.18, -0.68, 1.22, -0.15, -0.43, -0.35, 0.53, 0.37, 0.41, 0.43],
        [2.14, -0.41, -0.51, -0.81, 0.62, 1.13, -0.11, -0.84, -0.82, 0.65],
    ]
)
Y = np.array([[0, 1, 1, 0, 1, 1, 0, 0, 1, 0]])
NUM_ITERATIONS = 300  # the costs of iterations 0, 100 and 200 are recorded

NO_UPDATE_HINT = (
    "These are the initial weights: end every iteration with "
    "parameters = update_parameters(parameters, grads, learning_rate)."
)
COST_AFTER_99_HINT = (
    "costs[0] is the cost after 99 updates: record the cost of iteration i when i % 100 == 0, for "
    "i = 0, 1, ..., num_iterations - 1, so that costs[0] is the cost before any update."
)


def _data(m):
    """Random data with m examples for the vectorisation rung: X (4, m) and int64 labels Y (1, m)."""
    rng = np.random.default_rng(400 + m)
    return rng.standard_normal((4, m)), (rng.random((1, m)) > 0.5).astype(np.int64)


def _model_args(layers_dims):
    """make_args(m) of the vectorisation rung of a model: 3 iterations at learning rate 0.1 on _data(m)."""
    return lambda m: (*_data(m), layers_dims, 0.1, 3)


# ----------------------------------------------------------------------------- two_layer_model
TWO_LAYER_W1_INITIAL = np.array(
    [
        [0.0162434536366, -0.0061175641365, -0.00528171752263, -0.0107296862216],
        [0.00865407629325, -0.0230153869688, 0.0174481176422, -0.00761206900895],
        [0.00319039096057, -0.00249370375477, 0.0146210793704, -0.020601407095],
    ]
)

TWO_LAYER_MODEL = FunctionCheck(
    name="two_layer_model",
    outputs=("parameters", "costs"),
    cases=(
        Case(
            args=(X, Y, (4, 3, 1)),
            kwargs={"learning_rate": 0.5, "num_iterations": NUM_ITERATIONS},
            expected=(
                {
                    "W1": np.array(
                        [
                            [1.07054335437, -1.12235283337, -1.49241368168, -1.48321056814],
                            [0.786468914154, 0.800008158998, 1.08116819023, 0.953334154958],
                            [0.350599529373, 0.63165458109, 1.78296704118, -1.59095319188],
                        ]
                    ),
                    "b1": np.array([[0.343400220675], [0.925791390645], [-1.27842494004]]),
                    "W2": np.array([[-2.60278436216, -2.01819018895, 2.79609274176]]),
                    "b2": np.array([[1.44481479422]]),
                },
                [0.693142364823, 0.689399946881, 0.517734576725],
            ),
            mistakes=(
                Mistake("parameters['W1']", TWO_LAYER_W1_INITIAL, NO_UPDATE_HINT),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [1.34018195778, -0.953147418717, -1.68009216261, -1.29713732255],
                            [0.802719403818, 0.579801027989, 2.25412822358, 0.506862392777],
                            [0.418494607708, 0.99280628742, 3.12286363313, -2.14468950198],
                        ]
                    ),
                    "These are the weights of a run started from initialize_parameters_deep (randn / sqrt(n[l-1])): "
                    "two_layer_model starts from initialize_parameters(n_x, n_h, n_y), randn * 0.01.",
                ),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [1.09228720611, -0.256370986968, 0.0798841403273, 0.507383929433],
                            [1.02229675702, -0.246114201755, 0.0943060865579, 0.476270530835],
                            [-1.28673594322, 0.3417327292, -0.151098271593, -0.578577713858],
                        ]
                    ),
                    'The hidden layer used the sigmoid: layer 1 is LINEAR -> RELU ("relu"), layer 2 LINEAR -> SIGMOID.',
                ),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [-0.621702124793, 0.622226237623, 0.492926180517, 0.0668956332365],
                            [-0.622455390375, 0.617385379778, 0.507292290518, 0.0703861364296],
                            [-0.695192239325, 0.656846684614, 0.516011431529, 0.036123279194],
                        ]
                    ),
                    'The two activations are swapped: layer 1 uses "relu" and layer 2, the output, "sigmoid".',
                ),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [0.0162450706048, -0.006150607501, -0.00535262921041, -0.0107643609359],
                            [0.00865602654449, -0.0230547194481, 0.0173636640093, -0.00765336566384],
                            [0.0031846442473, -0.00237757974151, 0.0148703729744, -0.0204794461381],
                        ]
                    ),
                    "The backward steps used the wrong activations: go back through layer 2 with "
                    '"sigmoid" and through layer 1 with "relu", the activations of the forward pass.',
                ),
                Mistake("costs[0]", 0.689610692126, COST_AFTER_99_HINT),
            ),
        ),
    ),
    rtol=1e-5,
    vectorised=Vectorised(_model_args((4, 3, 1))),
    forbidden=(network.L_layer_model,),
)

# ----------------------------------------------------------------------------- predict
PREDICT_PARAMETERS = {
    "W1": np.array(
        [
            [1.53, -1.92, 0.31, -0.43],
            [-0.34, -0.16, -1.51, -0.17],
            [-0.65, 2.49, 0.17, -0.26],
            [-0.21, -0.5, -0.79, -0.29],
            [0.36, -0.18, 0.72, -0.15],
        ]
    ),
    "b1": np.array([[0.0], [0.31], [0.11], [-0.1], [-0.04]]),
    "W2": np.array([[0.36, 1.3, -0.18, -0.16, 0.67], [-0.59, -0.2, 0.59, 0.39, 0.06], [0.45, -1.9, 0.69, -0.64, -1.12]]),
    "b2": np.array([[0.06], [0.14], [-0.09]]),
    "W3": np.array([[-0.93, 0.02, -0.05]]),
    "b3": np.array([[0.28]]),
}
# Zero biases, and columns 2 and 5 of X set to 0: every Z of those columns is 0, so AL is exactly 0.5.
HALF_PARAMETERS = {
    name: np.zeros_like(value) if name.startswith("b") else value for name, value in PREDICT_PARAMETERS.items()
}
HALF_PARAMETERS["W3"] = -PREDICT_PARAMETERS["W3"]
HALF_X = X.copy()
HALF_X[:, [2, 5]] = 0.0
HALF_HINT = "A probability of exactly 0.5 must give the label 0: the rule is AL > 0.5, not AL >= 0.5."

PREDICT = FunctionCheck(
    name="predict",
    outputs=("p",),
    cases=(
        Case(
            args=(X, Y, PREDICT_PARAMETERS),
            expected=np.array([[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0]]),
            mistakes=(
                Mistake(
                    "p",
                    np.array([[0.562869039942, 0.229855809605, 0.264523461916, 0.562821744124, 0.255308796749, 0.236182131085, 0.548406380784, 0.315679417206, 0.559838476773, 0.568875410785]]),
                    "p holds the probabilities AL: turn them into labels, 1. where AL > 0.5 and 0. elsewhere.",
                ),
            ),
        ),
        Case(
            args=(HALF_X, Y, HALF_PARAMETERS),
            expected=np.array([[1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0]]),
            mistakes=(Mistake("p", np.ones((1, 10)), HALF_HINT),),
        ),
    ),
    vectorised=Vectorised(lambda m: (*_data(m), PREDICT_PARAMETERS)),
    forbidden=(network.predict,),
)

# ----------------------------------------------------------------------------- L_layer_model
L_LAYER_W1_INITIAL = np.array(
    [
        [0.812172681832, -0.305878206825, -0.264085876132, -0.536484311078],
        [0.432703814662, -1.15076934844, 0.872405882108, -0.380603450448],
        [0.159519548029, -0.124685187739, 0.731053968522, -1.03007035475],
        [-0.161208602007, -0.192027177334, 0.566884721168, -0.549945633657],
        [-0.0862141037752, -0.438929208961, 0.0211068733578, 0.291407606858],
    ]
)

L_LAYER_MODEL = FunctionCheck(
    name="L_layer_model",
    outputs=("parameters", "costs"),
    cases=(
        Case(
            args=(X, Y, [4, 5, 3, 1]),
            kwargs={"learning_rate": 0.3, "num_iterations": NUM_ITERATIONS},
            expected=(
                {
                    "W1": np.array(
                        [
                            [0.436527755208, -1.07627903229, -0.478288420587, -0.95959860525],
                            [0.751613205647, -0.959122627158, 1.00474424439, -0.263401913006],
                            [0.106508397332, 0.235542128057, 1.22737811977, -1.23592404353],
                            [-0.158421572721, 0.00883080909075, 0.814235670633, -0.709854348953],
                            [1.00658153892, 1.03999180941, 0.679842173247, 1.32159252284],
                        ]
                    ),
                    "b1": np.array([[0.373244539775], [-0.304586786197], [-0.408419991281], [-0.158425171461], [0.959801915038]]),
                    "W2": np.array(
                        [
                            [-1.3507610912, 0.16823827824, 0.552537325022, 0.174187352848, 0.0765660317388],
                            [-0.167507792394, -0.698757570509, -1.28990105261, -0.755893186839, 2.23444382857],
                            [-0.309320091645, -0.177433571273, -0.30731297395, -0.377987453871, -0.300190395637],
                        ]
                    ),
                    "b2": np.array([[1.59132439111], [-0.00491127606922], [0.0]]),
                    "W3": np.array([[1.95168550802, -2.77974132202, 0.135339966237]]),
                    "b3": np.array([[-0.11770801209]]),
                },
                [0.697006587089, 0.679553752894, 0.241398084937],
            ),
            mistakes=(
                Mistake("parameters['W1']", L_LAYER_W1_INITIAL, NO_UPDATE_HINT),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [0.016240115328, -0.00612569400527, -0.00529025744628, -0.0107294457233],
                            [0.00866028874043, -0.0230110250368, 0.0174502325161, -0.00760916105334],
                            [0.00319244938708, -0.00248896874187, 0.0146253173703, -0.0206010311333],
                            [-0.00310610969254, -0.00382928666232, 0.0112814378569, -0.0110882567597],
                            [-0.00104935229357, -0.00846937403427, 0.000677050817617, 0.00609185347597],
                        ]
                    ),
                    "These weights barely moved from a start of randn * 0.01: L_layer_model starts from "
                    "initialize_parameters_deep(layers_dims), which divides randn by sqrt(n[l-1]).",
                ),
                Mistake("costs[0]", 0.679790102006, COST_AFTER_99_HINT),
            ),
        ),
    ),
    rtol=1e-5,
    vectorised=Vectorised(_model_args([4, 5, 3, 1])),
    forbidden=(network.L_layer_model,),
)


def quiet_predict(check_function):
    """check_function, but predict runs with its printing silenced (it prints at every call)."""

    def check_quietly(function, name=None):
        if callable(function) and (name or getattr(function, "__name__", None)) == "predict":
            function = _silenced(function)
        return check_function(function, name)

    check_quietly.specs = check_function.specs  # the grader judges against the same specs
    return check_quietly


def _silenced(function):
    """function, with whatever it prints discarded."""

    @functools.wraps(function)
    def silenced(*args, **kwargs):
        with contextlib.redirect_stdout(io.StringIO()):
            return function(*args, **kwargs)

    return silenced


check = quiet_predict(checker(TWO_LAYER_MODEL, PREDICT, L_LAYER_MODEL))
