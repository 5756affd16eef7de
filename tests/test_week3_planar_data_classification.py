"""Week 3, planar data classification: the master's solutions pass every check, the stored expected
values are current, and wrong answers fail with the right diagnosis."""
import dataclasses

import numpy as np

from dnn_utils import network
from dnn_utils.activations import sigmoid
from dnn_utils.checks.store import pick
from dnn_utils.data import load_planar_dataset
from dnn_utils.exercises import week3_planar_data_classification as public
from check_tools import assert_same, course_checks, failure, memorised, standard_tests

MODULE = "week3_planar_data_classification"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)


# ----------------------------------------------------------------------------- the reference
(
    test_reference_passes_public_and_hidden_checks,
    test_stored_expected_values_are_current,
    test_memorised_public_answers_pass_public_but_fail_hidden,
) = standard_tests(MODULE, memorisable=tuple(n for n in NAMES if n not in ("backward_propagation", "quiz")))


def test_public_cache_is_the_references():
    A2, cache = ref.forward_propagation(public.X, public.PARAMETERS)
    assert_same(public.CACHE, cache)


def test_every_mistake_value_is_a_different_answer():
    """A Mistake equal to the expected value would turn a right answer into a diagnosis."""
    for spec in (spec for name, spec in PUBLIC.items() if name != "quiz"):  # the quiz has no cases
        for case in spec.cases:
            for mistake in case.mistakes:
                assert not np.allclose(mistake.value, pick(spec, case.expected, mistake.output)), mistake.hint


# ----------------------------------------------------------------------------- hard-coded answers
def test_memorised_backward_propagation_fails_the_gradient_check():
    result = failure(PUBLIC["backward_propagation"], memorised(PUBLIC["backward_propagation"]))
    assert result.rung == "behaviour"
    assert result.message.startswith("gradients disagree with centred finite differences")


def test_memorised_backward_propagation_fails_hidden():
    result = failure(HIDDEN["backward_propagation"], memorised(PUBLIC["backward_propagation"]), reveal=False)
    assert result.rung in ("shape", "values")


# ----------------------------------------------------------------------------- layer_sizes
def test_layer_sizes_with_the_number_of_examples():
    result = failure(PUBLIC["layer_sizes"], lambda X, Y: (X.shape[1], 4, Y.shape[1]))
    assert result.rung == "values" and result.message == "n_x is 3, expected 5."


def test_layer_sizes_returning_shapes():
    result = failure(PUBLIC["layer_sizes"], lambda X, Y: (X.shape, 4, Y.shape))
    assert result.rung == "type" and result.message.startswith("n_x should be an int")


# ----------------------------------------------------------------------------- initialize_parameters
def initialize_with(draw):
    """An initialize_parameters whose weights are draw(rng, n_x, n_h, n_y) -> (W1, W2)."""

    def initialize_parameters(n_x, n_h, n_y, seed=2):
        W1, W2 = draw(np.random.RandomState(seed), n_x, n_h, n_y)
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    return initialize_parameters


def test_initialize_drawing_w2_first():
    def draw(rng, n_x, n_h, n_y):
        W2 = rng.randn(n_y, n_h) * 0.01
        return rng.randn(n_h, n_x) * 0.01, W2

    result = failure(PUBLIC["initialize_parameters"], initialize_with(draw))
    assert result.rung == "values" and result.message.endswith("draw W1 first, then W2, from the same generator.")


def test_initialize_with_uniform_numbers():
    draw = lambda rng, n_x, n_h, n_y: (rng.rand(n_h, n_x) * 0.01, rng.rand(n_y, n_h) * 0.01)
    result = failure(PUBLIC["initialize_parameters"], initialize_with(draw))
    assert "use rng.randn, the standard normal distribution" in result.message


def test_initialize_without_the_factor_001():
    draw = lambda rng, n_x, n_h, n_y: (rng.randn(n_h, n_x), rng.randn(n_y, n_h))
    result = failure(PUBLIC["initialize_parameters"], initialize_with(draw))
    assert "Every value is off by the same factor 100." in result.message


def test_initialize_with_transposed_w1():
    draw = lambda rng, n_x, n_h, n_y: (rng.randn(n_x, n_h) * 0.01, rng.randn(n_h, n_y) * 0.01)
    result = failure(PUBLIC["initialize_parameters"], initialize_with(draw))
    assert result.rung == "shape" and "transposed shape" in result.message


def test_initialize_ignoring_the_seed_fails_hidden_too():
    def initialize_parameters(n_x, n_h, n_y, seed=2):
        return ref.initialize_parameters(n_x, n_h, n_y)

    assert failure(PUBLIC["initialize_parameters"], initialize_parameters).rung == "values"
    assert failure(HIDDEN["initialize_parameters"], initialize_parameters, reveal=False).rung == "values"


# ----------------------------------------------------------------------------- forward_propagation
def forward_with(g):
    """A forward_propagation whose hidden activation is g."""

    def forward_propagation(X, parameters):
        Z1 = parameters["W1"] @ X + parameters["b1"]
        A1 = g(Z1)
        Z2 = parameters["W2"] @ A1 + parameters["b2"]
        A2 = sigmoid(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}

    return forward_propagation


def test_forward_with_a_sigmoid_hidden_layer():
    result = failure(PUBLIC["forward_propagation"], forward_with(sigmoid))
    assert result.rung == "values" and "the hidden layer uses tanh" in result.message


def test_forward_with_a_cache_missing_z2():
    def forward_propagation(X, parameters):
        A2, cache = ref.forward_propagation(X, parameters)
        del cache["Z2"]
        return A2, cache

    result = failure(PUBLIC["forward_propagation"], forward_propagation)
    assert result.rung == "type" and result.message.startswith("cache has no key 'Z2'")


def test_forward_looping_over_examples():
    def forward_propagation(X, parameters):
        columns = [ref.forward_propagation(X[:, [i]], parameters)[1] for i in range(X.shape[1])]
        cache = {key: np.hstack([c[key] for c in columns]) for key in ("Z1", "A1", "Z2", "A2")}
        return cache["A2"], cache

    result = failure(PUBLIC["forward_propagation"], forward_propagation)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")


# ----------------------------------------------------------------------------- compute_cost
def test_cost_without_the_1_minus_y_term():
    result = failure(PUBLIC["compute_cost"], lambda A2, Y: float(-np.sum(Y * np.log(A2)) / Y.shape[1]))
    assert result.rung == "values" and "This cost has only the Y * log(A2) term" in result.message


def test_cost_without_1_over_m():
    result = failure(PUBLIC["compute_cost"], lambda A2, Y: float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))))
    assert "Every value is m = 5 times too large: did you forget the 1/m?" in result.message


def test_cost_returning_an_array():
    result = failure(PUBLIC["compute_cost"], lambda A2, Y: -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2), keepdims=True) / 5)
    assert result.rung == "type" and result.message.startswith("cost should be a plain float")


def cost_negating_Y(A2, Y):
    """The original course's form with the minus sign on Y: right for float labels, not for uint8."""
    return float(np.sum(-Y * np.log(A2) - (1 - Y) * np.log(1 - A2)) / Y.shape[1])


def test_cost_checks_see_labels_of_the_flowers_dtype():
    flower_dtype = load_planar_dataset()[1].dtype
    for spec in (PUBLIC["compute_cost"], HIDDEN["compute_cost"]):
        assert any(case.args[1].dtype == flower_dtype for case in spec.cases), spec.name


def test_cost_negating_uint8_labels():
    """-Y wraps to 255 on the flower's uint8 labels: a negative cost on the data, caught by both checks."""
    X, Y = load_planar_dataset()
    A2 = ref.forward_propagation(X, ref.initialize_parameters(2, 4, 1, seed=3))[0]
    assert cost_negating_Y(A2, Y) < 0 < ref.compute_cost(A2, Y)
    assert np.isclose(cost_negating_Y(A2, Y.astype(float)), ref.compute_cost(A2, Y))  # right on float labels
    result = failure(PUBLIC["compute_cost"], cost_negating_Y)
    assert result.rung == "values" and "-Y turns every label 1 into 255" in result.message
    assert failure(HIDDEN["compute_cost"], cost_negating_Y, reveal=False).rung == "values"


def test_cost_calling_the_finished_one():
    def compute_cost(A2, Y):
        return network.compute_cost(A2, Y)

    result = failure(PUBLIC["compute_cost"], compute_cost)
    assert result.message.startswith("compute_cost calls the finished dnn_utils.network.compute_cost")


# ----------------------------------------------------------------------------- backward_propagation
def backward_with(tanh_derivative=lambda A1: 1 - A1**2, keepdims=True, divide=True):
    """A backward_propagation with one thing changed."""

    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1] if divide else 1
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = A2 - Y
        dZ1 = (parameters["W2"].T @ dZ2) * tanh_derivative(A1)
        return {
            "dW1": dZ1 @ X.T / m,
            "db1": np.sum(dZ1, axis=1, keepdims=keepdims) / m,
            "dW2": dZ2 @ A1.T / m,
            "db2": np.sum(dZ2, axis=1, keepdims=keepdims) / m,
        }

    return backward_propagation


def test_backward_with_1_minus_a1():
    result = failure(PUBLIC["backward_propagation"], backward_with(lambda A1: 1 - A1))
    assert result.message.startswith("grads['dW1'] has wrong values")
    assert result.message.endswith("so the factor is (1 - np.power(A1, 2)).")


def test_backward_without_the_tanh_derivative():
    result = failure(PUBLIC["backward_propagation"], backward_with(lambda A1: 1.0))
    assert "dZ1 is missing the derivative of tanh" in result.message


def test_backward_without_keepdims():
    result = failure(PUBLIC["backward_propagation"], backward_with(keepdims=False))
    assert result.rung == "shape" and "keepdims=True" in result.message


def test_backward_without_1_over_m():
    result = failure(PUBLIC["backward_propagation"], backward_with(divide=False))
    assert "Every value is m = 5 times too large: did you forget the 1/m?" in result.message


def test_public_gradient_check_catches_a_wrong_derivative():
    only_gradient = dataclasses.replace(PUBLIC["backward_propagation"], cases=(), vectorised=None)
    result = failure(only_gradient, backward_with(lambda A1: 1 - A1))
    assert result.message.startswith("gradients disagree with centred finite differences")


# ----------------------------------------------------------------------------- update_parameters
def test_update_going_uphill():
    def update_parameters(parameters, grads, learning_rate=1.2):
        return {name: value + learning_rate * grads["d" + name] for name, value in parameters.items()}

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert result.rung == "values" and "The parameters moved uphill" in result.message


def test_update_in_place():
    def update_parameters(parameters, grads, learning_rate=1.2):
        for name in parameters:
            parameters[name] -= learning_rate * grads["d" + name]
        return parameters

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert result.rung == "behaviour" and result.message.startswith("update_parameters changed its argument parameters in place")


def test_update_calling_the_finished_one():
    def update_parameters(parameters, grads, learning_rate=1.2):
        return network.update_parameters(parameters, grads, learning_rate)

    result = failure(PUBLIC["update_parameters"], update_parameters)
    assert result.message.startswith("update_parameters calls the finished dnn_utils.network.update_parameters")


# ----------------------------------------------------------------------------- nn_model
def nn_model_with(seed=3, learning_rate=1.2, backward_propagation=ref.backward_propagation):
    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        parameters = ref.initialize_parameters(X.shape[0], n_h, Y.shape[0], seed=seed)
        for i in range(num_iterations):
            A2, cache = ref.forward_propagation(X, parameters)
            parameters = ref.update_parameters(parameters, backward_propagation(parameters, cache, X, Y), learning_rate)
        return parameters

    return nn_model


def test_nn_model_with_the_default_seed():
    result = failure(PUBLIC["nn_model"], nn_model_with(seed=2))
    assert result.rung == "values" and result.message.endswith("nn_model starts from seed=3.")


def test_nn_model_with_another_learning_rate():
    assert failure(PUBLIC["nn_model"], nn_model_with(learning_rate=0.5)).rung == "values"


def test_nn_model_over_a_backward_propagation_returning_dW2_transposed():
    """A right nn_model over a wrong backward_propagation is sent back to backward_propagation."""

    def backward_propagation(parameters, cache, X, Y):
        grads = ref.backward_propagation(parameters, cache, X, Y)
        return {**grads, "dW2": grads["dW2"].T}

    own = failure(PUBLIC["backward_propagation"], backward_propagation)
    assert own.rung == "shape" and own.message.startswith("grads['dW2'] has shape (3, 1), expected (1, 3).")
    result = failure(PUBLIC["nn_model"], nn_model_with(backward_propagation=backward_propagation))
    assert result.rung == "shape" and result.message.startswith("parameters['W2'] has shape (3, 3), expected (1, 3).")
    assert "backward_propagation returns dW2 transposed" in result.message and "rank-1" not in result.message


# ----------------------------------------------------------------------------- the lesson's claims about its data
def test_from_zeros_nothing_moves_on_the_balanced_flower():
    """Section 10: from all zeros every gradient is 0 on the flower, db2 included (as many 1s as 0s)."""
    X, Y = load_planar_dataset()
    zeros = {"W1": np.zeros((4, 2)), "b1": np.zeros((4, 1)), "W2": np.zeros((1, 4)), "b2": np.zeros((1, 1))}
    grads = ref.backward_propagation(zeros, ref.forward_propagation(X, zeros)[1], X, Y)
    assert all(np.all(value == 0) for value in grads.values()), grads


# ----------------------------------------------------------------------------- predict
def test_predict_with_greater_or_equal():
    result = failure(PUBLIC["predict"], lambda parameters, X: (ref.forward_propagation(X, parameters)[0] >= 0.5).astype(float))
    assert result.rung == "values" and result.message.endswith(public.HALF_HINT)


def test_predict_returning_booleans():
    result = failure(PUBLIC["predict"], lambda parameters, X: ref.forward_propagation(X, parameters)[0] > 0.5)
    assert result.rung == "dtype" and "Comparisons give booleans" in result.message


def test_predict_hidden_includes_a_probability_of_exactly_one_half():
    cheat = lambda parameters, X: (ref.forward_propagation(X, parameters)[0] >= 0.5).astype(float)
    assert failure(HIDDEN["predict"], cheat, reveal=False).rung == "values"




def test_the_sliders_finished_network_is_forbidden_in_the_graded_functions():
    """dnn_utils.explore ships a finished one-hidden-layer trainer for the sliders: a graded function
    that calls it instead of being written is caught and earns nothing."""
    from dnn_utils import explore

    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        return explore.train(X, Y, n_h=n_h, num_iterations=num_iterations).parameters

    def predict(parameters, X):
        return (explore.forward(parameters, X, "tanh") > 0.5).astype(float)

    for cheat, finished in ((nn_model, "train"), (predict, "forward")):
        result = failure(PUBLIC[cheat.__name__], cheat)
        assert result.kind == "forbidden" and f"dnn_utils.explore.{finished}" in result.message
