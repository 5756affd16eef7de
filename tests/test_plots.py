"""dnn_utils.plots draws what it should, on the Agg backend, and rejects bad input clearly; the masters
use the concept figures where they explain."""
import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Annotation
from notebook_tools import REPO

from dnn_utils import plots
from dnn_utils.plots import (
    plot_accuracy_vs_size,
    plot_activations,
    plot_block_chain,
    plot_broadcasting,
    plot_computation_graph,
    plot_costs,
    plot_decision_boundary,
    plot_deep_network,
    plot_gradient_descent,
    plot_images,
    plot_layer_blocks,
    plot_logistic_unit,
    plot_mislabelled,
    plot_network,
    plot_one_hidden_layer,
    plot_scale_beside,
    plot_scale_sketch,
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


# --- concept figures: network diagrams, computation graph, blocks, gradient descent, scale, broadcasting ---

def texts(ax):
    """The non-empty texts drawn on ax (labels, boxes' contents; not the empty texts of arrows)."""
    return [t.get_text() for t in ax.texts if t.get_text()]


def render(ax, tmp_path):
    """Save ax's figure as a PNG; assert every text and title lies inside the figure and no two overlap."""
    fig = ax.figure
    path = tmp_path / "figure.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    renderer = fig.canvas.get_renderer()
    drawn = [t for a in fig.axes for t in [a.title, *a.texts] if t.get_text()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawn]
    for text, box in boxes:
        assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, f"{text!r} is cut off at the side"
        assert fig.bbox.y0 - 1 <= box.y0 and box.y1 <= fig.bbox.y1 + 1, f"{text!r} is cut off at the top or bottom"
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"
    return path


def test_logistic_unit_names_inputs_weights_and_shapes(tmp_path):
    ax = plot_logistic_unit(784)
    drawn = texts(ax)
    assert {"$x_{1}$", "$x_{2}$", "$x_{784}$", "$w_{1}$", "$w_{784}$", r"$\vdots$"} <= set(drawn)
    assert {"$z = w^T x + b$", r"$a = \sigma(z)$", r"$\hat{y} = a$"} <= set(drawn)
    shapes = " ".join(drawn)
    assert "$(n_x, 1) = (784, 1)$" in shapes and "$(n_x, m) = (784, m)$" in shapes
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3, "x1, x2 and x784 drawn, the rest as dots"
    render(ax, tmp_path)


def test_logistic_unit_draws_every_input_when_few():
    drawn = texts(plot_logistic_unit(3))
    assert {"$x_{1}$", "$x_{2}$", "$x_{3}$", "$w_{3}$"} <= set(drawn) and r"$\vdots$" not in drawn


def shapes_of(dims):
    """The W[l], b[l] labels a layered diagram of dims must show, computed from dims."""
    return {f"$W^{{[{l}]}}$ ({dims[l]}, {dims[l - 1]})\n$b^{{[{l}]}}$ ({dims[l]}, 1)" for l in range(1, len(dims))}


def test_one_hidden_layer_has_shapes_units_and_edges(tmp_path):
    ax = plot_one_hidden_layer(2, 4, 1, title="flower")
    drawn = set(texts(ax))
    assert shapes_of([2, 4, 1]) <= drawn
    assert {"$x_{1}$", "$x_{2}$", "$a^{[1]}_{4}$", r"$\hat{y}$", "layer 1 (hidden)\n$n^{[1]} = 4$\ntanh"} <= drawn
    assert any(r"\tanh(W^{[1]} x + b^{[1]})" in t for t in drawn)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 2 + 4 + 1
    assert len(ax.get_lines()) == 2 * 4 + 4 * 1
    render(ax, tmp_path)


@pytest.mark.parametrize("dims", [[12288, 20, 7, 5, 1], [12288, 20, 7, 5, 3, 1], [784, 1], [3, 2, 2]])
def test_deep_network_shapes_come_from_layer_dims(dims, tmp_path):
    ax = plot_deep_network(dims)
    drawn = set(texts(ax))
    assert shapes_of(dims) <= drawn
    L = len(dims) - 1
    assert {f"layer {l} (hidden)\n$n^{{[{l}]}} = {dims[l]}$\nReLU" for l in range(1, L)} <= drawn
    assert f"layer {L} (output)\n$n^{{[{L}]}} = {dims[L]}$\nsigmoid" in drawn
    shown = [n if n <= 5 else 4 for n in dims]  # a layer of more than 5 units: 3 first, dots, the last
    assert sum(len(c.get_offsets()) for c in ax.collections) == sum(shown)
    assert sum(t.get_text() == r"$\vdots$" for t in ax.texts) == sum(n > 5 for n in dims)
    assert f"$x_{{{dims[0]}}}$" in drawn
    render(ax, tmp_path)


@pytest.mark.parametrize("call", [
    lambda: plot_deep_network([12288]),
    lambda: plot_deep_network([4, 0, 1]),
    lambda: plot_deep_network([4.0, 2, 1]),
    lambda: plot_one_hidden_layer(2, 0),
    lambda: plot_logistic_unit(0),
])
def test_diagrams_reject_bad_sizes(call):
    with pytest.raises(ValueError, match="positive int"):
        call()


def test_diagrams_need_room_for_first_units_dots_and_last():
    with pytest.raises(ValueError, match="max_units must be an int >= 3"):
        plot_deep_network([12288, 20, 1], max_units=2)


def number_after(drawn, prefix):
    """The number ending the one text that starts with prefix and ends with a number,
    e.g. -0.426 in '$dw_1 = x_1\\,dz = -0.426$'."""
    numbers = []
    for text in (t for t in drawn if t.startswith(prefix)):
        try:
            numbers.append(float(text.rstrip("$").split("= ")[-1]))
        except ValueError:  # a formula such as '$z = w_1 x_1 + w_2 x_2 + b$'
            pass
    (number,) = numbers
    return number


@pytest.mark.parametrize("w1, w2, b, x1, x2, y", [(0.5, -0.3, 0.4, 1.0, 2.0, 1), (2.0, 1.0, -1.0, 0.5, -1.5, 0)])
def test_computation_graph_values_and_derivatives_are_computed(w1, w2, b, x1, x2, y, tmp_path):
    def loss(w1, w2, b):  # an independent reference: the loss by its definition
        a = 1 / (1 + np.exp(-(w1 * x1 + w2 * x2 + b)))
        return -(y * np.log(a) + (1 - y) * np.log(1 - a))

    eps = 1e-6
    numeric = {
        "$dw_1": (loss(w1 + eps, w2, b) - loss(w1 - eps, w2, b)) / (2 * eps),
        "$dw_2": (loss(w1, w2 + eps, b) - loss(w1, w2 - eps, b)) / (2 * eps),
        "$db": (loss(w1, w2, b + eps) - loss(w1, w2, b - eps)) / (2 * eps),
    }
    ax = plot_computation_graph(w1, w2, b, x1, x2, y)
    drawn = texts(ax)
    for prefix, want in numeric.items():
        assert number_after(drawn, prefix) == pytest.approx(want, abs=6e-4), prefix  # drawn with 3 decimals
    z = w1 * x1 + w2 * x2 + b
    a = 1 / (1 + np.exp(-z))
    assert number_after(drawn, "$z =") == pytest.approx(z, abs=6e-4)
    assert number_after(drawn, "$a =") == pytest.approx(a, abs=6e-4)
    assert number_after(drawn, r"$\mathcal{L} =") == pytest.approx(loss(w1, w2, b), abs=6e-4)
    assert number_after([t.replace("\n", " ") for t in drawn], "$dz") == pytest.approx(a - y, abs=6e-4)
    assert f"$y = {y}$" in drawn and f"$w_1 = {w1:.3g}$" in drawn
    render(ax, tmp_path)


def test_computation_graph_rejects_a_label_other_than_0_or_1():
    with pytest.raises(ValueError, match="0 or 1"):
        plot_computation_graph(y=0.5)


@pytest.mark.parametrize("l, prev", [("l", "l-1"), (2, "1")])
def test_layer_blocks_show_the_cache_between_forward_and_backward(l, prev, tmp_path):
    ax = plot_layer_blocks(l)
    drawn = texts(ax)
    A_prev, W, b, Z = f"A^{{[{prev}]}}", f"W^{{[{l}]}}", f"b^{{[{l}]}}", f"Z^{{[{l}]}}"
    (cache,) = [t for t in drawn if t.startswith("cache")]
    assert f"({A_prev}, {W}, {b})" in cache and f"${Z}$" in cache
    (forward,) = [t for t in drawn if t.startswith("forward")]
    assert f"{Z} = {W} {A_prev} + {b}" in forward
    (backward,) = [t for t in drawn if t.startswith("backward")]
    assert f"d{A_prev} = {{{W}}}^T d{Z}" in backward and f"d{W} = d{Z}" in backward
    assert {f"${A_prev}$", f"$A^{{[{l}]}}$", f"$d{A_prev}$", f"$dA^{{[{l}]}}$"} <= set(drawn)
    assert sum(isinstance(p, FancyBboxPatch) for p in ax.patches) == 3
    render(ax, tmp_path)


def test_layer_blocks_validation():
    with pytest.raises(ValueError, match="layer number >= 1"):
        plot_layer_blocks(0)


@pytest.mark.parametrize("L", [1, 3, 5])
def test_block_chain_has_a_forward_and_a_backward_block_per_layer(L, tmp_path):
    ax = plot_block_chain(L)
    drawn = set(texts(ax))
    assert {f"caches[{l - 1}]" for l in range(1, L + 1)} <= drawn
    assert {f"$dW^{{[{l}]}}, db^{{[{l}]}}$" for l in range(1, L + 1)} <= drawn
    assert {f"layer {l}\nReLU" for l in range(1, L)} | {f"layer {L}\nsigmoid", f"layer {L}\nsigmoid backward"} <= drawn
    assert {f"$A^{{[{l}]}}$" for l in range(1, L)} <= drawn and {f"$dA^{{[{l}]}}$" for l in range(1, L + 1)} <= drawn
    assert sum(isinstance(p, FancyBboxPatch) for p in ax.patches) == 2 * L + 1  # and the loss
    render(ax, tmp_path)


@pytest.mark.parametrize("L", [0, 7, 2.0])
def test_block_chain_validation(L):
    with pytest.raises(ValueError, match="L must be an int from 1 to 6"):
        plot_block_chain(L)


def test_gradient_descent_draws_the_computed_iterates(tmp_path):
    ax = plot_gradient_descent(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), w0=0.0, learning_rate=0.1, num_steps=5)
    (points,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    w = points.get_offsets()[:, 0]
    np.testing.assert_allclose(w, 3 - 3 * 0.8 ** np.arange(6))  # each step keeps 80 % of the distance to 3
    np.testing.assert_allclose(points.get_offsets()[:, 1], (w - 3) ** 2)
    assert sum(isinstance(t, Annotation) and t.arrow_patch is not None for t in ax.texts) == 5
    assert ax.get_title() == f"learning rate 0.1\nJ from 9.000 to {(3 * 0.8 ** 5) ** 2:.3f} in 5 steps"
    (curve,) = ax.get_lines()
    assert curve.get_xdata().min() < 0 and curve.get_xdata().max() > w.max()
    render(ax, tmp_path)


def test_gradient_descent_three_rates_side_by_side_stay_readable(tmp_path):
    _, axes = plt.subplots(1, 3, figsize=(15, 4), sharey=True)  # as week 2's notebook draws them
    for ax, rate in zip(axes, [0.3, 1.5, 4.0]):
        plot_gradient_descent(lambda w: (w - 1) ** 2, lambda w: 2 * (w - 1), w0=2.5, learning_rate=rate / 4, ax=ax)
    render(axes[0], tmp_path)


def test_gradient_descent_overshoots_with_a_large_rate():
    ax = plot_gradient_descent(lambda w: w ** 2, lambda w: 2 * w, w0=1.0, learning_rate=0.9, num_steps=4)
    w = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()[:, 0]
    np.testing.assert_allclose(w, (-0.8) ** np.arange(5))  # it jumps across the minimum every step


@pytest.mark.parametrize("kwargs, pattern", [
    ({"learning_rate": 0.0}, "learning_rate must be positive"),
    ({"num_steps": 0}, "num_steps must be a positive int"),
    ({"learning_rate": 10.0, "num_steps": 400}, "diverged .* try a smaller learning_rate"),
])
def test_gradient_descent_validation(kwargs, pattern):
    args = {"J": lambda w: w * w, "dJ": lambda w: 2 * w, "w0": 1.0, "learning_rate": 0.1, **kwargs}
    with pytest.raises(ValueError, match=pattern):
        plot_gradient_descent(**args)


def test_scale_sketch_is_labelled_as_a_sketch(tmp_path):
    ax = plot_scale_sketch()
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["logistic regression", "small network", "medium network", "large network"]
    assert "sketch, not a measurement" in ax.get_title() and "SKETCH" in texts(ax)
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []  # no numbers: nothing here was measured
    plateaus = [line.get_ydata()[-1] for line in ax.get_lines()]
    assert plateaus == sorted(plateaus), "larger models level off higher"
    starts = [line.get_ydata()[5] for line in ax.get_lines()]
    assert starts == sorted(starts, reverse=True), "with little data the order is reversed"
    render(ax, tmp_path)


def test_scale_beside_measured_curves(tmp_path):
    sizes = [13, 26, 52, 104, 209]
    measured = {"logistic regression": [50, 52, 56, 58, 60], "4 hidden units": [48, 60, 74, 86, 92]}
    sketch, right = plot_scale_beside(sizes, measured, title="discs")
    assert sketch.figure is right.figure
    assert "sketch" in sketch.get_title() and right.get_title() == "discs"
    np.testing.assert_array_equal(right.get_lines()[1].get_ydata(), measured["4 hidden units"])
    assert right.get_xscale() == "log" and [t.get_text() for t in right.get_xticklabels()] == [str(k) for k in sizes]
    render(right, tmp_path)


@pytest.mark.parametrize("B, op, faded, label", [
    (np.array([[100.0, 200.0, 300.0]]), "+", 3, "B (1, 3), stretched to (2, 3)"),
    (np.array([[10.0], [20.0]]), "-", 4, "B (2, 1), stretched to (2, 3)"),
    (2, "*", 5, "B (a number), stretched to (2, 3)"),
    (np.full((2, 3), 4.0), "/", 0, "B (2, 3)"),
])
def test_broadcasting_shows_the_stretched_copies_and_the_result(B, op, faded, label, tmp_path):
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    ax = plot_broadcasting(A, B, op)
    result = {"+": A + B, "-": A - B, "*": A * B, "/": A / B}[op]
    numbers = [t.get_text() for t in ax.texts if t.get_position()[0] > 2 * 3 + 2 * 1.2]  # the result's cells
    assert numbers[:-1] == [f"{v:.4g}" for v in result.ravel()] and numbers[-1] == "result (2, 3)"
    assert sum(p.get_linestyle() == "--" for p in ax.patches) == faded
    assert {label, "A (2, 3)", op, "="} <= set(texts(ax))
    render(ax, tmp_path)


@pytest.mark.parametrize("A, B, op, pattern", [
    (np.zeros((2, 3)), np.zeros((1, 2)), "+", r"got A \(2, 3\) and B \(1, 2\)"),
    (np.zeros((2, 3)), np.zeros((3, 1)), "+", r"got A \(2, 3\) and B \(3, 1\)"),
    (np.zeros(3), np.zeros((1, 3)), "+", "A must be 2-D"),
    (np.zeros((2, 3)), 1.0, "@", "op must be one of"),
])
def test_broadcasting_validation(A, B, op, pattern):
    with pytest.raises(ValueError, match=pattern):
        plot_broadcasting(A, B, op)


# Where each concept figure explains something; every master also has at least two figures in all.
CONCEPT_FIGURES = {
    "week1/01_what_is_a_neural_network": {"plot_neuron", "plot_scale_sketch", "plot_scale_beside"},
    "week2/01_numpy_basics": {"plot_broadcasting"},
    "week2/02_logistic_regression": {"plot_logistic_unit", "plot_computation_graph", "plot_gradient_descent"},
    "week3/01_planar_data_classification": {"plot_one_hidden_layer"},
    "week4/01_deep_network_step_by_step": {"plot_deep_network", "plot_layer_blocks", "plot_block_chain"},
    "week4/02_deep_network_application": {"plot_deep_network", "plot_layer_histograms"},
}
DRAWS = re.compile(r"\b(plot_\w+|plt\.subplots|plt\.figure)\(")


@pytest.mark.parametrize("master", sorted(CONCEPT_FIGURES))
def test_masters_use_their_concept_figures(master):
    nb = nbformat.read(REPO / "autograder" / "source" / f"{master}.ipynb", as_version=4)
    figure_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and DRAWS.search(c.source)]
    assert len(figure_cells) >= 2, f"{master} draws {len(figure_cells)} figures, at least 2 wanted"
    for name in CONCEPT_FIGURES[master]:
        (at, *_) = [i for i in figure_cells if re.search(rf"\b{name}\(", nb.cells[i].source)] or [None]
        assert at is not None, f"{master} does not call {name}"
        assert nb.cells[at - 1].cell_type == "markdown", f"{name} in {master} has no sentence above it"


@pytest.mark.parametrize("a, b, c", [(5.0, 3.0, 2.0), (-1.0, 0.5, -4.0)])
def test_chain_rule_graph_values_and_derivatives_are_computed(a, b, c, tmp_path):
    from dnn_utils.plots import plot_chain_rule_graph

    def J(a, b, c):  # an independent reference: J by its definition
        return 3 * (a + b * c)

    eps = 1e-6
    numeric = {
        "$da": (J(a + eps, b, c) - J(a - eps, b, c)) / (2 * eps),
        "$db": (J(a, b + eps, c) - J(a, b - eps, c)) / (2 * eps),
        "$dc": (J(a, b, c + eps) - J(a, b, c - eps)) / (2 * eps),
        "$du": (J(a + eps, b, c) - J(a - eps, b, c)) / (2 * eps),  # u enters J as a does, through v = a + u
        "$dv": 3.0,
        "$u =": b * c,
        "$v =": a + b * c,
        "$J =": J(a, b, c),
    }
    ax = plot_chain_rule_graph(a, b, c)
    drawn = [t.replace("\n", " ") for t in texts(ax)]
    for prefix, want in numeric.items():
        assert number_after(drawn, prefix) == pytest.approx(want, rel=5e-3), prefix  # drawn to 3 digits
    assert {f"$a = {a:.3g}$", f"$b = {b:.3g}$", f"$c = {c:.3g}$", "$u = bc$", "$v = a + u$", "$J = 3v$"} <= set(drawn)
    assert r"$db = du \cdot c" in " ".join(drawn) and r"$dc = du \cdot b" in " ".join(drawn)  # the chain rule's products
    render(ax, tmp_path)


def test_neuron_puts_each_weight_on_its_own_input_line(tmp_path):
    from dnn_utils.plots import plot_neuron

    inputs, weights = ["size", "bedrooms", "postcode"], ["W1[j, 0]", 0.5, -2]
    ax = plot_neuron(inputs, weights, "b1[j, 0]", activation="ReLU", output="$a_j$", z="z1", title="hidden unit j")
    drawn = texts(ax)
    assert {*inputs, "W1[j, 0]", "0.5", "-2", "+ b1[j, 0]", "ReLU", "$a_j$", r"$\Sigma$", "z1"} <= set(drawn)
    lines = ax.get_lines()
    assert len(lines) == len(inputs), "one line per input"
    assert len({tuple(line.get_xydata()[-1]) for line in lines}) == 1, "every input's line ends at the sum"
    for line, label in zip(lines, ["W1[j, 0]", "0.5", "-2"]):  # the weight's label lies on its input's line
        (x0, y0), (x1, y1) = line.get_xydata()
        (x, y), = [t.get_position() for t in ax.texts if t.get_text() == label]
        assert abs((x - x0) * (y1 - y0) - (y - y0) * (x1 - x0)) < 1e-9 and x0 < x < x1, label
    render(ax, tmp_path)


def test_neuron_validation():
    from dnn_utils.plots import plot_neuron

    with pytest.raises(ValueError, match="weights has 2 labels for 3 inputs: give one weight per input"):
        plot_neuron(["x1", "x2", "x3"], ["w1", "w2"], "b")
    with pytest.raises(ValueError, match=r"inputs must be a non-empty list of names, e.g. \['size'\]"):
        plot_neuron("size", ["w"], "b")


# --- week 4: the activations of every layer at initialisation ---

def bar_heights(ax):
    return np.array([patch.get_height() for patch in ax.patches])


def test_layer_histograms_one_per_layer_on_the_first_layers_axis_and_the_sizes_on_a_log_scale(tmp_path):
    from dnn_utils.plots import BEYOND, plot_layer_histograms

    rng = np.random.default_rng(0)
    A1 = np.maximum(0, rng.standard_normal((20, 50)))  # about half exactly 0, as a ReLU layer
    A2, A3 = 0.01 * A1, 10 * A1  # a layer that shrinks, one that grows past A1's axis
    axes = plot_layer_histograms([A1, A2, A3], bins=10, title="relu")
    assert len(axes) == 4 and len(axes[0].figure.axes) == 4
    zeros = 100 * np.mean(A1 == 0)
    for l, (ax, A) in enumerate(zip(axes, [A1, A2, A3]), start=1):
        assert ax.get_xlim() == (0.0, A1.max())
        assert ax.get_title() == f"A[{l}]: rms {np.sqrt(np.mean(A ** 2)):.2g}, {zeros:.0f} % exactly 0"
        assert bar_heights(ax).sum() == pytest.approx(np.mean(A != 0))  # every non-zero entry, in some bar
    assert bar_heights(axes[1])[0] == pytest.approx(np.mean(A1 != 0))  # the shrunken layer: all in the first bar
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in axes[2].patches]
    assert colours[-1] == matplotlib.colors.to_hex(BEYOND) and set(colours[:-1]) == {matplotlib.colors.to_hex("tab:blue")}
    assert bar_heights(axes[2])[-1] > 0.3  # 10 A1 mostly lies beyond A1's largest value
    sizes = axes[3]
    assert sizes.get_yscale() == "log"
    np.testing.assert_allclose(sizes.lines[0].get_ydata(), [np.sqrt(np.mean(A ** 2)) for A in (A1, A2, A3)])
    assert sizes.get_ylim()[0] <= 0.01 and sizes.get_ylim()[1] >= 10
    render(axes[0], tmp_path)


def test_layer_histograms_of_tanh_layers_are_symmetric_and_draw_every_entry():
    from dnn_utils.plots import plot_layer_histograms

    A = np.tanh(np.random.default_rng(1).standard_normal((8, 30)))
    axes = plot_layer_histograms([A, A / 2], bins=12)
    assert axes[0].get_xlim() == (-np.abs(A).max(), np.abs(A).max())
    assert axes[0].get_title() == f"A[1]: rms {np.sqrt(np.mean(A ** 2)):.2g}"
    assert bar_heights(axes[1]).sum() == pytest.approx(1.0) and len(axes[1].patches) == 12


def test_layer_histograms_skip_a_dead_layer_on_the_log_scale():
    from dnn_utils.plots import plot_layer_histograms

    A1 = np.abs(np.random.default_rng(2).standard_normal((4, 10)))
    axes = plot_layer_histograms([A1, np.zeros((4, 10)), A1])
    assert axes[1].get_title() == "A[2]: rms 0, 100 % exactly 0"
    np.testing.assert_array_equal(axes[3].lines[0].get_xdata(), [1, 3])


@pytest.mark.parametrize("activations, kwargs, pattern", [
    ([], {}, "non-empty list of 2-D arrays"),
    ([np.ones(5)], {}, r"got shapes \[\(5,\)\]"),
    ([np.ones((2, 2)), np.full((2, 2), np.inf)], {}, "inf or nan: the signal overflowed"),
    ([np.ones((2, 2))], {"bins": 0}, "bins must be a positive int"),
    ([np.ones((2, 2)), np.ones((2, 2))], {"axes": [None, None]}, "axes has 2 Axes for 2 layers"),
])
def test_layer_histograms_validation(activations, kwargs, pattern):
    from dnn_utils.plots import plot_layer_histograms

    with pytest.raises(ValueError, match=pattern):
        plot_layer_histograms(activations, **kwargs)


# --- week 3: an activation's derivative formula against its measured slope ---

def test_derivative_check_puts_the_measured_slopes_on_the_formula(tmp_path):
    from dnn_utils.plots import plot_derivative_check

    ax = plot_derivative_check(np.tanh, lambda z: 1 - np.tanh(z) ** 2, "tanh")
    g, derivative = ax.get_lines()[:2]
    z = g.get_xdata()
    np.testing.assert_allclose(g.get_ydata(), np.tanh(z))
    np.testing.assert_allclose(derivative.get_ydata(), 1 - np.tanh(z) ** 2)
    (dots,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    points, slopes = dots.get_offsets().T
    assert len(points) == 13 and 0 in points
    np.testing.assert_allclose(slopes, 1 - np.tanh(points) ** 2, atol=1e-7)
    assert 0 < float(ax.get_title().split("largest gap ")[1]) < 1e-7
    render(ax, tmp_path)


def test_derivative_check_leaves_a_kink_open_and_draws_its_measured_slope_hollow():
    from dnn_utils.plots import plot_derivative_check

    ax = plot_derivative_check(lambda z: np.maximum(0, z), lambda z: (z > 0).astype(float), "ReLU", kinks=[0])
    z, derivative = ax.get_lines()[1].get_xydata().T
    assert np.isnan(derivative).sum() == 1 and abs(z[np.isnan(derivative)][0]) < 1e-9, "no line across the jump"
    dots, hollow = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert 0 not in dots.get_offsets()[:, 0]
    np.testing.assert_allclose(hollow.get_offsets(), [[0, 0.5]])  # the centred difference at 0: (0 + 1) / 2
    assert ax.get_title().endswith("(kinks left out)") and float(ax.get_title().split("gap ")[1].split()[0]) < 1e-9


def test_derivative_check_shows_a_wrong_formula_in_its_title():
    from dnn_utils.plots import plot_derivative_check

    ax = plot_derivative_check(np.tanh, lambda z: 1 - np.tanh(z), "tanh")  # tanh' written without the square
    assert float(ax.get_title().split("largest gap ")[1]) > 0.1


@pytest.mark.parametrize("kwargs, pattern", [
    ({"points": []}, r"points must be a non-empty 1-D array of z values, got shape \(0,\)"),
    ({"epsilon": 0}, "epsilon must be a small positive number"),
])
def test_derivative_check_validation(kwargs, pattern):
    from dnn_utils.plots import plot_derivative_check

    with pytest.raises(ValueError, match=pattern):
        plot_derivative_check(np.tanh, lambda z: 1 - np.tanh(z) ** 2, "tanh", **kwargs)


def test_show_now_shows_a_figure_once_and_closes_it(monkeypatch):
    """A slider's callback runs no cell: its figure is shown at once (into the slider's Output) and
    closed, so that it is neither lost nor shown again when the cell ends."""
    shown = []
    monkeypatch.setattr(plots, "display", shown.append)
    figure = plt.figure()
    plots.show_now(figure)
    assert shown == [figure] and figure.number not in plt.get_fignums()
