"""Public checks of week 4b, "Deep neural network for image classification: application".

Inputs and known mistakes are declared here; the expected outputs are stored in
expected/week4_deep_network_application.json by `python3 course.py expected`. Check cells call
`check(two_layer_model)`, `check(predict)` and `check(L_layer_model)`.

Both models record the cost every 100 iterations: costs[k] is the cost computed in iteration 100 k,
before that iteration's update, so a run of 300 iterations records iterations 0, 100 and 200.
Each check refuses the finished whole-model function of dnn_utils.network (L_layer_model,
predict): the point of the notebook is to assemble the model from the finished blocks.
predict prints an accuracy at every call and a check calls it several times, so its check discards
what it prints (quiet=True) and judges the returned p only.
"""
import numpy as np

from dnn_utils import network
from dnn_utils.checks import Case, FunctionCheck, Mistake, Vectorised, exercises

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

# A run at learning rate 0 never leaves the initial weights, as a loop without the update does.
NOT_UPDATED = Mistake(
    "parameters['W1']",
    NO_UPDATE_HINT,
    call=lambda args, kwargs: (args, {**kwargs, "learning_rate": 0.0}),
)


def _data(m):
    """Random data with m examples for the vectorisation rung: X (4, m) and int64 labels Y (1, m)."""
    rng = np.random.default_rng(400 + m)
    return rng.standard_normal((4, m)), (rng.random((1, m)) > 0.5).astype(np.int64)


def _model_args(layers_dims):
    """make_args(m) of the vectorisation rung of a model: 3 iterations at learning rate 0.1 on _data(m)."""
    return lambda m: (*_data(m), layers_dims, 0.1, 3)


# ----------------------------------------------------------------------------- two_layer_model
TWO_LAYER_MODEL = FunctionCheck(
    name="two_layer_model",
    outputs=("parameters", "costs"),
    cases=(
        Case(
            args=(X, Y, (4, 3, 1)),
            kwargs={"learning_rate": 0.5, "num_iterations": NUM_ITERATIONS},
            mistakes=(
                NOT_UPDATED,
                Mistake(
                    "parameters['W1']",
                    "These are the weights of a run started from initialize_parameters_deep (randn / sqrt(n[l-1])): "
                    "two_layer_model starts from initialize_parameters(n_x, n_h, n_y), randn * 0.01.",
                    formula="two_layer_from_the_deep_initialiser",
                ),
                Mistake(
                    "parameters['W1']",
                    'The hidden layer used the sigmoid: layer 1 is LINEAR -> RELU ("relu"), layer 2 LINEAR -> SIGMOID.',
                    formula="two_layer_with_a_sigmoid_hidden_layer",
                ),
                Mistake(
                    "parameters['W1']",
                    'The two activations are swapped: layer 1 uses "relu" and layer 2, the output, "sigmoid".',
                    formula="two_layer_with_the_activations_swapped",
                ),
                Mistake(
                    "parameters['W1']",
                    "The backward steps used the wrong activations: go back through layer 2 with "
                    '"sigmoid" and through layer 1 with "relu", the activations of the forward pass.',
                    formula="two_layer_going_back_through_the_wrong_activations",
                ),
                Mistake("costs[0]", COST_AFTER_99_HINT, formula="two_layer_cost_after_99_updates"),
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


def _output_bias_nudged(args, kwargs):
    """predict's arguments with the output unit's bias up by 1e-9: an AL of exactly 0.5 becomes
    labelled 1, as the rule AL >= 0.5 labels it, and nothing else changes."""
    X, y, parameters = args
    b_L = f"b{len(parameters) // 2}"
    return (X, y, {**parameters, b_L: parameters[b_L] + 1e-9}), kwargs


PREDICT = FunctionCheck(
    name="predict",
    outputs=("p",),
    cases=(
        Case(
            args=(X, Y, PREDICT_PARAMETERS),
            mistakes=(
                Mistake(
                    "p",
                    "p holds the probabilities AL: turn them into labels, 1. where AL > 0.5 and 0. elsewhere.",
                    formula="probabilities",
                ),
            ),
        ),
        Case(args=(HALF_X, Y, HALF_PARAMETERS), mistakes=(Mistake("p", HALF_HINT, call=_output_bias_nudged),)),
    ),
    vectorised=Vectorised(lambda m: (*_data(m), PREDICT_PARAMETERS)),
    forbidden=(network.predict,),
    quiet=True,
)

# ----------------------------------------------------------------------------- L_layer_model
L_LAYER_MODEL = FunctionCheck(
    name="L_layer_model",
    outputs=("parameters", "costs"),
    cases=(
        Case(
            args=(X, Y, [4, 5, 3, 1]),
            kwargs={"learning_rate": 0.3, "num_iterations": NUM_ITERATIONS},
            mistakes=(
                NOT_UPDATED,
                Mistake(
                    "parameters['W1']",
                    "These weights barely moved from a start of randn * 0.01: L_layer_model starts from "
                    "initialize_parameters_deep(layers_dims), which divides randn by sqrt(n[l-1]).",
                    formula="L_layer_from_randn_times_0_01",
                ),
                Mistake("costs[0]", COST_AFTER_99_HINT, formula="L_layer_cost_after_99_updates"),
            ),
        ),
    ),
    rtol=1e-5,
    vectorised=Vectorised(_model_args([4, 5, 3, 1])),
    forbidden=(network.L_layer_model,),
)


check = exercises(__name__, TWO_LAYER_MODEL, PREDICT, L_LAYER_MODEL)
