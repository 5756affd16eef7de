"""dnn_utils.plots draws what it should, on the Agg backend, and rejects bad input clearly."""
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet

from dnn_utils.plots import (
    plot_accuracy_vs_size,
    plot_activations,
    plot_costs,
    plot_decision_boundary,
    plot_images,
    plot_mislabelled,
    plot_network,
)

matplotlib.use("Agg")  # no window, even when MPLBACKEND is not set

CLASSES = np.array([b"non-cat", b"cat"])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def blobs(m=40, seed=0):
    """X (2, m) with label 1 where x1 + x2 > 0, Y (1, m)."""
    X = np.random.RandomState(seed).randn(2, m)
    return X, (X.sum(axis=0, keepdims=True) > 0).astype(int)


def random_images(m=6, channels=3, seed=0):
    return np.random.RandomState(seed).randint(0, 256, size=(m, 8, 8, channels)).astype(np.uint8)


def image_count(axes):
    return sum(len(ax.get_images()) for ax in axes)


@pytest.mark.parametrize("as_row", [True, False])
def test_decision_boundary_draws_regions_and_points(as_row):
    X, Y = blobs()

    def predict(P):
        labels = (P.sum(axis=0) > 0).astype(float)
        return labels.reshape(1, -1) if as_row else labels

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot_decision_boundary(predict, X, Y, title="blobs", resolution=50)
    assert any(isinstance(c, ContourSet) for c in ax.collections), "no filled contour"
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == 1 and len(points[0].get_offsets()) == X.shape[1]
    assert ax.get_title() == "blobs"
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    assert x_lo < X[0].min() and x_hi > X[0].max() and y_lo < X[1].min() and y_hi > X[1].max()


def test_decision_boundary_uses_the_given_axes_and_handles_one_class():
    X, Y = blobs()
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        returned = plot_decision_boundary(lambda P: np.ones(P.shape[1]), X, Y, ax=ax, resolution=20)
    assert returned is ax and len(fig.axes) == 1


@pytest.mark.parametrize("X, Y, predict, pattern", [
    (np.zeros((3, 5)), np.zeros((1, 5)), None, r"X must be 2-D data of shape \(2, m\), got shape \(3, 5\)"),
    (np.zeros((5, 2)), np.zeros((1, 5)), None, r"pass X\.T"),
    (np.zeros((2, 5)), np.zeros((1, 4)), None, r"Y has shape \(1, 4\), expected \(1, 5\)"),
    (np.zeros((2, 5)), np.zeros((1, 5)), lambda P: np.zeros(3), r"predict returned shape \(3,\)"),
])
def test_decision_boundary_validation(X, Y, predict, pattern):
    with pytest.raises(ValueError, match=pattern):
        plot_decision_boundary(predict or (lambda P: np.zeros(P.shape[1])), X, Y, resolution=10)


def test_costs_single_run():
    ax = plot_costs([0.7, 0.5, 0.4, 0.35], every=100, title="lr = 0.0075")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200, 300])
    np.testing.assert_array_equal(line.get_ydata(), [0.7, 0.5, 0.4, 0.35])
    assert ax.get_legend() is None
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("iterations", "cost", "lr = 0.0075")


def test_costs_several_runs_from_a_dict():
    runs = {0.01: [0.7, 0.4], 0.001: [0.7, 0.6, 0.55], 0.0001: [0.7, 0.69]}
    ax = plot_costs(runs, every=10)
    assert len(ax.get_lines()) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0.01", "0.001", "0.0001"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [0, 10, 20])


def test_costs_several_runs_from_lists_with_labels():
    fig, ax = plt.subplots()
    returned = plot_costs([[1.0, 0.5], [1.0, 0.8]], ax=ax, labels=["a", "b"])
    assert returned is ax
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    ax = plot_costs([[1.0, 0.5], [1.0, 0.8]])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["run 1", "run 2"]


def test_costs_accept_numpy_scalars():
    ax = plot_costs([np.float64(0.7), np.array(0.6), 0.5])
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [0.7, 0.6, 0.5])


@pytest.mark.parametrize("costs, labels, pattern", [
    ([], None, "costs is empty"),
    ({"a": [1.0]}, ["x"], "leave labels=None"),
    ([[1.0], [2.0]], ["only one"], "labels has 1 names for 2 runs"),
])
def test_costs_validation(costs, labels, pattern):
    with pytest.raises(ValueError, match=pattern):
        plot_costs(costs, labels=labels)


def test_images_grid_titles_decoded_classes():
    labels = np.array([[0, 1, 1, 0, 1, 0]])
    axes = plot_images(random_images(), labels=labels, classes=CLASSES, ncols=4)
    assert len(axes) == 6 and image_count(axes) == 6
    assert len(axes[0].figure.axes) == 6, "unused grid cells should be removed"
    assert [ax.get_title() for ax in axes] == ["non-cat", "cat", "cat", "non-cat", "cat", "non-cat"]


def test_images_grayscale_and_float():
    images = random_images(m=3, channels=1) / 255.0
    axes = plot_images(images, labels=[2, 0, 1])
    assert [ax.get_title() for ax in axes] == ["2", "0", "1"]
    image = axes[0].get_images()[0]
    assert image.get_array().shape == (8, 8)
    assert image.get_cmap().name == "gray" and image.get_clim() == (0, 1)


def test_images_on_given_axes():
    fig, axes = plt.subplots(1, 3)
    returned = plot_images(random_images(m=2), axes=axes)
    assert list(returned) == list(axes[:2]) and image_count(axes) == 2


@pytest.mark.parametrize("images, kwargs, pattern", [
    (np.zeros((3, 8, 8)), {}, r"images\[\.\.\., None\]"),
    (np.zeros((3, 8, 8, 2)), {}, r"c = 3 \(RGB\) or 1 \(grayscale\)"),
    (np.zeros((192, 3)), {}, r"X\.T\.reshape"),
    (np.full((2, 8, 8, 3), 255.0), {}, r"float images in \[0, 1\] \(divide by 255\)"),
    (np.zeros((2, 8, 8, 3)), {"labels": [0, 1, 1]}, r"labels has shape \(3,\), expected \(1, 2\)"),
    (np.zeros((2, 8, 8, 3)), {"labels": [0, 2], "classes": CLASSES}, "label 2 has no name"),
    (np.zeros((2, 8, 8, 3)), {"classes": CLASSES}, "pass labels too"),
    (np.zeros((2, 8, 8, 3)), {"axes": [None]}, "axes has 1 Axes for 2 images"),
])
def test_images_validation(images, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        plot_images(images, **kwargs)


def test_mislabelled_shows_only_the_wrong_ones():
    Y = np.array([[0, 1, 0, 1, 1, 0]])
    predictions = np.array([[1.0, 1.0, 0.0, 0.0, 1.0, 0.0]])
    axes = plot_mislabelled(random_images(), Y, predictions, CLASSES)
    assert len(axes) == 2 and image_count(axes) == 2
    assert [ax.get_title() for ax in axes] == ["predicted: cat\ntrue: non-cat", "predicted: non-cat\ntrue: cat"]


def test_mislabelled_caps_the_count():
    Y = np.zeros((1, 6))
    axes = plot_mislabelled(random_images(), Y, 1 - Y, CLASSES, max_images=4)
    assert len(axes) == 4 and image_count(axes) == 4


def test_mislabelled_with_nothing_wrong_says_so():
    Y = np.array([[0, 1, 0, 1, 1, 0]])
    (ax,) = plot_mislabelled(random_images(), Y, Y.astype(float), CLASSES)
    assert image_count([ax]) == 0
    assert "No mislabelled images" in " ".join(t.get_text() for t in ax.texts)


def test_mislabelled_validation():
    with pytest.raises(ValueError, match=r"predictions has shape \(1, 5\), expected \(1, 6\)"):
        plot_mislabelled(random_images(), np.zeros((1, 6)), np.zeros((1, 5)), CLASSES)
    with pytest.raises(ValueError, match="max_images must be at least 1"):
        plot_mislabelled(random_images(), np.zeros((1, 6)), np.ones((1, 6)), CLASSES, max_images=0)


def test_activations_side_by_side():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        left, right = plot_activations()
    names = ["sigmoid", "tanh", "relu", "leaky_relu"]
    for ax in (left, right):
        assert [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")] == names
        assert [t.get_text() for t in ax.get_legend().get_texts()] == names
    z = left.get_lines()[0].get_xdata()
    sigmoid_derivative = right.get_lines()[0].get_ydata()
    assert sigmoid_derivative[np.argmin(np.abs(z))] == pytest.approx(0.25)


def test_accuracy_vs_size_one_line_per_model():
    sizes = [10, 100, 1000]
    ax = plot_accuracy_vs_size(sizes, {"logistic regression": [0.6, 0.7, 0.72], "2-layer": [0.55, 0.8, 0.9]})
    assert len(ax.get_lines()) == 2
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), sizes)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["logistic regression", "2-layer"]
    assert ax.get_xlabel() == "training-set size" and ax.get_ylabel() == "test accuracy"


def test_accuracy_vs_size_validation():
    with pytest.raises(ValueError, match=r"accuracies\['nn'\] has shape \(2,\), expected \(3,\)"):
        plot_accuracy_vs_size([10, 100, 1000], {"nn": [0.5, 0.6]})
    with pytest.raises(ValueError, match="must be a dict"):
        plot_accuracy_vs_size([10, 100], [0.5, 0.6])


def test_network_draws_every_unit_and_every_weight():
    ax = plot_network([4, 3, 1], labels=[["a", "b", "c", "d"], ["h1", "h2", "h3"], ["y"]], title="net")
    assert len(ax.get_lines()) == 4 * 3 + 3 * 1
    assert sum(len(c.get_offsets()) for c in ax.collections) == 4 + 3 + 1
    texts = {t.get_text() for t in ax.texts}
    assert {"a", "d", "h2", "y", "layer 0\n(input)", "layer 1\n(hidden)", "layer 2\n(output)"} <= texts
    assert ax.get_title() == "net"


def test_network_shows_weights_by_width_colour_and_dots_for_zeros():
    W1 = np.array([[1.0, 0.0], [-2.0, 0.5]])
    W2 = np.array([[4.0, 0.0]])
    ax = plot_network([2, 2, 1], weights=[W1, W2])
    lines = ax.get_lines()  # drawn layer by layer, unit j of the layer, then unit k of the layer before
    drawn = [W1[0, 0], W1[0, 1], W1[1, 0], W1[1, 1], W2[0, 0], W2[0, 1]]
    assert [line.get_linestyle() == ":" for line in lines] == [w == 0 for w in drawn]
    widths = {w: line.get_linewidth() for w, line in zip(drawn, lines) if w != 0}
    assert widths[0.5] < widths[1.0] < widths[-2.0] < widths[4.0]
    assert lines[2].get_color() != lines[0].get_color()  # negative and positive weights differ


@pytest.mark.parametrize("kwargs, pattern", [
    ({"layer_sizes": [3]}, "at least two positive ints"),
    ({"layer_sizes": [3, 0, 1]}, "at least two positive ints"),
    ({"layer_sizes": [2, 1], "labels": [["a", "b"]]}, "one list of names per layer"),
    ({"layer_sizes": [2, 1], "weights": [np.zeros((2, 1))]}, r"expected W1, ..., WL of shapes \[\(1, 2\)\]"),
])
def test_network_validation(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        plot_network(**kwargs)
