"""Week 4b, deep network application: the master's solutions pass every check, the stored
expected values are current, an implementation built from dnn_utils' blocks (as the notebook builds
it) passes too, and wrong answers fail with the right diagnosis. tests/test_masters.py executes the
master."""

import numpy as np
import pytest

from autograder.hidden import week4_deep_network_application as hidden
from dnn_utils import network
from dnn_utils.checks import run_check
from dnn_utils.exercises import week4_deep_network_application as public
from check_tools import course_checks, failure, standard_tests

MODULE = "week4_deep_network_application"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)


# ----------------------------------------------------------------------------- implementations from the blocks
def two_layer_with(xavier=False, activations=("relu", "sigmoid"), backward=None, update=True,
                   record=lambda i: i % 100 == 0, fixed_learning_rate=None):
    """two_layer_model as the notebook writes it, with one thing optionally done wrong."""

    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        n_x, n_h, n_y = layers_dims
        if xavier:
            parameters = network.initialize_parameters_deep([n_x, n_h, n_y])
        else:
            parameters = network.initialize_parameters(n_x, n_h, n_y)
        costs = []
        for i in range(num_iterations):
            A1, cache1 = network.linear_activation_forward(X, parameters["W1"], parameters["b1"], activations[0])
            A2, cache2 = network.linear_activation_forward(A1, parameters["W2"], parameters["b2"], activations[1])
            cost = network.compute_cost(A2, Y)
            dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
            dA1, dW2, db2 = network.linear_activation_backward(dA2, cache2, (backward or activations)[1])
            _, dW1, db1 = network.linear_activation_backward(dA1, cache1, (backward or activations)[0])
            if update:
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                parameters = network.update_parameters(parameters, grads, fixed_learning_rate or learning_rate)
            if record(i):
                costs.append(cost)
        return parameters, costs

    return two_layer_model


def L_layer_with(scale="xavier", update=True, record=lambda i: i % 100 == 0):
    """L_layer_model as the notebook writes it, with one thing optionally done wrong."""

    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = network.initialize_parameters_deep(layers_dims, seed=1, scale=scale)
        costs = []
        for i in range(num_iterations):
            AL, caches = network.L_model_forward(X, parameters)
            cost = network.compute_cost(AL, Y)
            if update:
                parameters = network.update_parameters(parameters, network.L_model_backward(AL, Y, caches), learning_rate)
            if record(i):
                costs.append(cost)
        return parameters, costs

    return L_layer_model


def predict_with(rule=lambda AL: (AL > 0.5).astype(float), printing=True):
    def predict(X, y, parameters):
        AL, _ = network.L_model_forward(X, parameters)
        p = rule(AL)
        if printing:
            print(f"Accuracy: {100 * np.mean(p == y):.1f} %")
        return p

    return predict


BLOCKS = {"two_layer_model": two_layer_with(), "predict": predict_with(), "L_layer_model": L_layer_with()}


# ----------------------------------------------------------------------------- the reference and the blocks
(
    test_reference_passes_public_and_hidden_checks,
    test_stored_expected_values_are_current,
    test_memorised_public_answers_pass_public_but_fail_hidden,
) = standard_tests(MODULE)


@pytest.mark.parametrize("name", NAMES)
def test_an_implementation_from_the_blocks_passes_public_and_hidden_checks(name):
    public_report = run_check(PUBLIC[name], BLOCKS[name])
    hidden_report = run_check(HIDDEN[name], BLOCKS[name], reveal=False)
    assert public_report.passed, public_report.lines(colour=False)
    assert hidden_report.passed, hidden_report.lines(colour=False)


def test_reference_agrees_with_the_finished_models_of_dnn_utils(capsys):
    """The master's solutions, assembled from the blocks, agree with the finished models of dnn_utils.network."""
    rng = np.random.default_rng(7012)
    X, Y = rng.standard_normal((5, 12)), (rng.random((1, 12)) > 0.5).astype(np.int64)
    for layers_dims, reference, scale in (([5, 4, 3, 1], ref.L_layer_model, "xavier"), ([5, 4, 1], ref.two_layer_model, 0.01)):
        parameters, costs = reference(X, Y, layers_dims, 0.3, 250)
        finished, finished_costs = network.L_layer_model(X, Y, layers_dims, 0.3, 250, scale=scale)
        np.testing.assert_allclose(costs, finished_costs, rtol=1e-12)
        for key in parameters:
            np.testing.assert_allclose(parameters[key], finished[key], rtol=1e-9, atol=1e-12, err_msg=key)
        np.testing.assert_array_equal(ref.predict(X, Y, parameters), network.predict(X, finished))
    assert capsys.readouterr().out.count("Accuracy: ") == 2


def test_the_reference_prints_the_accuracy(capsys):
    p = ref.predict(public.X, public.Y, public.PREDICT_PARAMETERS)
    assert capsys.readouterr().out == f"Accuracy: {100 * np.mean(p == public.Y):.1f} %\n"


def test_hidden_cases_cover_depth_1_and_iterations_that_are_not_multiples_of_100():
    depths = sorted(len(case.args[2]) - 1 for case in HIDDEN["L_layer_model"].cases)
    assert depths == [1, 2, 3, 4]
    for spec in (HIDDEN["two_layer_model"], HIDDEN["L_layer_model"]):
        counts = [case.kwargs["num_iterations"] for case in spec.cases]
        assert any(n % 100 == 0 for n in counts) and any(n % 100 for n in counts)
        for case in spec.cases:
            assert len(case.expected[1]) == -(-case.kwargs["num_iterations"] // 100)


def test_hidden_predict_meets_probabilities_of_exactly_one_half():
    X, _, parameters = HIDDEN["predict"].cases[-1].args
    AL, _ = network.L_model_forward(X, parameters)
    assert np.sum(AL == 0.5) >= 3  # the three zero columns, and any example whose hidden units are all off


# ----------------------------------------------------------------------------- finished versions and hard-coded answers
# The finished versions are refused by the public check only: a hidden check repeats no behaviour rung.
def test_two_layer_model_through_the_finished_L_layer_model_fails():
    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return network.L_layer_model(X, Y, list(layers_dims), learning_rate, num_iterations, print_cost, scale=0.01)

    result = failure(PUBLIC["two_layer_model"], two_layer_model)
    assert result.rung == "behaviour"
    assert result.message == (
        "two_layer_model calls the finished dnn_utils.network.L_layer_model: write it yourself; "
        "this exercise earns nothing otherwise."
    )


def test_L_layer_model_through_the_finished_version_fails():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return network.L_layer_model(X, Y, layers_dims, learning_rate, num_iterations, print_cost)

    result = failure(PUBLIC["L_layer_model"], L_layer_model)
    assert result.rung == "behaviour"
    assert result.message.startswith("L_layer_model calls the finished dnn_utils.network.L_layer_model: write it yourself")


def test_predict_through_the_finished_version_fails():
    def predict(X, y, parameters):
        p = network.predict(X, parameters)
        print(f"Accuracy: {100 * np.mean(p == y):.1f} %")
        return p

    result = failure(PUBLIC["predict"], predict)
    assert result.rung == "behaviour"
    assert result.message.startswith("predict calls the finished dnn_utils.network.predict: write it yourself")


# ----------------------------------------------------------------------------- two_layer_model
def values_failure(spec, function, output="parameters['W1']"):
    result = failure(spec, function)
    assert result.rung == "values", result.message
    assert result.message.startswith(f"{output} has wrong values"), result.message
    return result


def test_two_layer_model_forgetting_the_update():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(update=False))
    assert result.message.endswith(public.NO_UPDATE_HINT)


def test_two_layer_model_starting_from_the_deep_initialiser():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(xavier=True))
    assert result.message.endswith(
        "These are the weights of a run started from initialize_parameters_deep (randn / sqrt(n[l-1])): "
        "two_layer_model starts from initialize_parameters(n_x, n_h, n_y), randn * 0.01."
    )


def test_two_layer_model_with_a_sigmoid_hidden_layer():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(activations=("sigmoid", "sigmoid")))
    assert result.message.endswith('The hidden layer used the sigmoid: layer 1 is LINEAR -> RELU ("relu"), layer 2 LINEAR -> SIGMOID.')


def test_two_layer_model_with_the_activations_swapped():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(activations=("sigmoid", "relu")))
    assert result.message.endswith('The two activations are swapped: layer 1 uses "relu" and layer 2, the output, "sigmoid".')


def test_two_layer_model_going_back_through_the_wrong_activations():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(backward=("sigmoid", "relu")))
    assert result.message.endswith(
        'The backward steps used the wrong activations: go back through layer 2 with "sigmoid" and through '
        'layer 1 with "relu", the activations of the forward pass.'
    )


def test_two_layer_model_ignoring_the_learning_rate():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(fixed_learning_rate=0.0075))
    assert "expected:" in result.message


def test_two_layer_model_recording_the_cost_after_each_hundred_iterations():
    result = values_failure(PUBLIC["two_layer_model"], two_layer_with(record=lambda i: (i + 1) % 100 == 0), output="costs[0]")
    assert result.message.endswith(public.COST_AFTER_99_HINT)


def test_two_layer_model_recording_every_cost():
    result = failure(PUBLIC["two_layer_model"], two_layer_with(record=lambda i: True))
    assert result.rung == "type"
    assert result.message == "costs should be a list of 3 values: got a list of 300 values."


def test_two_layer_model_recording_the_last_cost_too():
    result = failure(PUBLIC["two_layer_model"], two_layer_with(record=lambda i: i % 100 == 0 or i == 299))
    assert result.rung == "type"
    assert result.message == "costs should be a list of 3 values: got a list of 4 values."


def test_two_layer_model_returning_the_costs_as_an_array():
    def two_layer_model(*args, **kwargs):
        parameters, costs = BLOCKS["two_layer_model"](*args, **kwargs)
        return parameters, np.array(costs)

    result = failure(PUBLIC["two_layer_model"], two_layer_model)
    assert result.rung == "type"
    assert result.message == "costs should be a list of 3 values: got a numpy array of shape (3,)."


# ----------------------------------------------------------------------------- predict
def test_predict_with_greater_or_equal():
    result = failure(PUBLIC["predict"], predict_with(rule=lambda AL: (AL >= 0.5).astype(float)))
    assert result.rung == "values" and result.message.startswith("p has wrong values")
    assert result.message.endswith(public.HALF_HINT)
    assert failure(HIDDEN["predict"], predict_with(rule=lambda AL: (AL >= 0.5).astype(float)), reveal=False).rung == "values"


def test_predict_returning_booleans():
    result = failure(PUBLIC["predict"], predict_with(rule=lambda AL: AL > 0.5))
    assert result.rung == "dtype"
    assert result.message == "p has dtype bool, expected floating point (float64). Comparisons give booleans: convert with .astype(float)."


def test_predict_returning_integers():
    result = failure(PUBLIC["predict"], predict_with(rule=lambda AL: (AL > 0.5).astype(int)))
    assert result.rung == "dtype"
    assert result.message.startswith("p has dtype int64, expected floating point (float64).")


def test_predict_returning_the_probabilities():
    result = failure(PUBLIC["predict"], predict_with(rule=lambda AL: AL))
    assert result.rung == "values"
    assert result.message.endswith("p holds the probabilities AL: turn them into labels, 1. where AL > 0.5 and 0. elsewhere.")


def test_predict_returning_a_rank_1_array():
    result = failure(PUBLIC["predict"], predict_with(rule=lambda AL: (AL[0] > 0.5).astype(float)))
    assert result.rung == "shape" and result.message.startswith("p has shape (10,), expected (1, 10).")


def test_predict_with_the_original_loop_over_examples():
    def predict(X, y, parameters):
        m = X.shape[1]
        p = np.zeros((1, m))
        probas, _ = network.L_model_forward(X, parameters)
        for i in range(probas.shape[1]):
            if probas[0, i] > 0.5:
                p[0, i] = 1
            else:
                p[0, i] = 0
        print(f"Accuracy: {100 * np.mean(p == y):.1f} %")
        return p

    result = failure(PUBLIC["predict"], predict)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")
    assert "for i in range(probas.shape[1]):" in result.message


def test_predict_without_printing_passes_because_the_checks_judge_p():
    assert run_check(PUBLIC["predict"], predict_with(printing=False)).passed
    assert run_check(HIDDEN["predict"], predict_with(printing=False), reveal=False).passed


def test_predict_counting_its_errors_in_y():
    def predict(X, y, parameters):
        AL, _ = network.L_model_forward(X, parameters)
        p = (AL > 0.5).astype(float)
        y -= p.astype(y.dtype)  # 0 where the prediction is right
        print(f"Accuracy: {100 * np.mean(y == 0):.1f} %")
        return p

    result = failure(PUBLIC["predict"], predict)
    assert result.rung == "behaviour"
    assert result.message.startswith("predict changed its argument y in place; a graded function must leave its inputs as they were.")


@pytest.mark.parametrize("check_function", [public.check, hidden.check_hidden], ids=["public", "hidden"])
def test_the_check_cells_silence_predict_but_not_the_report(check_function, capsys):
    def predict(X, y, parameters):
        return BLOCKS["predict"](X, y, parameters)

    check_function(predict)
    out = capsys.readouterr().out
    assert "Accuracy" not in out and "predict: all checks passed" in out


def test_an_unwritten_predict_is_named_through_the_silencer(capsys):
    def predict(X, y, parameters):
        raise NotImplementedError()

    with pytest.raises(AssertionError):
        public.check(predict)
    assert "predict is not written yet" in capsys.readouterr().out


# ----------------------------------------------------------------------------- L_layer_model
def test_L_layer_model_starting_from_0_01():
    result = values_failure(PUBLIC["L_layer_model"], L_layer_with(scale=0.01))
    assert result.message.endswith(
        "These weights barely moved from a start of randn * 0.01: L_layer_model starts from "
        "initialize_parameters_deep(layers_dims), which divides randn by sqrt(n[l-1])."
    )


def test_L_layer_model_forgetting_the_update():
    result = values_failure(PUBLIC["L_layer_model"], L_layer_with(update=False))
    assert result.message.endswith(public.NO_UPDATE_HINT)


def test_L_layer_model_counting_iterations_from_1():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = network.initialize_parameters_deep(layers_dims)
        costs = []
        for i in range(1, num_iterations + 1):
            AL, caches = network.L_model_forward(X, parameters)
            cost = network.compute_cost(AL, Y)
            parameters = network.update_parameters(parameters, network.L_model_backward(AL, Y, caches), learning_rate)
            if i % 100 == 0:
                costs.append(cost)
        return parameters, costs

    result = values_failure(PUBLIC["L_layer_model"], L_layer_model, output="costs[0]")
    assert result.message.endswith(public.COST_AFTER_99_HINT)


def test_L_layer_model_recording_every_cost():
    result = failure(PUBLIC["L_layer_model"], L_layer_with(record=lambda i: True))
    assert result.rung == "type" and result.message == "costs should be a list of 3 values: got a list of 300 values."


def test_L_layer_model_rescaling_X_inside():
    """An in-place change of the data changes what is learned: the values rung sees it first."""

    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        X /= np.abs(X).max()
        return BLOCKS["L_layer_model"](X, Y, layers_dims, learning_rate, num_iterations)

    values_failure(PUBLIC["L_layer_model"], L_layer_model)


def test_L_layer_model_with_a_cost_summed_over_examples_in_a_loop():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = network.initialize_parameters_deep(layers_dims)
        costs = []
        for i in range(num_iterations):
            AL, caches = network.L_model_forward(X, parameters)
            if i % 100 == 0:
                total = 0.0
                for j in range(X.shape[1]):
                    total += -(Y[0, j] * np.log(AL[0, j]) + (1 - Y[0, j]) * np.log(1 - AL[0, j]))
                costs.append(float(total / X.shape[1]))
            parameters = network.update_parameters(parameters, network.L_model_backward(AL, Y, caches), learning_rate)
        return parameters, costs

    result = failure(PUBLIC["L_layer_model"], L_layer_model)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")
