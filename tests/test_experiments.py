"""dnn_utils.experiments: downsampling, learning curves, and sentences that follow the numbers."""
import numpy as np
import pytest

from dnn_utils import experiments
from dnn_utils.experiments import (
    accuracy_table,
    downsample,
    initial_activations,
    learning_curves,
    noise_level,
    summarise_curves,
)


def percent_correct(predictions, Y):
    return float(100 * np.mean(predictions == Y))


# ----------------------------------------------------------------------------- downsample
def test_downsample_averages_each_block_per_channel():
    images = np.arange(2 * 4 * 6 * 3, dtype=np.uint8).reshape(2, 4, 6, 3)
    smaller = downsample(images, 2)
    assert smaller.shape == (2, 2, 3, 3) and smaller.dtype == np.float64
    block = images[1, 2:4, 4:6, 2].astype(float)
    assert smaller[1, 1, 2, 2] == block.mean()
    np.testing.assert_array_equal(downsample(images, 1), images.astype(float))


def test_downsample_does_not_overflow_uint8():
    images = np.full((1, 2, 2, 1), 255, dtype=np.uint8)
    assert downsample(images, 2)[0, 0, 0, 0] == 255.0


@pytest.mark.parametrize("images, factor, pattern", [
    (np.zeros((4, 4, 3)), 2, r"shape \(m, h, w, c\)"),
    (np.zeros((1, 6, 6, 1)), 4, "cannot be cut into 4x4 blocks"),
    (np.zeros((1, 4, 4, 1)), 0, "positive int"),
    (np.zeros((1, 4, 4, 1)), 2.0, "positive int"),
])
def test_downsample_validation(images, factor, pattern):
    with pytest.raises(ValueError, match=pattern):
        downsample(images, factor)


# ----------------------------------------------------------------------------- learning_curves
def separable(m, seed):
    """X (3, m) and labels 1 where x1 + x2 > 0: a problem logistic regression solves."""
    X = np.random.default_rng(seed).standard_normal((3, m))
    return X, (X[0:1] + X[1:2] > 0).astype(float)


def test_learning_curves_train_on_the_first_k_and_score_on_the_whole_test_set(monkeypatch):
    X_train, Y_train = separable(40, 0)
    X_test, Y_test = separable(25, 1)
    trained_on, scored = [], []
    real_model = experiments.network.L_layer_model

    def recording_model(X, Y, layers_dims, **kwargs):
        trained_on.append((X.shape[1], list(layers_dims), kwargs))
        np.testing.assert_array_equal(X, X_train[:, :X.shape[1]])
        return real_model(X, Y, layers_dims, **kwargs)

    def score(predictions, Y):
        scored.append((predictions.shape, Y is Y_test))
        return 50.0

    monkeypatch.setattr(experiments.network, "L_layer_model", recording_model)
    curves = learning_curves(X_train, Y_train, X_test, Y_test, {"lr": [], "nn": [5]}, [10, 40], score,
                             learning_rate=0.1, num_iterations=3, seed=4)
    assert curves == {"lr": [50.0, 50.0], "nn": [50.0, 50.0]}
    assert [(k, dims) for k, dims, _ in trained_on] == [(10, [3, 1]), (40, [3, 1]), (10, [3, 5, 1]), (40, [3, 5, 1])]
    assert all(kwargs == {"learning_rate": 0.1, "num_iterations": 3, "seed": 4} for _, _, kwargs in trained_on)
    assert scored == [((1, 25), True)] * 4


def test_learning_curves_measure_real_accuracy():
    X_train, Y_train = separable(200, 0)
    X_test, Y_test = separable(100, 1)
    curves = learning_curves(X_train, Y_train, X_test, Y_test, {"logistic regression": []}, [200], percent_correct,
                             learning_rate=1.0, num_iterations=300)
    assert curves["logistic regression"][0] >= 95
    again = learning_curves(X_train, Y_train, X_test, Y_test, {"logistic regression": []}, [200], percent_correct,
                            learning_rate=1.0, num_iterations=300)
    assert again == curves


@pytest.mark.parametrize("sizes, pattern", [
    ([10, 50], "ints from 1 to m_train = 40"),
    ([0, 10], "ints from 1 to m_train = 40"),
    ([10.0, 20], "ints from 1 to m_train = 40"),
    ([20, 10], "must increase"),
    ([], "ints from 1"),
])
def test_learning_curves_validate_the_sizes(sizes, pattern):
    X, Y = separable(40, 0)
    with pytest.raises(ValueError, match=pattern):
        learning_curves(X, Y, X, Y, {"lr": []}, sizes, percent_correct, learning_rate=0.1, num_iterations=1)


# ----------------------------------------------------------------------------- text
def test_accuracy_table():
    table = accuracy_table([10, 100], {"lr": [50.0, 62.5], "bigger net": [49.75, 80.0]})
    assert table.split("\n") == [
        "training examples      10     100",
        "lr                  50.0%   62.5%",
        "bigger net          49.8%   80.0%",
    ]


def test_noise_level_is_two_standard_errors_at_one_half():
    assert noise_level(100) == pytest.approx(10.0)
    assert noise_level(1000) == pytest.approx(2 * 100 * np.sqrt(0.25 / 1000))


def test_summary_of_curves_that_separate():
    """Small data: a tie; large data: the network clearly ahead, logistic regression behind."""
    text = summarise_curves([10, 100, 1000], {"lr": [50.0, 70.0, 72.0], "net": [52.0, 75.0, 95.0]}, m_test=100)
    assert text.split("\n") == [
        "From 10 to 1000 training examples:",
        "  lr    50.0 % ->  72.0 %  (+22.0 points)",
        "  net   52.0 % ->  95.0 %  (+43.0 points)",
        "Largest gain from 10 to 1000 examples: net (+43.0 points).",
        "Noise level: on 100 test examples, gaps under 10.0 points (two standard errors at 50 %) can come "
        "from the choice of test examples alone.",
        "With 10 examples the models span 50.0 to 52.0 %, a gap of 2.0 points: within the noise level, so no "
        "order between them can be trusted.",
        "With 1000 examples the models span 72.0 to 95.0 %, a gap of 23.0 points, more than the noise level. "
        "Within the noise level of the best (95.0 %): net; further behind: lr.",
        "0 of 1 pair of models swap order between 10 and 1000 examples.",
        "Last step, 100 -> 1000 examples: lr +2.0, net +20.0 points; rising by more than the noise level: net.",
    ]


def test_summary_of_curves_that_cross_and_fall():
    accuracies = {"a": [80.0, 60.0, 60.5], "b": [70.0, 75.0, 75.5], "c": [60.0, 71.0, 60.5]}
    lines = summarise_curves([5, 50, 500], accuracies, m_test=10_000).split("\n")
    assert lines[4] == "Largest gain from 5 to 500 examples: b (+5.5 points)."
    assert lines[6].endswith("Within the noise level of the best (80.0 %): a; further behind: b, c.")
    assert lines[7].endswith("Within the noise level of the best (75.5 %): b; further behind: a, c.")
    assert lines[8] == "1 of 3 pairs of models swap order between 5 and 500 examples: a and b."
    assert lines[9] == (
        "Last step, 50 -> 500 examples: a +0.5, b +0.5, c -10.5 points; "
        "falling by more than the noise level: c."
    )


def test_summary_of_flat_curves():
    lines = summarise_curves([100, 200], {"a": [80.0, 80.5], "b": [81.0, 80.0]}, m_test=400).split("\n")
    assert lines[-1] == (
        "Last step, 100 -> 200 examples: a +0.5, b -1.0 points: no model moves by more than the noise level, "
        "so at this scale every curve looks flat."
    )
    assert lines[-2] == "1 of 1 pair of models swap order between 100 and 200 examples: a and b."


def test_summary_names_every_model_tied_for_the_largest_gain():
    lines = summarise_curves([1, 2], {"a": [50.0, 60.0], "b": [40.0, 50.0]}, m_test=100).split("\n")
    assert lines[3] == "Largest gain from 1 to 2 examples: a and b (+10.0 points)."


@pytest.mark.parametrize("sizes, accuracies, pattern", [
    ([10, 100], {"a": [50.0]}, r"accuracies\['a'\] has 1 values for 2 sizes"),
    ([10], {"a": [50.0]}, "at least two training-set sizes"),
    ([10, 100], {}, "accuracies is empty"),
])
def test_summary_validation(sizes, accuracies, pattern):
    with pytest.raises(ValueError, match=pattern):
        summarise_curves(sizes, accuracies, m_test=100)


# ----------------------------------------------------------------------------- initial_activations
def rms(A):
    return float(np.sqrt(np.mean(A ** 2)))


def standard_input(n_x=400, m=300, seed=0):
    return np.random.default_rng(seed).standard_normal((n_x, m))


def test_initial_activations_are_the_forward_pass_of_the_drawn_weights():
    from dnn_utils.network import initialize_parameters_deep

    X = standard_input(6, 5)
    dims = [6, 4, 3]
    for fan_in, scale in ((True, 0.5), (False, 0.5)):
        weights = initialize_parameters_deep(dims, seed=2, scale="xavier" if fan_in else scale)
        W1 = weights["W1"] * (scale if fan_in else 1)
        W2 = weights["W2"] * (scale if fan_in else 1)
        A1, A2 = initial_activations(X, dims, scale, "tanh", fan_in=fan_in, seed=2)
        np.testing.assert_allclose(A1, np.tanh(W1 @ X))
        np.testing.assert_allclose(A2, np.tanh(W2 @ A1))
    A1, A2 = initial_activations(X, dims, 1.0, "relu", seed=2)
    assert A1.shape == (4, 5) and A2.shape == (3, 5) and A1.min() == 0 and A2.min() == 0


def test_initial_activations_are_the_same_at_every_call_and_leave_the_global_rng_alone():
    X = standard_input(20, 10)
    state = np.random.get_state()[1].copy()
    first = initial_activations(X, [20, 8, 8], 1.0)
    again = initial_activations(X, [20, 8, 8], 1.0)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_fixed_scale_0_01_shrinks_the_signal_by_about_0_01_sqrt_n_over_sqrt_2_per_relu_layer():
    X = standard_input()
    sizes = [rms(A) for A in initial_activations(X, [400, 400, 400, 400], 0.01, fan_in=False)]
    # z = W a has rms 0.01 sqrt(n) rms(a) = 0.2 rms(a); the ReLU keeps half the mean square
    for before, after in zip(sizes, sizes[1:]):
        assert after / before == pytest.approx(0.2 / np.sqrt(2), rel=0.1)


def test_fan_in_keeps_relu_layers_at_one_size_with_he_scale_and_shrinks_them_by_sqrt_2_with_scale_1():
    X = standard_input()
    dims = [400, 400, 400, 400, 400]
    he = [rms(A) for A in initial_activations(X, dims, np.sqrt(2))]
    plain = [rms(A) for A in initial_activations(X, dims, 1.0)]
    assert max(he) / min(he) < 1.2
    for before, after in zip(plain, plain[1:]):
        assert before / after == pytest.approx(np.sqrt(2), rel=0.1)


def test_tanh_saturates_with_large_weights_and_fades_with_small_ones():
    X = standard_input()
    dims = [400, 200, 200, 200]
    large = initial_activations(X, dims, 1.0, "tanh", fan_in=False)[-1]
    assert np.mean(np.abs(large) > 0.99) > 0.8
    small = [rms(X)] + [rms(A) for A in initial_activations(X, dims, 0.01, "tanh", fan_in=False)]
    for n, before, after in zip(dims, small, small[1:]):  # near 0 tanh is the identity: only W scales the size
        assert after / before == pytest.approx(0.01 * np.sqrt(n), rel=0.1)


@pytest.mark.parametrize("args, pattern", [
    ((standard_input(5, 3), [5, 4], 1.0, "sigmoid"), "activation must be one of 'relu', 'tanh'"),
    ((standard_input(5, 3), [5, 4], 0.0), "scale must be a positive number"),
    ((standard_input(5, 3), [5, 4], "he"), "scale must be a positive number"),
    ((standard_input(5, 3), [3, 4], 1.0), r"X has shape \(5, 3\), expected \(3, m\)"),
    ((np.ones(5), [5, 4], 1.0), r"X has shape \(5,\), expected \(5, m\)"),
])
def test_initial_activations_validation(args, pattern):
    with pytest.raises(ValueError, match=pattern):
        initial_activations(*args)
