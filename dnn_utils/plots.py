"""Plots the notebooks use: decision boundaries, cost curves, image grids, activation shapes; and
figures of concepts, drawn by code: network diagrams with the shape of every parameter (the logistic
unit, one hidden layer, L layers), the computation graph with its forward values and backward
derivatives, the forward/backward blocks with their caches, gradient descent on a cost curve, the
"scale" sketch, broadcasting.

Every function draws on the Axes it is given, or on a new figure, and returns the Axes it drew on,
so a notebook can adjust the plot and a test can inspect it. Nothing here calls plt.show().
"""
import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.colors import Normalize
from matplotlib.patches import FancyBboxPatch, Rectangle

from dnn_utils import activations

CMAP = "Spectral"
# (name, g, g_backward, line style): leaky_relu is dashed so relu still shows beneath it
ACTIVATION_CURVES = [
    ("sigmoid", activations.sigmoid, activations.sigmoid_backward, "-"),
    ("tanh", activations.tanh, activations.tanh_backward, "-"),
    ("relu", activations.relu, activations.relu_backward, "-"),
    ("leaky_relu", activations.leaky_relu, activations.leaky_relu_backward, "--"),
]
# diagrams: values of the forward pass in blue, derivatives of the backward pass in red
FORWARD, BACKWARD = "tab:blue", "tab:red"
_ARROW = {"arrowstyle": "-|>", "color": "k", "shrinkA": 0, "shrinkB": 0}


def plot_decision_boundary(predict, X, Y, ax=None, title=None, resolution=200):
    """Shade the plane by the class `predict` gives each point, and draw the labelled data on top.

    predict -- callable taking points of shape (2, k) and returning labels of shape (1, k) or (k,)
    X -- data, shape (2, m)
    Y -- labels, shape (1, m) (or (m,))
    ax -- Axes to draw on (default: a new figure)
    resolution -- grid points along each axis; the grid spans the data plus 10% of its range

    Returns the Axes.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != 2:
        hint = " Columns are examples: pass X.T." if X.ndim == 2 and X.shape[1] == 2 else ""
        raise ValueError(f"X must be 2-D data of shape (2, m), got shape {X.shape}.{hint}")
    y = _as_row("Y", Y, X.shape[1])
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = np.where(hi > lo, 0.1 * (hi - lo), 1.0)
    xx1, xx2 = np.meshgrid(*(np.linspace(lo[i] - pad[i], hi[i] + pad[i], resolution) for i in range(2)))
    grid = np.vstack([xx1.ravel(), xx2.ravel()])  # (2, resolution ** 2): one column per grid point
    labels = np.asarray(predict(grid), dtype=float)
    if labels.size != grid.shape[1]:
        raise ValueError(
            f"predict returned shape {labels.shape} for {grid.shape[1]} points: it must return one label "
            "per column of its (2, k) input, shape (1, k) or (k,)."
        )
    levels = _class_edges(np.union1d(labels, y).astype(float))
    norm = Normalize(levels[0], levels[-1])
    ax = _new_axes() if ax is None else ax
    ax.contourf(xx1, xx2, labels.reshape(xx1.shape), levels=levels, cmap=CMAP, norm=norm, alpha=0.5)
    ax.scatter(X[0], X[1], c=y, cmap=CMAP, norm=norm, edgecolors="k", s=25)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
    return ax


def plot_costs(costs, ax=None, every=100, labels=None, title=None):
    """Plot the cost against the iteration, for one training run or several on one Axes.

    costs -- one run: a list of costs recorded every `every` iterations (costs[k] at iteration k * every);
             several runs: a dict label -> such a list (e.g. one per learning rate),
             or a list of such lists, named by `labels`
    ax -- Axes to draw on (default: a new figure)
    labels -- one name per run when costs is a list (default "run 1", "run 2", ...; none for one run)

    Returns the Axes; it has a legend when there are several runs or a named one.
    """
    runs = _cost_runs(costs, labels)
    ax = _new_axes() if ax is None else ax
    for label, run in runs:
        ax.plot(np.arange(run.size) * every, run, label=label)
    ax.set(xlabel="iterations", ylabel="cost", title=title)
    if len(runs) > 1 or runs[0][0] is not None:
        ax.legend()
    return ax


def plot_images(images, labels=None, classes=None, ncols=8, axes=None):
    """Show images in a grid, titled by their labels.

    images -- shape (m, h, w, c) with c = 3 (RGB) or 1 (grayscale); integers in 0..255 or floats in [0, 1]
    labels -- optional integer labels, shape (1, m) or (m,)
    classes -- optional names of the labels, classes[label]; bytes are decoded, e.g. [b"non-cat", b"cat"]
    ncols -- images per row of a new figure
    axes -- optional sequence of at least m Axes to draw on (default: a new figure)

    Returns a 1-D array of the m Axes drawn on.
    """
    images = _check_images(images)
    m = images.shape[0]
    if labels is None:
        if classes is not None:
            raise ValueError("classes names the labels, so pass labels too (shape (1, m)).")
        titles = [None] * m
    else:
        titles = [_class_name(label, classes) for label in _as_row("labels", labels, m)]
    return _image_grid(images, titles, ncols, axes)


def plot_mislabelled(X_orig, Y, predictions, classes, max_images=10, ncols=5, axes=None):
    """Show the images a model got wrong, each titled "predicted: <class>" over "true: <class>".

    X_orig -- images, shape (m, h, w, c), as plot_images takes them
    Y -- true labels, shape (1, m)
    predictions -- predicted labels, shape (1, m), e.g. from network.predict
    classes -- names of the labels, e.g. [b"non-cat", b"cat"]
    max_images -- show at most this many, the first ones
    ncols, axes -- as for plot_images

    Returns a 1-D array of the Axes drawn on; when nothing is mislabelled, one Axes saying so.
    """
    if max_images < 1:
        raise ValueError(f"max_images must be at least 1, got {max_images}.")
    X_orig = _check_images(X_orig)
    m = X_orig.shape[0]
    y, p = _as_row("Y", Y, m), _as_row("predictions", predictions, m)
    wrong = np.flatnonzero(p != y)[:max_images]
    if wrong.size == 0:
        ax = _new_axes() if axes is None else np.ravel(axes)[0]
        ax.text(0.5, 0.5, "No mislabelled images:\nevery prediction matches its label.",
                ha="center", va="center", transform=ax.transAxes)
        ax.axis("off")
        return np.array([ax])
    titles = [f"predicted: {_class_name(p[i], classes)}\ntrue: {_class_name(y[i], classes)}" for i in wrong]
    return _image_grid(X_orig[wrong], titles, ncols, axes)


def plot_activations(Z=None, axes=None):
    """Draw sigmoid, tanh, relu and leaky_relu (left) and their derivatives (right).

    Z -- 1-D points to evaluate at (default: 401 points in [-5, 5])
    axes -- optional pair of Axes (default: a new figure with two side by side)

    Returns the two Axes, as an array.
    """
    Z = np.linspace(-5, 5, 401) if Z is None else np.asarray(Z, dtype=float)
    axes = plt.subplots(1, 2, figsize=(10, 4))[1] if axes is None else np.asarray(axes)
    for name, g, g_backward, style in ACTIVATION_CURVES:
        axes[0].plot(Z, g(Z), style, label=name)
        axes[1].plot(Z, g_backward(np.ones_like(Z), Z), style, label=name)  # dZ for dA = 1 is g'(Z)
    axes[0].set(xlabel="z", title="activation g(z)")
    axes[1].set(xlabel="z", title="derivative g'(z)")
    for ax in axes:
        ax.axhline(0, color="gray", linewidth=0.5)
        ax.legend()
    return axes


def plot_accuracy_vs_size(sizes, accuracies, ax=None, title=None):
    """Plot test accuracy against training-set size, one line per model.

    sizes -- training-set sizes, length k
    accuracies -- dict model name -> k test accuracies, one per size
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    sizes = np.asarray(sizes)
    if not isinstance(accuracies, Mapping):
        raise ValueError("accuracies must be a dict model name -> test accuracies, one per size.")
    for name, accuracy in accuracies.items():
        if np.shape(accuracy) != sizes.shape:
            raise ValueError(
                f"accuracies[{name!r}] has shape {np.shape(accuracy)}, expected {sizes.shape}: one per size."
            )
    ax = _new_axes() if ax is None else ax
    for name, accuracy in accuracies.items():
        ax.plot(sizes, accuracy, marker="o", label=str(name))
    ax.set(xlabel="training-set size", ylabel="test accuracy", title=title)
    ax.legend()
    return ax


def plot_network(layer_sizes, labels=None, weights=None, ax=None, title=None):
    """Draw a fully connected network: a column of units per layer, a line per weight.

    layer_sizes -- units per layer, input layer first, e.g. [4, 3, 1]
    labels -- optional names of the units: one list of strings per layer
    weights -- optional [W1, ..., WL], W{l} of shape (n[l], n[l-1]): a line is wider for a larger |w|,
               and a weight of exactly 0 is a thin dotted line (the connection exists, carries nothing)
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in sizes):
        raise ValueError(f"layer_sizes must list at least two positive ints, input layer first; got {layer_sizes!r}.")
    if labels is not None and [len(names) for names in labels] != sizes:
        raise ValueError(f"labels must hold one list of names per layer, of lengths {sizes}.")
    if weights is not None:
        shapes = [np.shape(W) for W in weights]
        expected = [(n, n_prev) for n_prev, n in zip(sizes, sizes[1:])]
        if shapes != expected:
            raise ValueError(f"weights have shapes {shapes}, expected W1, ..., WL of shapes {expected}.")
    largest = 1.0 if weights is None else max(float(np.max(np.abs(W))) for W in weights) or 1.0
    ax = plt.subplots(figsize=(2.8 * len(sizes), 0.9 * max(sizes) + 1))[1] if ax is None else ax
    heights = [(n - 1) / 2 - np.arange(n) for n in sizes]  # each column of units centred on 0
    for l in range(1, len(sizes)):
        for j in range(sizes[l]):
            for k in range(sizes[l - 1]):
                style = _edge_style(None if weights is None else float(weights[l - 1][j, k]), largest)
                ax.plot([l - 1, l], [heights[l - 1][k], heights[l][j]], zorder=1, **style)
    bottom = -(max(sizes) - 1) / 2 - 0.7
    for l, n in enumerate(sizes):
        ax.scatter(np.full(n, l), heights[l], s=500, color="white", edgecolors="k", zorder=2)
        kind = "input" if l == 0 else "output" if l == len(sizes) - 1 else "hidden"
        ax.text(l, bottom, f"layer {l}\n({kind})", ha="center", va="top", fontsize=9)
        for y, name in zip(heights[l], labels[l] if labels is not None else []):
            if l == 0:  # inputs named on the left, the others on the right, hidden ones a little above
                ax.text(l - 0.12, y, name, ha="right", va="center", fontsize=9)
            else:
                ax.text(l + 0.12, y + (0.3 if kind == "hidden" else 0), name, ha="left", va="center", fontsize=9)
    ax.set_xlim(-1.2, len(sizes) - 0.2)
    ax.set_ylim(bottom - 0.8, (max(sizes) - 1) / 2 + 0.6)
    ax.axis("off")
    ax.set_title(title)
    return ax


def plot_logistic_unit(n_x=3, ax=None, title=None):
    """Draw logistic regression as one unit: inputs x1..xn -> z = w^T x + b -> a = sigma(z) = y_hat,
    with the shapes of x, w and b for one example and of X, Z and A for m examples.

    n_x -- number of input features, an int >= 1; more than 4 are drawn as x1, x2, dots, x_{n_x}
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    n_x = _check_count("n_x", n_x)
    ax = _diagram_axes(ax, (9, 4.2), (-1.0, 10.4), (-3.3, 2.3))
    shown = _shown_units(n_x, 4)
    for y, j in zip(_column_heights(len(shown)), shown):
        if j is None:
            ax.text(0, y, r"$\vdots$", ha="center", va="center", fontsize=14)
            continue
        _unit(ax, 0, y, f"$x_{{{j}}}$")
        ax.plot([0.3, 3.5], [y, 0], color="gray", zorder=1)
        ax.text(1.6, 0.5 * y + 0.2 * np.sign(y), f"$w_{{{j}}}$", ha="center", va="center", fontsize=10,
                backgroundcolor="white", zorder=2)
    _box(ax, (4.9, 0), (2.8, 1.1), r"$z = w^T x + b$", fontsize=12)
    _box(ax, (7.25, 0), (1.9, 1.1), r"$a = \sigma(z)$", fontsize=12)
    _arrow(ax, (8.2, 0), (9.2, 0))
    ax.text(9.3, 0, r"$\hat{y} = a$", ha="left", va="center", fontsize=12)
    ax.text(-0.9, -2.35, f"one example:  $x$ $(n_x, 1) = ({n_x}, 1)$,   $w$ $(n_x, 1) = ({n_x}, 1)$,   "
            "$b$, $z$, $a$: numbers", ha="left", va="center", fontsize=10)
    ax.text(-0.9, -2.95, f"$m$ examples as columns:  $X$ $(n_x, m) = ({n_x}, m)$,   "
            r"$Z = w^T X + b$ and $A = \sigma(Z)$ $(1, m)$", ha="left", va="center", fontsize=10)
    ax.set_title(title)
    return ax


def plot_one_hidden_layer(n_x, n_h, n_y=1, hidden_activation="tanh", max_units=5, ax=None, title=None):
    """Draw the network with one hidden layer, x -> a[1] = g(W[1] x + b[1]) -> y_hat = sigma(W[2] a[1] + b[2]),
    with the shapes of W[1] (n_h, n_x), b[1] (n_h, 1), W[2] (n_y, n_h) and b[2] (n_y, 1).

    n_x, n_h, n_y -- units of the input, hidden and output layers, ints >= 1
    hidden_activation -- name of g written under the hidden layer, e.g. "tanh" or "ReLU"
    max_units -- a layer with more units is drawn as its first ones, dots and its last one
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    dims = _check_layer_dims([n_x, n_h, n_y])
    names = [
        lambda j: f"$x_{{{j}}}$",
        lambda j: f"$a^{{[1]}}_{{{j}}}$",
        lambda j: r"$\hat{y}$" if n_y == 1 else f"$a^{{[2]}}_{{{j}}}$",
    ]
    g = {"tanh": r"\tanh", "sigmoid": r"\sigma"}.get(hidden_activation, r"\mathrm{" + hidden_activation + "}")
    equations = (rf"$a^{{[1]}} = {g}(W^{{[1]}} x + b^{{[1]}})$,    "
                 r"$\hat{y} = a^{[2]} = \sigma(W^{[2]} a^{[1]} + b^{[2]})$")
    return _layered_diagram(dims, [None, hidden_activation, "sigmoid"], names, max_units, ax, title, equations)


def plot_deep_network(layer_dims, max_units=5, ax=None, title=None):
    """Draw an L-layer network from layer_dims (ReLU hidden layers, a sigmoid output), with the shape of
    every W[l], (n[l], n[l-1]), and b[l], (n[l], 1), between the layers it connects.

    layer_dims -- [n[0], n[1], ..., n[L]], the input size first, e.g. [12288, 20, 7, 5, 1]
    max_units -- a layer with more units is drawn as its first ones, dots and its last one
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    dims = _check_layer_dims(layer_dims)
    L = len(dims) - 1
    activation_names = [None] + ["ReLU"] * (L - 1) + ["sigmoid"]
    equations = r"$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$,    $A^{[l]} = g^{[l]}(Z^{[l]})$,    " + f"$L = {L}$"
    names = [lambda j: f"$x_{{{j}}}$"] + [lambda j: ""] * (L - 1) + [lambda j: r"$\hat{y}$" if dims[L] == 1 else ""]
    return _layered_diagram(dims, activation_names, names, max_units, ax, title, equations)


def plot_computation_graph(w1=0.5, w2=-0.3, b=0.4, x1=1.0, x2=2.0, y=1, ax=None, title=None):
    """Draw the computation graph of logistic regression for one example with two features,
    (x1, w1, x2, w2, b) -> z = w1 x1 + w2 x2 + b -> a = sigma(z) -> L(a, y), with the forward values
    above the arrows and the backward derivatives dv = dL/dv below, all computed from the arguments.

    w1, w2, b, x1, x2 -- numbers; y -- the label, 0 or 1
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    if y not in (0, 1):
        raise ValueError(f"y is the label of the example, 0 or 1; got {y!r}.")
    z = w1 * x1 + w2 * x2 + b
    a = float(activations.sigmoid(z))
    loss = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    da = -y / a + (1 - y) / (1 - a)
    dz = a - y  # da * a (1 - a), simplified
    ax = _diagram_axes(ax, (13, 5), (-4.8, 18.6), (-3.9, 3.1))
    inputs = [("x_1", x1, None), ("w_1", w1, x1 * dz), ("x_2", x2, None), ("w_2", w2, x2 * dz), ("b", b, dz)]
    derivative = {"w_1": r"x_1\,dz", "w_2": r"x_2\,dz", "b": "dz"}
    for y_box, (name, value, d) in zip([2.4, 1.2, 0.0, -1.2, -2.4], inputs):
        _box(ax, (0, y_box), (2.3, 0.75), f"${name} = {value:.3g}$", fontsize=11)
        ax.annotate("", xy=(2.9, 0.25 * y_box / 2.4), xytext=(1.15, y_box), arrowprops=_ARROW)
        if d is not None:
            ax.text(-1.3, y_box, f"$d{name} = {derivative[name]} = {d:.3f}$", color=BACKWARD,
                    ha="right", va="center", fontsize=10)
    _box(ax, (4.8, 0), (3.7, 1.0), r"$z = w_1 x_1 + w_2 x_2 + b$", fontsize=11)
    _box(ax, (10.2, 0), (2.0, 1.0), r"$a = \sigma(z)$", fontsize=11)
    _box(ax, (15.5, 0), (2.0, 1.0), r"$\mathcal{L}(a, y)$", fontsize=11)
    _box(ax, (15.5, 2.2), (1.3, 0.7), f"$y = {y}$", fontsize=11)
    _arrow(ax, (15.5, 1.85), (15.5, 0.5))
    _labelled_arrow(ax, (6.65, 0), (9.2, 0), f"$z = {z:.3f}$", f"$dz = a - y$\n$= {dz:.3f}$")
    _labelled_arrow(ax, (11.2, 0), (14.5, 0), f"$a = {a:.3f}$",
                    r"$da = -\frac{y}{a} + \frac{1 - y}{1 - a}$" + f"\n$= {da:.3f}$")
    _labelled_arrow(ax, (16.5, 0), (18.4, 0), rf"$\mathcal{{L}} = {loss:.3f}$", r"$d\mathcal{L} = 1$")
    ax.text(-4.5, -3.45, r"forward (blue, above the arrows): the values, left to right.   "
            r"backward (red, below): $dv = \partial\mathcal{L} / \partial v$, right to left, by the chain rule.",
            ha="left", va="center", fontsize=10)
    ax.set_title(title)
    return ax


def plot_chain_rule_graph(a=5.0, b=3.0, c=2.0, ax=None, title=None):
    """Draw the computation graph of J = 3(a + bc) in three steps, u = bc -> v = a + u -> J = 3v, with
    the forward values above the arrows and the backward derivatives dv = dJ/dv below them and beside
    the inputs, each the chain rule's product of the derivative on its right and a local one; all
    computed from the arguments.

    a, b, c -- numbers
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    u = b * c
    v = a + u
    J = 3 * v
    dv = 3.0  # J = 3v
    du = da = dv * 1.0  # v = a + u: dv/du = dv/da = 1
    db, dc = du * c, du * b  # u = bc: du/db = c, du/dc = b
    ax = _diagram_axes(ax, (12, 4.2), (-4.4, 17.0), (-2.4, 2.3))
    inputs = [("b", b, r"du \cdot c", db, 1.5, 0.85), ("c", c, r"du \cdot b", dc, 0.1, 0.45),
              ("a", a, r"dv \cdot 1", da, -1.6, None)]
    for name, value, rule, d, y_box, y_into_u in inputs:
        _box(ax, (0, y_box), (1.9, 0.7), f"${name} = {value:.3g}$", fontsize=11)
        # b and c feed u = bc; a joins later, in v = a + u
        _arrow(ax, (0.95, y_box), (2.6, y_into_u) if y_into_u is not None else (8.4, 0.15))
        ax.text(-1.2, y_box, f"$d{name} = {rule} = {d:.3g}$", color=BACKWARD, ha="right", va="center", fontsize=10)
    _box(ax, (3.6, 0.6), (2.0, 0.9), "$u = bc$", fontsize=11)
    _box(ax, (8.4, 0.6), (2.0, 0.9), "$v = a + u$", fontsize=11)
    _box(ax, (13.2, 0.6), (2.0, 0.9), "$J = 3v$", fontsize=11)
    _labelled_arrow(ax, (4.6, 0.6), (7.4, 0.6), f"$u = {u:.3g}$", r"$du = dv \cdot 1$" + f"\n$= {du:.3g}$")
    _labelled_arrow(ax, (9.4, 0.6), (12.2, 0.6), f"$v = {v:.3g}$", f"$dv = {dv:.3g}$")
    _labelled_arrow(ax, (14.2, 0.6), (16.6, 0.6), f"$J = {J:.3g}$", "$dJ = 1$")
    ax.text(-4.2, -2.15, r"forward (blue, above the arrows): the values, left to right.   "
            r"backward (red, below): $dv = \partial J / \partial v$, right to left, by the chain rule.",
            ha="left", va="center", fontsize=10)
    ax.set_title(title)
    return ax


def plot_layer_blocks(l="l", ax=None, title=None):
    """Draw one layer's forward block, A[l-1] -> A[l], the cache it stores, ((A[l-1], W[l], b[l]), Z[l]),
    and its backward block, which takes dA[l] and the cache to dA[l-1], dW[l] and db[l].

    l -- the layer's number (an int) or "l"
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    if l != "l" and (isinstance(l, bool) or not isinstance(l, (int, np.integer)) or l < 1):
        raise ValueError(f"l must be a layer number >= 1 or the letter 'l', got {l!r}.")
    prev = "l-1" if l == "l" else l - 1
    W, b, Z, A, A_prev = (f"{name}^{{[{k}]}}" for name, k in [("W", l), ("b", l), ("Z", l), ("A", l), ("A", prev)])
    ax = _diagram_axes(ax, (10, 6.6), (-0.5, 12.5), (-4.6, 4.0))
    _box(ax, (6, 2), (5.4, 1.5), f"forward, layer {l}\n${Z} = {W} {A_prev} + {b}$\n${A} = g^{{[{l}]}}({Z})$",
         fontsize=11, color="#e6f0fa")
    _labelled_arrow(ax, (0.3, 2), (3.3, 2), f"${A_prev}$", None)
    _labelled_arrow(ax, (8.7, 2), (11.7, 2), f"${A}$", None)
    ax.text(6, 3.65, f"${W}, {b}$", ha="center", va="center", fontsize=11)
    _arrow(ax, (6, 3.4), (6, 2.75))
    _box(ax, (6, 0), (7.4, 0.8), f"cache: linear_cache $({A_prev}, {W}, {b})$, activation_cache ${Z}$",
         fontsize=10, color="#fff4cc")
    _arrow(ax, (6, 1.25), (6, 0.4), linestyle="--")
    _arrow(ax, (6, -0.4), (6, -1.1), linestyle="--")
    backward = (f"backward, layer {l}\n$d{Z} = d{A} * g^{{[{l}]\\prime}}({Z})$\n"
                f"$d{W} = d{Z}\\, {{{A_prev}}}^T / m$,   $d{b} = \\Sigma_i\\, dZ^{{[{l}](i)}} / m$\n"
                f"$d{A_prev} = {{{W}}}^T d{Z}$")
    _box(ax, (6, -2.3), (6.0, 2.2), backward, fontsize=11, color="#fbe5e1")
    _labelled_arrow(ax, (11.7, -2.3), (9.0, -2.3), f"$d{A}$", None, color=BACKWARD)
    _labelled_arrow(ax, (3.0, -2.3), (0.3, -2.3), f"$d{A_prev}$", None, color=BACKWARD)
    _arrow(ax, (6, -3.4), (6, -4.05), color=BACKWARD)
    ax.text(6, -4.35, f"$d{W}, d{b}$: to the update", ha="center", va="center", fontsize=11, color=BACKWARD)
    ax.set_title(title)
    return ax


def plot_block_chain(L=3, ax=None, title=None):
    """Draw the forward and backward passes of an L-layer network as a chain of blocks: forward
    X = A[0] -> A[1] -> ... -> A[L] along the top, each layer's cache (caches[l-1]) passed down,
    backward dA[L] -> ... -> dA[0] along the bottom, each backward block giving dW[l], db[l].

    L -- number of layers, an int from 1 to 6 (ReLU layers 1..L-1, a sigmoid layer L)
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    if not isinstance(L, (int, np.integer)) or not 1 <= L <= 6:
        raise ValueError(f"L must be an int from 1 to 6 (the chain gets unreadable beyond), got {L!r}.")
    x = [None] + [2.9 + 3.2 * (l - 1) for l in range(1, L + 1)]  # x[l]: centre of layer l's blocks
    end = x[L] + 3.4  # centre of the loss
    ax = _diagram_axes(ax, (0.8 * (end + 1.7), 4.8), (-0.6, end + 1.1), (-3.8, 2.4))
    ax.text(-0.5, 1.5, "$X = A^{[0]}$", ha="left", va="center", fontsize=11)
    for l in range(1, L + 1):
        g = "sigmoid" if l == L else "ReLU"
        _box(ax, (x[l], 1.5), (2.1, 1.0), f"layer {l}\n{g}", fontsize=10, color="#e6f0fa")
        _box(ax, (x[l], -1.5), (2.1, 1.0), f"layer {l}\n{g} backward", fontsize=9, color="#fbe5e1")
        if l == 1:
            _arrow(ax, (0.9, 1.5), (x[1] - 1.05, 1.5))
            _labelled_arrow(ax, (x[1] - 1.05, -1.5), (-0.5, -1.5), None, "$dA^{[0]}$ (unused)", color="gray")
        else:
            _labelled_arrow(ax, (x[l - 1] + 1.05, 1.5), (x[l] - 1.05, 1.5), f"$A^{{[{l - 1}]}}$", None)
            _labelled_arrow(ax, (x[l] - 1.05, -1.5), (x[l - 1] + 1.05, -1.5), None, f"$dA^{{[{l - 1}]}}$",
                            color=BACKWARD)
        _arrow(ax, (x[l], 1.0), (x[l], -1.0), linestyle="--")
        ax.text(x[l] + 0.1, 0, f"caches[{l - 1}]", ha="left", va="center", fontsize=9)
        _arrow(ax, (x[l], -2.0), (x[l], -2.6), color=BACKWARD)
        ax.text(x[l], -2.9, f"$dW^{{[{l}]}}, db^{{[{l}]}}$", ha="center", va="center", fontsize=10, color=BACKWARD)
    _box(ax, (end, 1.5), (2.1, 1.0), f"$\\mathcal{{L}}(A^{{[{L}]}}, Y)$", fontsize=10)
    _labelled_arrow(ax, (x[L] + 1.05, 1.5), (end - 1.05, 1.5), f"$A^{{[{L}]}} = \\hat{{Y}}$", None)
    ax.plot([end, end], [1.0, -1.5], color=BACKWARD)
    _labelled_arrow(ax, (end, -1.5), (x[L] + 1.05, -1.5), None, f"$dA^{{[{L}]}}$", color=BACKWARD)
    ax.text(-0.5, -3.5, "forward (blue) keeps a cache per layer; backward (red) reads it, last layer first",
            ha="left", va="center", fontsize=10)
    ax.set_title(title)
    return ax


def plot_gradient_descent(J, dJ, w0, learning_rate, num_steps=8, w_range=None, ax=None, title=None):
    """Draw a 1-D cost J(w) and the iterates of gradient descent on it, w[k+1] = w[k] - learning_rate * dJ(w[k]),
    each step an arrow from (w[k], J(w[k])) to (w[k+1], J(w[k+1])).

    J, dJ -- the cost and its derivative, callables taking and returning a float
    w0 -- the starting point; learning_rate -- a positive number; num_steps -- an int >= 1
    w_range -- (low, high) of the curve drawn (default: the iterates, padded)
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes; its title (unless given) states the learning rate and the first and last cost.
    """
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}.")
    num_steps = _check_count("num_steps", num_steps)
    w = [float(w0)]
    for _ in range(num_steps):
        w.append(w[-1] - learning_rate * float(dJ(w[-1])))
    w = np.array(w)
    if not np.all(np.isfinite(w)):
        raise ValueError(f"gradient descent diverged to {w[-1]} within {num_steps} steps: "
                         "try a smaller learning_rate or fewer num_steps.")
    if w_range is None:
        pad = 0.15 * max(np.ptp(w), 1e-3)
        w_range = (w.min() - pad, w.max() + pad)
    grid = np.linspace(*w_range, 300)
    costs = np.array([float(J(v)) for v in w])
    ax = _new_axes() if ax is None else ax
    ax.plot(grid, [float(J(v)) for v in grid], color="gray", label="cost $J(w)$")
    ax.scatter(w, costs, c=np.arange(w.size), cmap="viridis", zorder=3, label=r"steps $w_0, w_1, \dots$")
    for k in range(num_steps):
        ax.annotate("", xy=(w[k + 1], costs[k + 1]), xytext=(w[k], costs[k]),
                    arrowprops={"arrowstyle": "-|>", "color": "tab:red", "shrinkA": 4, "shrinkB": 4})
    ax.annotate("start", (w[0], costs[0]), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=9)
    if title is None:
        title = f"learning rate {learning_rate:g}\nJ from {costs[0]:.3f} to {costs[-1]:.3f} in {num_steps} steps"
    ax.set(xlabel="$w$", ylabel="$J(w)$", title=title)
    ax.legend(fontsize=8)
    return ax


def plot_scale_sketch(ax=None):
    """Draw the classic sketch (a schematic, not a measurement) of performance against the amount of
    labelled data: logistic regression levels off first, then small, medium and large networks.

    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    data = np.linspace(0, 10, 200)
    ax = _new_axes() if ax is None else ax
    # (name, plateau, how much data it takes to get there): larger models climb slower but higher
    for name, plateau, scale in [("logistic regression", 0.45, 0.9), ("small network", 0.6, 1.8),
                                 ("medium network", 0.75, 2.8), ("large network", 0.92, 4.0)]:
        ax.plot(data, plateau * (1 - np.exp(-data / scale)), linewidth=2, label=name)
    ax.axvspan(0, 1.5, color="gray", alpha=0.15)
    ax.text(0.75, 0.97, "small data:\norder not\nreliable", ha="center", va="top", fontsize=8)
    ax.text(5, 0.5, "SKETCH", ha="center", va="center", fontsize=40, color="gray", alpha=0.2, rotation=20)
    ax.set(xlim=(0, 10), ylim=(0, 1), xticks=[], yticks=[], xlabel="amount of labelled data",
           ylabel="performance", title="a sketch, not a measurement: scale drives deep learning")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_scale_beside(sizes, accuracies, title=None, axes=None):
    """Draw the scale sketch (left) beside measured test accuracies against training-set size (right).

    sizes -- training-set sizes, length k; accuracies -- dict model name -> k test accuracies, as for
             plot_accuracy_vs_size
    axes -- optional pair of Axes (default: a new figure with two side by side)

    Returns the two Axes, as an array.
    """
    axes = plt.subplots(1, 2, figsize=(12, 4.2))[1] if axes is None else np.asarray(axes)
    plot_scale_sketch(ax=axes[0])
    plot_accuracy_vs_size(sizes, accuracies, ax=axes[1], title=title or "measured")
    axes[1].set_xscale("log")  # each doubling of the data is one equal step to the right, as in the sketch
    axes[1].set_xticks(sizes, [str(k) for k in sizes])
    axes[1].minorticks_off()
    axes[1].legend(fontsize=8)
    return axes


def plot_broadcasting(A, B, op="+", names=("A", "B"), ax=None):
    """Draw A op B = C as grids of numbers, B's stretched copies faded: what numpy's broadcasting repeats.

    A -- 2-D array, shape (m, n); B -- 2-D array of shape (m, n), (1, n), (m, 1) or (1, 1), or a number
    op -- one of "+", "-", "*", "/"
    names -- the two arrays' names, written under them
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    ops = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
    if op not in ops:
        raise ValueError(f"op must be one of {list(ops)}, got {op!r}.")
    number = np.ndim(B) == 0
    A, B = np.asarray(A, dtype=float), np.atleast_2d(np.asarray(B, dtype=float))
    if A.ndim != 2 or B.ndim != 2 or any(b not in (1, a) for a, b in zip(A.shape, B.shape)):
        raise ValueError(f"A must be 2-D (m, n) and B of shape (m, n), (1, n), (m, 1) or (1, 1); "
                         f"got A {A.shape} and B {B.shape}.")
    C = ops[op](A, B)
    m, n = A.shape
    ax = plt.subplots(figsize=(1.1 * (3 * n + 3), 0.75 * m + 1.2))[1] if ax is None else ax
    left = 0
    for array, name, stretched in [(A, names[0], False), (B, names[1], True), (C, "result", False)]:
        _grid(ax, array, left, m, n, stretched)
        shape = "(a number)" if stretched and number else f"{array.shape}"
        if stretched and array.shape != C.shape:
            shape += f", stretched to {C.shape}"
        ax.text(left + n / 2, -m - 0.45, f"{name} {shape}", ha="center", va="center", fontsize=10)
        left += n + 1.2
        if name != "result":
            ax.text(left - 0.6, -m / 2, op if name == names[0] else "=", ha="center", va="center", fontsize=16)
    ax.set_xlim(-0.2, left - 1.0)
    ax.set_ylim(-m - 0.9, 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_neuron(inputs, weights, bias, activation="ReLU", output="a", z="$z$", ax=None, title=None):
    """Draw one neuron: its inputs, a weight on each input's line, the sum z of weight times input plus
    the bias, then the activation g, which gives the output a = g(z).

    inputs -- names of the n inputs, a list of strings (mathtext allowed), e.g. ["size"]
    weights -- n labels of the weights, strings or numbers, one per input, in the same order
    bias -- label of the bias, a string or a number, written under the sum
    activation -- name of g, written in its box
    output -- name of the output, written after the last arrow
    z -- name of the weighted sum, written over the arrow from the sum to the activation
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes.
    """
    names = [] if isinstance(inputs, str) else list(inputs)  # a lone string is not a list of names
    if not names or not all(isinstance(name, str) for name in names):
        raise ValueError(f"inputs must be a non-empty list of names, e.g. ['size']; got {inputs!r}.")
    labels = [w if isinstance(w, str) else f"{w:g}" for w in weights]
    if len(labels) != len(names):
        raise ValueError(f"weights has {len(labels)} labels for {len(names)} inputs: give one weight per input.")
    heights = _column_heights(len(names))
    top, bottom = max(heights[0], 0.45) + 0.55, min(heights[-1], -0.45) - 0.75
    ax = _diagram_axes(ax, (8.4, 0.85 * (top - bottom) + 0.5), (-2.4, 9.6), (bottom, top))
    start, end = 0.15, 3.55  # x where each input's line leaves its input and reaches the sum (at y = 0)
    for y, name, label in zip(heights, names, labels):
        ax.scatter([0], [y], s=250, facecolor="white", edgecolor="k", zorder=3)
        ax.text(-0.35, y, name, ha="right", va="center", fontsize=10)
        ax.plot([start, end], [y, 0], color="gray", zorder=1)
        t = 0.3  # the weight sits 30 % along its line, where the lines are still far apart
        ax.text(start + t * (end - start), (1 - t) * y, label, ha="center", va="center", fontsize=10,
                backgroundcolor="white", zorder=2)
    ax.scatter([4.0], [0], s=1400, facecolor="#fff4cc", edgecolor="k", zorder=3)
    ax.text(4.0, 0, r"$\Sigma$", ha="center", va="center", fontsize=15, zorder=4)
    ax.text(4.0, -0.5, f"+ {bias if isinstance(bias, str) else f'{bias:g}'}", ha="center", va="top", fontsize=10)
    _arrow(ax, (4.45, 0), (5.85, 0))
    ax.text(5.15, 0.1, z, ha="center", va="bottom", fontsize=11)
    _box(ax, (6.65, 0), (1.6, 0.8), activation, fontsize=11)
    _arrow(ax, (7.45, 0), (8.25, 0))
    ax.text(8.35, 0, output, ha="left", va="center", fontsize=11)
    ax.set_title(title)
    return ax


def _grid(ax, array, left, m, n, stretched):
    """Draw array as an m x n grid of numbers from x = left; where stretched, repeated cells are faded."""
    for i in range(m):
        for j in range(n):
            copy = stretched and (i >= array.shape[0] or j >= array.shape[1])
            value = array[min(i, array.shape[0] - 1), min(j, array.shape[1] - 1)]
            ax.add_patch(Rectangle((left + j, -i - 1), 1, 1, facecolor="#f2f2f2" if copy else "#e6f0fa",
                                   edgecolor="gray" if copy else "k", linestyle="--" if copy else "-"))
            ax.text(left + j + 0.5, -i - 0.5, f"{value:.4g}", ha="center", va="center", fontsize=10,
                    color="gray" if copy else "k")


def _layered_diagram(dims, activation_names, names, max_units, ax, title, equations):
    """Draw layers of units with their edges, each layer's size and activation below it and the shapes
    of W[l], b[l] above the edges between layers l-1 and l; names[l](j) labels unit j of layer l
    (inputs on their left, the others inside); return the Axes (see plot_deep_network)."""
    if isinstance(max_units, bool) or not isinstance(max_units, (int, np.integer)) or max_units < 3:
        raise ValueError(f"max_units must be an int >= 3 (first units, dots, last unit), got {max_units!r}.")
    L = len(dims) - 1
    dx, top = 3.0, 2.4
    ax = _diagram_axes(ax, (2.2 * L + 3.2, 5.8), (-1.9, dx * L + 1.3), (-5.0, top + 1.4))
    shown = [_shown_units(n, max_units) for n in dims]
    heights = [_column_heights(len(units)) for units in shown]
    for l in range(1, L + 1):
        for y in (y for y, j in zip(heights[l], shown[l]) if j is not None):
            for y_prev in (y for y, j in zip(heights[l - 1], shown[l - 1]) if j is not None):
                ax.plot([dx * (l - 1), dx * l], [y_prev, y], color="lightgray", linewidth=0.8, zorder=1)
        shapes = f"$W^{{[{l}]}}$ {(dims[l], dims[l - 1])}\n$b^{{[{l}]}}$ {(dims[l], 1)}"
        ax.text(dx * (l - 0.5), top + 0.45, shapes, ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "round", "facecolor": "#fff4cc", "edgecolor": "gray"})
    for l, (units, ys) in enumerate(zip(shown, heights)):
        for y, j in zip(ys, units):
            if j is None:
                ax.text(dx * l, y, r"$\vdots$", ha="center", va="center", fontsize=14)
            elif l == 0:
                _unit(ax, 0, y, "")
                ax.text(-0.45, y, names[0](j), ha="right", va="center", fontsize=10)
            else:
                _unit(ax, dx * l, y, names[l](j))
        kind = "input" if l == 0 else "output" if l == L else "hidden"
        below = f"layer {l} ({kind})\n$n^{{[{l}]}} = {dims[l]}$"
        ax.text(dx * l, -2.55, below + (f"\n{activation_names[l]}" if activation_names[l] else ""),
                ha="center", va="top", fontsize=10)
    general = r"$W^{[l]}$: $(n^{[l]}, n^{[l-1]})$,   $b^{[l]}$: $(n^{[l]}, 1)$,   $Z^{[l]}$, $A^{[l]}$: $(n^{[l]}, m)$"
    ax.text(dx * L / 2, -4.45, f"{general}\n{equations}", ha="center", va="center", fontsize=10)
    ax.set_title(title)
    return ax


def _shown_units(n, max_units):
    """Unit numbers drawn for a layer of n units: all of them, or the first ones, None (dots) and n."""
    if n <= max_units:
        return list(range(1, n + 1))
    return list(range(1, max_units - 1)) + [None, n]


def _column_heights(k):
    """y positions of k units, 0.95 apart, centred on 0."""
    return 0.95 * ((k - 1) / 2 - np.arange(k))


def _unit(ax, x, y, label):
    """A unit: a white circle at (x, y) with its label inside."""
    ax.scatter([x], [y], s=900, facecolor="white", edgecolor="k", zorder=3)
    ax.text(x, y, label, ha="center", va="center", fontsize=10, zorder=4)


def _box(ax, centre, size, text, fontsize=10, color="white"):
    """A rounded box of size (width, height) centred on centre, with text inside; returns the text."""
    (x, y), (w, h) = centre, size
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.15",
                                facecolor=color, edgecolor="k", zorder=2))
    return ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=3, linespacing=1.6)


def _arrow(ax, start, end, color="k", linestyle="-"):
    """An arrow from start to end, in data coordinates."""
    ax.annotate("", xy=end, xytext=start, arrowprops={**_ARROW, "color": color, "linestyle": linestyle})


def _labelled_arrow(ax, start, end, above, below, color=None):
    """A horizontal arrow with a forward label above it (blue) and a backward label below it (red)."""
    _arrow(ax, start, end, color=color or "k")
    x, y = (start[0] + end[0]) / 2, start[1]
    if above:
        ax.text(x, y + 0.15, above, ha="center", va="bottom", fontsize=11, color=color or FORWARD)
    if below:
        ax.text(x, y - 0.15, below, ha="center", va="top", fontsize=11, color=color or BACKWARD)


def _diagram_axes(ax, figsize, xlim, ylim):
    """The given Axes, or one of a new figure of figsize, set to xlim and ylim with no axis drawn."""
    ax = plt.subplots(figsize=figsize)[1] if ax is None else ax
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    return ax


def _check_count(name, n):
    """n as an int, after checking it is a whole number >= 1."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name} must be a positive int, got {n!r}.")
    return int(n)


def _check_layer_dims(layer_dims):
    """layer_dims as a list of ints, after checking it has at least two positive ints."""
    dims = list(layer_dims)
    if len(dims) < 2 or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in dims):
        raise ValueError(f"layer_dims must list at least two positive ints, the input size first; got {layer_dims!r}.")
    return [int(n) for n in dims]


def _edge_style(w, largest):
    """Line style of one weight w (None: no weights given); largest is the largest |w| drawn."""
    if w is None:
        return {"color": "gray", "linewidth": 1.0}
    if w == 0:
        return {"color": "lightgray", "linewidth": 0.8, "linestyle": ":"}
    return {"color": "tab:blue" if w > 0 else "tab:red", "linewidth": 0.5 + 3.5 * abs(w) / largest}


def _new_axes():
    """The Axes of a new figure."""
    return plt.subplots()[1]


def _as_row(name, values, m):
    """values of shape (1, m) or (m,) as a 1-D array of length m."""
    values = np.asarray(values)
    if values.shape not in ((1, m), (m,)):
        raise ValueError(f"{name} has shape {values.shape}, expected (1, {m}): one entry per example.")
    return values.reshape(m)


def _class_edges(classes):
    """Contour levels that give each of the sorted class values a band centred on it."""
    gaps = np.diff(classes) / 2 if classes.size > 1 else np.array([0.5])
    return np.concatenate([[classes[0] - gaps[0]], classes[:-1] + gaps, [classes[-1] + gaps[-1]]])


def _cost_runs(costs, labels):
    """(label, 1-D array of costs) pairs, from any of the forms plot_costs takes."""
    if isinstance(costs, Mapping):
        if labels is not None:
            raise ValueError("costs is a dict, whose keys already label the runs: leave labels=None.")
        labels, runs = [str(key) for key in costs], list(costs.values())
    elif all(np.ndim(cost) == 0 for cost in costs):
        runs = [costs]
    else:
        runs = list(costs)
    if labels is None:
        labels = [None] if len(runs) == 1 else [f"run {i + 1}" for i in range(len(runs))]
    if len(labels) != len(runs):
        raise ValueError(f"labels has {len(labels)} names for {len(runs)} runs of costs: give one per run.")
    runs = [np.asarray(run, dtype=float).ravel() for run in runs]
    if not runs or any(run.size == 0 for run in runs):
        raise ValueError("costs is empty: pass the costs recorded in training (L_layer_model returns them).")
    return list(zip(labels, runs))


def _check_images(images):
    """images as an array, after checking shape (m, h, w, c), c in {1, 3}, and the value range."""
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3) or images.shape[0] == 0:
        hints = {
            2: " Flattened columns X of shape (h * w * c, m) go back with X.T.reshape(m, h, w, c).",
            3: " Grayscale images of shape (m, h, w) need a channel axis: images[..., None].",
        }
        raise ValueError(
            f"images must have shape (m, h, w, c) with m >= 1 and c = 3 (RGB) or 1 (grayscale), "
            f"got {images.shape}.{hints.get(images.ndim, '')}"
        )
    vmax = 255 if np.issubdtype(images.dtype, np.integer) else 1
    if images.min() < 0 or images.max() > vmax:
        raise ValueError(
            f"images hold {images.dtype} values in [{images.min():g}, {images.max():g}], "
            f"outside [0, {vmax}]: integer images must lie in 0..255, float images in [0, 1] (divide by 255)."
        )
    return images


def _class_name(label, classes):
    """Title for an integer label: classes[label], decoded if bytes, or the number itself."""
    index = int(label)
    if classes is None:
        return str(index)
    if not 0 <= index < len(classes):
        raise ValueError(f"label {index} has no name: classes has {len(classes)} entries.")
    name = classes[index]
    return name.decode() if isinstance(name, bytes) else str(name)


def _image_grid(images, titles, ncols, axes):
    """Draw images (m, h, w, c) with titles on axes (or a new grid of them); return the m Axes."""
    m = images.shape[0]
    if axes is None:
        nrows, ncols = math.ceil(m / ncols), min(ncols, m)
        fig, grid = plt.subplots(nrows, ncols, figsize=(1.8 * ncols, 2.1 * nrows), squeeze=False)
        for ax in grid.ravel()[m:]:
            fig.delaxes(ax)
        axes = grid
    axes = np.ravel(axes)
    if axes.size < m:
        raise ValueError(f"axes has {axes.size} Axes for {m} images: pass one per image, or axes=None.")
    vmax = 255 if np.issubdtype(images.dtype, np.integer) else 1
    for ax, image, title in zip(axes, images, titles):
        if image.shape[-1] == 1:
            ax.imshow(image[..., 0], cmap="gray", vmin=0, vmax=vmax)
        else:
            ax.imshow(image)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    return axes[:m]


BEYOND = "tab:orange"  # plot_layer_histograms: an end bar that also counts the values beyond the axis


def plot_layer_histograms(activations, bins=30, title=None, axes=None):
    """One histogram per layer of the values of A[1], ..., A[L], all on the x-axis of A[1], and a last
    panel with every layer's typical size (root mean square) on a log scale.

    activations -- list of L >= 1 arrays, activations[l - 1] = A[l] of shape (n[l], m), as
                   experiments.initial_activations returns them
    bins -- number of bars of every histogram
    title -- title of the whole figure (only with a new figure)
    axes -- optional sequence of at least L + 1 Axes (default: a new figure, 4 panels a row)

    Every panel has the x-axis of A[1] (from -max|A[1]| when A[1] has negative values, else from 0,
    to max|A[1]|), so a layer whose values shrink shows as a spike at 0 and one whose values grow
    piles up in the end bars, which count every value beyond the axis (such a bar is drawn in the
    colour BEYOND). The bars give shares of the layer's entries; entries exactly 0 (a ReLU's) are
    not drawn, and each title gives their share.

    Returns a 1-D array of the L + 1 Axes drawn on.
    """
    layers = [np.asarray(A, dtype=float) for A in activations]
    if not layers or any(A.ndim != 2 or A.size == 0 for A in layers):
        raise ValueError("activations must be a non-empty list of 2-D arrays A[l] of shape (n[l], m), "
                         f"got shapes {[np.shape(A) for A in activations]}.")
    if not all(np.all(np.isfinite(A)) for A in layers):
        raise ValueError("activations hold inf or nan: the signal overflowed; try a smaller scale.")
    bins = _check_count("bins", bins)
    L = len(layers)
    if axes is None:
        ncols = min(4, L + 1)
        nrows = math.ceil((L + 1) / ncols)
        # fixed margins: a layout engine would take most of the time of every redraw of a slider
        fig, grid = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.6 * nrows + 0.4), squeeze=False,
                                 gridspec_kw={"hspace": 0.45, "wspace": 0.3, "top": 1 - 0.55 / (2.6 * nrows + 0.4)})
        for ax in grid.ravel()[L + 1:]:
            fig.delaxes(ax)
        if title is not None:
            fig.suptitle(title)
        axes = grid
    axes = np.ravel(axes)
    if axes.size < L + 1:
        raise ValueError(f"axes has {axes.size} Axes for {L} layers: pass L + 1 (a histogram per layer and "
                         "the sizes' panel), or axes=None.")
    high = np.max(np.abs(layers[0])) or 1.0
    low = -high if np.min(layers[0]) < 0 else 0.0
    edges = np.linspace(low, high, bins + 1)
    sizes = np.array([np.sqrt(np.mean(A ** 2)) for A in layers])
    for l, (ax, A, size) in enumerate(zip(axes, layers, sizes), start=1):
        values = A[A != 0]
        # beyond the axis counts in the end bars, so that a layer that grows still shows its whole share
        counts = np.histogram(np.clip(values, low, high), bins=edges)[0] / A.size
        bars = ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color="tab:blue")
        for bar, beyond in ((bars[0], np.any(values < low)), (bars[-1], np.any(values > high))):
            if beyond:
                bar.set_color(BEYOND)
        notes = [f"rms {size:.2g}"]
        if values.size < A.size:
            notes.append(f"{100 * (1 - values.size / A.size):.0f} % exactly 0")
        ax.set_title(f"A[{l}]: " + ", ".join(notes), fontsize=9)
        ax.set_xlim(low, high)
        ax.tick_params(labelsize=8)
    axes[0].set_ylabel("share of entries", fontsize=9)
    ax = axes[L]
    layer_numbers = np.arange(1, L + 1)
    positive = sizes > 0  # a layer of zeros has no place on a log scale
    ax.plot(layer_numbers[positive], sizes[positive], "o-", color="tab:red")
    ax.set_yscale("log")
    if positive.any():  # at least 0.01 to 10, so that a steady size looks flat rather than magnified
        ax.set_ylim(min(0.01, sizes[positive].min() / 2), max(10.0, sizes[positive].max() * 2))
    ax.set_xticks(layer_numbers)
    ax.set_title("typical size of A[l] (rms)", fontsize=9)
    ax.set_xlabel("layer l", fontsize=9)
    ax.tick_params(labelsize=8)
    return axes[:L + 1]


def plot_derivative_check(g, g_prime, name, points=None, epsilon=1e-4, kinks=(), ax=None):
    """Draw g and its derivative g' (the formula) on [-3, 3], with the slope measured by centred
    differences (g(z + epsilon) - g(z - epsilon)) / (2 epsilon) as dots on top: where the formula is
    right the dots sit on its curve. At a kink, where g has no derivative, the derivative curve is left
    open and the measured slope is drawn hollow.

    g, g_prime -- elementwise functions of a 1-D array z: the activation and its derivative formula
    name -- the activation's name, for the legend and the title
    points -- 1-D points where the slope is measured (default: -3, -2.5, ..., 3, which includes 0)
    kinks -- the points where g has no derivative, e.g. [0] for ReLU
    ax -- Axes to draw on (default: a new figure)

    Returns the Axes; its title gives the largest |g'(z) - measured slope| away from the kinks.
    """
    points = np.linspace(-3, 3, 13) if points is None else np.asarray(points, dtype=float)
    kinks = np.asarray(kinks, dtype=float)
    if points.ndim != 1 or points.size == 0:
        raise ValueError(f"points must be a non-empty 1-D array of z values, got shape {points.shape}.")
    if not epsilon > 0:
        raise ValueError(f"epsilon must be a small positive number such as 1e-4, got {epsilon!r}.")
    z = np.linspace(-3, 3, 601)
    derivative = np.asarray(g_prime(z), dtype=float)
    for kink in kinks:  # no line across a jump of the derivative
        derivative[np.argmin(np.abs(z - kink))] = np.nan
    measured = (g(points + epsilon) - g(points - epsilon)) / (2 * epsilon)
    at_kink = np.isin(points, kinks)
    gap = np.max(np.abs(g_prime(points[~at_kink]) - measured[~at_kink]), initial=0.0)
    ax = _new_axes() if ax is None else ax
    ax.plot(z, g(z), color=FORWARD, label=f"{name}(z)")
    ax.plot(z, derivative, color=BACKWARD, label=f"{name}'(z), the formula")
    ax.scatter(points[~at_kink], measured[~at_kink], color="k", s=18, zorder=3, label="measured slope")
    if at_kink.any():
        ax.scatter(points[at_kink], measured[at_kink], facecolors="none", edgecolors="k", s=40, zorder=3,
                   label="measured at a kink: no derivative")
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.set(xlabel="z", title=f"{name}: formula vs measured slope\nlargest gap {gap:.1e}"
           + (" (kinks left out)" if at_kink.any() else ""))
    ax.legend(fontsize=8)
    return ax


def show_now(figure):
    """Show `figure` at once, then close it: for a slider's callback. The inline backend shows the
    figures of a cell when the cell ends, and moving a slider runs no cell, so a figure drawn there
    would never be shown (and would pile up); shown here it goes into the slider's Output widget."""
    display(figure)
    plt.close(figure)

