"""dnn_utils.network: shapes, gradients against finite differences, purity, seeding, training."""
import copy
import warnings

import numpy as np
import pytest

from dnn_utils.activations import sigmoid
from dnn_utils.network import (
    L_layer_model,
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    predict,
    update_parameters,
)

LAYER_DIMS = [4, 5, 3, 1]
H = 1e-6  # finite-difference step
GRAD_TOLERANCE = 1e-7  # relative error |analytic - numeric| / (|analytic| + |numeric|), float64
KINK_MARGIN = 1e-3  # every hidden Z is at least this far from relu's kink at 0


def random_network(seed=0, m=6):
    """A small network with non-zero biases, data X (4, m) and labels Y (1, m)."""
    rng = np.random.RandomState(seed)
    parameters = initialize_parameters_deep(LAYER_DIMS, seed=seed)
    parameters = {k: v + 0.1 * rng.randn(*v.shape) if k.startswith("b") else v for k, v in parameters.items()}
    X = rng.randn(LAYER_DIMS[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    return parameters, X, Y


def relative_error(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def centred_difference(f, x):
    """Gradient of the scalar function f at array x, entry by entry; x is not modified."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += H
        minus[index] -= H
        grad[index] = (f(plus) - f(minus)) / (2 * H)
    return grad


def test_initialize_parameters_deep_shapes():
    parameters = initialize_parameters_deep([5, 4, 3])
    assert sorted(parameters) == ["W1", "W2", "b1", "b2"]
    assert parameters["W1"].shape == (4, 5) and parameters["b1"].shape == (4, 1)
    assert parameters["W2"].shape == (3, 4) and parameters["b2"].shape == (3, 1)
    assert not parameters["b1"].any() and not parameters["b2"].any()


def test_initialize_parameters_deep_reproduces_the_global_seed_sequence():
    saved = np.random.get_state()
    try:
        np.random.seed(1)
        expected_W1 = np.random.randn(4, 5) / np.sqrt(5)
        expected_W2 = np.random.randn(3, 4) / np.sqrt(4)
        np.random.seed(123)
        state_before = np.random.get_state()
        parameters = initialize_parameters_deep([5, 4, 3], seed=1)
        state_after = np.random.get_state()
    finally:
        np.random.set_state(saved)
    np.testing.assert_array_equal(parameters["W1"], expected_W1)
    np.testing.assert_array_equal(parameters["W2"], expected_W2)
    assert state_before[1].tolist() == state_after[1].tolist() and state_before[2] == state_after[2], \
        "initialize_parameters_deep changed the global numpy RNG"


def test_initialize_parameters_deep_with_a_number_matches_the_course_values():
    # Week 4a's expected output for np.random.seed(3); np.random.randn(4, 5) * 0.01, first row.
    W1 = initialize_parameters_deep([5, 4, 3], seed=3, scale=0.01)["W1"]
    np.testing.assert_allclose(W1[0], [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388], atol=5e-9)


@pytest.mark.parametrize("layer_dims, scale", [([5], "xavier"), ([5, 0], "xavier"), ([5, 2.5], "xavier"),
                                               ([5, 3], "he"), ([5, 3], None)])
def test_initialize_parameters_deep_rejects_bad_arguments(layer_dims, scale):
    with pytest.raises(ValueError, match="layer_dims|scale"):
        initialize_parameters_deep(layer_dims, scale=scale)


def test_forward_blocks_shapes_and_caches():
    rng = np.random.RandomState(0)
    A_prev, W, b = rng.randn(4, 7), rng.randn(3, 4), rng.randn(3, 1)
    Z, linear_cache = linear_forward(A_prev, W, b)
    assert Z.shape == (3, 7)
    np.testing.assert_allclose(Z, W @ A_prev + b)
    assert all(x is y for x, y in zip(linear_cache, (A_prev, W, b)))
    for activation in ["sigmoid", "relu", "tanh", "leaky_relu"]:
        A, (cache_linear, cache_Z) = linear_activation_forward(A_prev, W, b, activation)
        assert A.shape == (3, 7) and cache_Z.shape == (3, 7)
        np.testing.assert_array_equal(cache_Z, Z)


def test_L_model_forward_shapes():
    parameters, X, _ = random_network(m=9)
    AL, caches = L_model_forward(X, parameters)
    assert AL.shape == (1, 9)
    assert len(caches) == len(LAYER_DIMS) - 1
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        assert A_prev.shape == (LAYER_DIMS[l - 1], 9) and Z.shape == (LAYER_DIMS[l], 9)
        assert W is parameters[f"W{l}"] and b is parameters[f"b{l}"]


def test_backward_blocks_shapes():
    rng = np.random.RandomState(1)
    A_prev, W, b = rng.randn(4, 7), rng.randn(3, 4), rng.randn(3, 1)
    dA_prev, dW, db = linear_backward(rng.randn(3, 7), (A_prev, W, b))
    assert (dA_prev.shape, dW.shape, db.shape) == ((4, 7), (3, 4), (3, 1))
    _, cache = linear_activation_forward(A_prev, W, b, "tanh")
    dA_prev, dW, db = linear_activation_backward(rng.randn(3, 7), cache, "tanh")
    assert (dA_prev.shape, dW.shape, db.shape) == ((4, 7), (3, 4), (3, 1))


def test_linear_backward_takes_the_gradient_of_each_examples_loss():
    """dZ is per example, as its docstring says and L_model_backward passes it: column i is the
    derivative of example i's loss. dW is then the gradient of the cost (the mean of the losses) and
    dA_prev stays per example, without 1/m."""
    rng = np.random.RandomState(2)
    A_prev, W, b = rng.randn(4, 7), rng.randn(3, 4), rng.randn(3, 1)
    C = rng.randn(3, 7)  # loss of example i: C[:, i] . z(i), so column i of dZ is C[:, i]
    dA_prev, dW, db = linear_backward(C, (A_prev, W, b))
    cost = lambda W_: np.mean(np.sum(C * (W_ @ A_prev + b), axis=0))  # noqa: E731
    assert relative_error(dW, centred_difference(cost, W)) < GRAD_TOLERANCE
    loss_0 = lambda a: np.sum(C[:, 0] * (W @ a + b[:, 0]))  # noqa: E731
    assert relative_error(dA_prev[:, 0], centred_difference(loss_0, A_prev[:, 0])) < GRAD_TOLERANCE
    for function in (linear_backward, linear_activation_backward):
        lines = [line.strip() for line in function.__doc__.splitlines()]
        for line in (line for line in lines if line.startswith(("dZ --", "dA --", "dA_prev --"))):
            assert "cost" not in line, f"{function.__name__}: {line}"


def test_L_model_backward_keys_and_shapes():
    parameters, X, Y = random_network()
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    L = len(LAYER_DIMS) - 1
    assert sorted(grads) == sorted([f"dA{l - 1}" for l in range(1, L + 1)] + [f"dW{l}" for l in range(1, L + 1)]
                                   + [f"db{l}" for l in range(1, L + 1)])
    for l in range(1, L + 1):
        assert grads[f"dW{l}"].shape == parameters[f"W{l}"].shape
        assert grads[f"db{l}"].shape == parameters[f"b{l}"].shape
        assert grads[f"dA{l - 1}"].shape == (LAYER_DIMS[l - 1], X.shape[1])


def test_L_model_backward_matches_centred_differences():
    parameters, X, Y = random_network()
    AL, caches = L_model_forward(X, parameters)
    hidden_Z = np.concatenate([Z.ravel() for _, Z in caches[:-1]])
    assert np.abs(hidden_Z).min() > KINK_MARGIN, "pick another seed: a hidden Z sits on relu's kink"
    grads = L_model_backward(AL, Y, caches)

    def cost_with(name, value):
        return compute_cost(L_model_forward(X, {**parameters, name: value})[0], Y)

    for name, value in parameters.items():
        numeric = centred_difference(lambda v: cost_with(name, v), value)
        error = relative_error(grads["d" + name], numeric)
        assert error < GRAD_TOLERANCE, f"d{name}: relative error {error:.1e} >= {GRAD_TOLERANCE:.0e}"
    # dA0 is not divided by m: it is m times the gradient of the mean cost with respect to X.
    numeric_dX = centred_difference(lambda x: compute_cost(L_model_forward(x, parameters)[0], Y), X)
    error = relative_error(grads["dA0"], X.shape[1] * numeric_dX)
    assert error < GRAD_TOLERANCE, f"dA0: relative error {error:.1e} >= {GRAD_TOLERANCE:.0e}"


def test_linear_activation_backward_matches_centred_differences():
    rng = np.random.RandomState(2)
    A_prev, W, b, dA = rng.randn(3, 5), rng.randn(2, 3), rng.randn(2, 1), rng.randn(2, 5)
    for activation in ["sigmoid", "tanh"]:
        _, cache = linear_activation_forward(A_prev, W, b, activation)
        _, dW, db = linear_activation_backward(dA, cache, activation)

        def loss(W_, b_):
            # mean over examples of sum(dA * A), whose gradient is what linear_activation_backward returns
            return np.sum(dA * linear_activation_forward(A_prev, W_, b_, activation)[0]) / A_prev.shape[1]

        assert relative_error(dW, centred_difference(lambda w: loss(w, b), W)) < GRAD_TOLERANCE
        assert relative_error(db, centred_difference(lambda v: loss(W, v), b)) < GRAD_TOLERANCE


def test_backward_blocks_without_the_input_gradient_skip_only_dA_prev():
    rng = np.random.RandomState(3)
    A_prev, W, b, dA = rng.randn(4, 7), rng.randn(3, 4), rng.randn(3, 1), rng.randn(3, 7)
    dA_prev, dW, db = linear_backward(dA, (A_prev, W, b))
    skipped = linear_backward(dA, (A_prev, W, b), input_gradient=False)
    assert dA_prev.shape == (4, 7) and skipped[0] is None
    np.testing.assert_array_equal(skipped[1], dW)
    np.testing.assert_array_equal(skipped[2], db)
    for activation in ["relu", "sigmoid"]:
        _, cache = linear_activation_forward(A_prev, W, b, activation)
        dA_prev, dW, db = linear_activation_backward(dA, cache, activation)
        skipped = linear_activation_backward(dA, cache, activation, input_gradient=False)
        assert dA_prev.shape == (4, 7) and skipped[0] is None
        np.testing.assert_array_equal(skipped[1], dW)
        np.testing.assert_array_equal(skipped[2], db)


@pytest.mark.parametrize("layer_dims", [[4, 1], [4, 3, 1], LAYER_DIMS])
def test_L_model_backward_without_the_input_gradient_gives_the_full_steps_gradients(layer_dims):
    rng = np.random.RandomState(4)
    parameters = initialize_parameters_deep(layer_dims, seed=4)
    X, Y = rng.randn(layer_dims[0], 6), (rng.rand(1, 6) > 0.5).astype(float)
    AL, caches = L_model_forward(X, parameters)
    full = L_model_backward(AL, Y, caches)
    skipped = L_model_backward(AL, Y, caches, input_gradient=False)
    assert full["dA0"].shape == X.shape, "the default keeps dA0, the gradient for X"
    assert list(skipped) == [name for name in full if name != "dA0"]
    for name, value in skipped.items():
        np.testing.assert_array_equal(value, full[name], err_msg=name)


def test_the_default_backward_pass_is_week_4as_graded_contract_dA0_included():
    """Week 4a grades an L_model_backward that returns dA0; the finished one still does by default."""
    from autograder import masters

    graded = masters.references("week4_deep_network_step_by_step")["L_model_backward"]
    parameters, X, Y = random_network()
    AL, caches = L_model_forward(X, parameters)
    expected = graded(AL, Y, caches)
    assert "dA0" in expected
    got = L_model_backward(AL, Y, caches)
    assert list(got) == list(expected)
    for name in expected:
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-12, err_msg=name)


def test_L_layer_model_does_not_compute_the_input_gradient(monkeypatch):
    from dnn_utils import network

    asked = []
    full_backward = network.L_model_backward

    def recording_backward(AL, Y, caches, input_gradient=True):
        asked.append(input_gradient)
        return full_backward(AL, Y, caches, input_gradient)

    monkeypatch.setattr(network, "L_model_backward", recording_backward)
    X, Y = separable_rings(m=20)
    network.L_layer_model(X, Y, [2, 3, 1], num_iterations=4)
    assert asked == [False] * 4


def test_compute_cost_value_and_type():
    cost = compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert type(cost) is float
    assert cost == pytest.approx(-(np.log(0.8) + np.log(0.9) + np.log(0.6)) / 3, rel=1e-12)


def test_saturated_output_gives_finite_cost_and_gradients_without_warnings():
    parameters = {"W1": np.array([[100.0, -100.0]]), "b1": np.zeros((1, 1))}
    X = np.array([[10.0, -10.0, 10.0], [0.0, 0.0, 0.0]])  # Z = 1000, -1000, 1000: AL exactly 1, 0, 1
    Y = np.array([[1.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AL, caches = L_model_forward(X, parameters)
        assert AL.tolist() == [[1.0, 0.0, 1.0]]
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
    assert np.isfinite(cost) and cost == pytest.approx(2 * -np.log(1e-12) / 3, rel=1e-6)
    # dZ = AL - Y = [0, -1, 1]: the wrong examples still push the weights.
    np.testing.assert_allclose(grads["dW1"], [[(0 * 10 - 1 * -10 + 1 * 10) / 3, 0.0]])
    assert all(np.isfinite(g).all() for g in grads.values())


def test_update_parameters_returns_new_arrays_and_leaves_inputs_alone():
    parameters, X, Y = random_network()
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    parameters_before, grads_before = copy.deepcopy(parameters), copy.deepcopy(grads)
    updated = update_parameters(parameters, grads, learning_rate=0.1)
    for name in parameters:
        np.testing.assert_array_equal(parameters[name], parameters_before[name])
        np.testing.assert_allclose(updated[name], parameters[name] - 0.1 * grads["d" + name])
        assert updated[name] is not parameters[name]
    for name in grads:
        np.testing.assert_array_equal(grads[name], grads_before[name])
    assert updated is not parameters


def test_update_parameters_names_a_flattened_db():
    parameters = initialize_parameters_deep([3, 2])
    grads = {"dW1": np.zeros((2, 3)), "db1": np.zeros(2)}
    with pytest.raises(ValueError, match=r"db1 has shape \(2,\), expected \(2, 1\).*keepdims"):
        update_parameters(parameters, grads, 0.1)


def separable_rings(m=200, seed=0):
    """Points inside radius 1 (label 1) or in a ring of radii 2..3 (label 0): X (2, m), Y (1, m)."""
    rng = np.random.RandomState(seed)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    radius = np.where(Y == 1, rng.uniform(0, 1, (1, m)), rng.uniform(2, 3, (1, m)))
    angle = rng.uniform(0, 2 * np.pi, (1, m))
    return np.vstack([radius * np.cos(angle), radius * np.sin(angle)]), Y


def test_L_layer_model_learns_a_separable_problem():
    X, Y = separable_rings()
    parameters, costs = L_layer_model(X, Y, [2, 8, 4, 1], learning_rate=0.1, num_iterations=1500, seed=1)
    assert len(costs) == 15 and all(type(c) is float for c in costs)
    assert costs[-1] < 0.5 * costs[0]
    assert all(later <= earlier for earlier, later in zip(costs, costs[1:])), f"costs went up: {costs}"
    assert np.mean(predict(X, parameters) == Y) >= 0.95


def test_L_layer_model_prints_recorded_costs(capsys):
    X, Y = separable_rings(m=20)
    _, costs = L_layer_model(X, Y, [2, 3, 1], num_iterations=201, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Cost after iteration {i}: {c}" for i, c in zip([0, 100, 200], costs)]


def test_L_layer_model_is_reproducible_and_pure():
    X, Y = separable_rings(m=30)
    X_before, Y_before = X.copy(), Y.copy()
    first = L_layer_model(X, Y, [2, 3, 1], num_iterations=50, seed=4)
    second = L_layer_model(X, Y, [2, 3, 1], num_iterations=50, seed=4)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    assert first[1] == second[1]
    for name in first[0]:
        np.testing.assert_array_equal(first[0][name], second[0][name])


def test_one_layer_model_is_logistic_regression():
    X, Y = separable_rings(m=40, seed=3)
    learning_rate, num_iterations = 0.05, 250
    parameters, costs = L_layer_model(X, Y, [2, 1], learning_rate=learning_rate, num_iterations=num_iterations)
    w, b = initialize_parameters_deep([2, 1])["W1"], 0.0
    expected_costs = []
    for i in range(num_iterations):
        A = 1 / (1 + np.exp(-(w @ X + b)))
        if i % 100 == 0:
            expected_costs.append(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
        w = w - learning_rate * (A - Y) @ X.T / X.shape[1]
        b = b - learning_rate * np.mean(A - Y)
    np.testing.assert_allclose(parameters["W1"], w, rtol=1e-12)
    np.testing.assert_allclose(parameters["b1"], [[b]], rtol=1e-12)
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    np.testing.assert_array_equal(predict(X, parameters), (sigmoid(w @ X + b) > 0.5).astype(float))


def test_predict_thresholds_strictly_above_one_half():
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1))}
    p = predict(np.array([[-1.0, 0.0, 1e-9, 2.0]]), parameters)
    assert p.shape == (1, 4) and p.dtype == float
    np.testing.assert_array_equal(p, [[0.0, 0.0, 1.0, 1.0]])


def test_predict_does_not_print(capsys):
    X, _ = separable_rings(m=10)
    predict(X, initialize_parameters_deep([2, 3, 1]))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("X, pattern", [
    (np.zeros((3, 10)), r"X has shape \(3, 10\), expected \(4, m\) because W1 has shape \(5, 4\)"),
    (np.zeros((10, 4)), r"X has shape \(10, 4\).*pass X\.T"),
    (np.zeros((10, 2, 2, 1)), r"X_orig\.reshape"),
])
def test_forward_shape_errors_say_how_to_fix(X, pattern):
    with pytest.raises(ValueError, match=pattern):
        L_model_forward(X, initialize_parameters_deep([4, 5, 1]))


def test_linear_forward_shape_errors():
    rng = np.random.RandomState(0)
    with pytest.raises(ValueError, match=r"b has shape \(3,\), expected \(3, 1\)"):
        linear_forward(rng.randn(4, 2), rng.randn(3, 4), rng.randn(3))
    with pytest.raises(ValueError, match=r"A has shape \(2, 4\).*did you mean A\.T"):
        linear_forward(rng.randn(2, 4), rng.randn(3, 4), rng.randn(3, 1))
    with pytest.raises(ValueError, match="2-D"):
        linear_forward(rng.randn(4), rng.randn(3, 4), rng.randn(3, 1))


def test_unknown_activation_names_the_allowed_ones():
    rng = np.random.RandomState(0)
    with pytest.raises(ValueError, match="'sigmoid', 'relu', 'tanh', 'leaky_relu'; got 'softmax'"):
        linear_activation_forward(rng.randn(4, 2), rng.randn(3, 4), rng.randn(3, 1), "softmax")


def test_label_shape_errors():
    X, Y = separable_rings(m=10)
    with pytest.raises(ValueError, match=r"Y has shape \(10,\), expected \(1, 10\).*Y\.reshape\(1, -1\)"):
        L_layer_model(X, Y.ravel(), [2, 1], num_iterations=1)
    with pytest.raises(ValueError, match=r"Y has shape \(1, 9\), expected \(1, 10\)"):
        compute_cost(np.full((1, 10), 0.5), Y[:, :9])
    with pytest.raises(ValueError, match="layers_dims must end with 1"):
        L_layer_model(X, Y, [2, 3], num_iterations=1)


def test_L_model_backward_rejects_mismatched_AL_and_caches():
    parameters, X, Y = random_network()
    AL, caches = L_model_forward(X, parameters)
    with pytest.raises(ValueError, match="same L_model_forward call"):
        L_model_backward(1 - AL, Y, caches)


def test_malformed_parameters_are_named():
    with pytest.raises(ValueError, match="W1, b1, ..., WL, bL"):
        L_model_forward(np.zeros((2, 3)), {"W1": np.zeros((1, 2)), "b2": np.zeros((1, 1))})


def test_initialize_parameters_reproduces_the_course_two_layer_sequence():
    from dnn_utils.network import initialize_parameters

    saved = np.random.get_state()
    try:
        np.random.seed(1)
        expected_W1 = np.random.randn(4, 5) * 0.01
        expected_W2 = np.random.randn(1, 4) * 0.01
        np.random.seed(123)
        state_before = np.random.get_state()
        parameters = initialize_parameters(5, 4, 1)
        state_after = np.random.get_state()
    finally:
        np.random.set_state(saved)
    assert sorted(parameters) == ["W1", "W2", "b1", "b2"]
    np.testing.assert_array_equal(parameters["W1"], expected_W1)
    np.testing.assert_array_equal(parameters["W2"], expected_W2)
    np.testing.assert_array_equal(parameters["b1"], np.zeros((4, 1)))
    np.testing.assert_array_equal(parameters["b2"], np.zeros((1, 1)))
    assert state_before[1].tolist() == state_after[1].tolist(), "initialize_parameters changed the global numpy RNG"


def test_initialize_parameters_rejects_a_size_of_zero():
    from dnn_utils.network import initialize_parameters

    with pytest.raises(ValueError, match="layer_dims"):
        initialize_parameters(5, 0, 1)
