"""Plots the notebooks use: decision boundaries, cost curves, image grids, activation shapes,
network diagrams.

Every function draws on the Axes it is given, or on a new figure, and returns the Axes it drew on,
so a notebook can adjust the plot and a test can inspect it. Nothing here calls plt.show().
"""
import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize

from dnn_utils import activations

CMAP = "Spectral"
# (name, g, g_backward, line style): leaky_relu is dashed so relu still shows beneath it
ACTIVATION_CURVES = [
    ("sigmoid", activations.sigmoid, activations.sigmoid_backward, "-"),
    ("tanh", activations.tanh, activations.tanh_backward, "-"),
    ("relu", activations.relu, activations.relu_backward, "-"),
    ("leaky_relu", activations.leaky_relu, activations.leaky_relu_backward, "--"),
]


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
