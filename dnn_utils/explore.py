"""Explore week 3's network with sliders: hidden size, learning rate, activation and starting weights
-> the decision boundary and the cost curve.

The network is week 3's: X (n_x, m) -> A1 = g(W1 X + b1), n_h units -> A2 = sigmoid(W2 A1 + b2), (1, m),
trained by batch gradient descent on the cross-entropy cost. `train`, `predict`, `accuracy`,
`plot_run` and `train_and_plot` are plain functions (no widgets, no display), so they run and are
tested without a browser; `controls` and `explorer` wrap them in ipywidgets.
"""
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dnn_utils import activations
from dnn_utils.plots import plot_costs, plot_decision_boundary, show_now

# name -> (g, g'), with g' written from Z and A = g(Z) so that tanh and sigmoid reuse A
ACTIVATIONS = {
    "tanh": (activations.tanh, lambda Z, A: 1.0 - A ** 2),
    "sigmoid": (activations.sigmoid, lambda Z, A: A * (1.0 - A)),
    "relu": (activations.relu, lambda Z, A: (Z > 0).astype(float)),  # g'(0) taken as 0
    "leaky_relu": (activations.leaky_relu, lambda Z, A: np.where(Z > 0, 1.0, activations.LEAKY_SLOPE)),
    "identity": (lambda Z: Z, lambda Z, A: np.ones_like(Z)),  # no non-linearity: a linear model
}
# name -> what the starting weights are; "small" is week 3's initialize_parameters
STARTS = {"small": "0.01 * randn", "he": "randn * sqrt(2 / n[l-1])"}
NUM_ITERATIONS = 5000
HIDDEN_SIZES = (1, 50)  # the hidden-size slider's range
LEARNING_RATES = (0.003, 0.01, 0.03, 0.1, 0.3, 0.6, 1.2, 2.4, 5.0, 10.0)  # the learning-rate slider's stops
DEFAULTS = {"n_h": 4, "learning_rate": 1.2, "activation": "tanh", "start": "small"}  # week 3's network


class Run(NamedTuple):
    """One training run: its settings, the learned parameters and the cost after every step."""

    n_h: int
    learning_rate: float
    activation: str
    start: str
    parameters: dict  # W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)
    costs: np.ndarray  # shape (k + 1,): costs[i] after i steps; k = num_iterations unless it overflowed
    overflowed: bool  # the cost stopped being a finite number, and training stopped there


def initial_parameters(n_x, n_h, start="small", seed=3):
    """Starting weights drawn from np.random.RandomState(seed), W1 first, and zero biases.

    start -- "small": randn * 0.01, as week 3's initialize_parameters (seed 3 is nn_model's start);
             "he": randn * sqrt(2 / n[l-1]), the scale that suits ReLU layers

    Returns a dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1).
    """
    if start not in STARTS:
        raise ValueError(f"start must be one of {', '.join(map(repr, STARTS))}; got {start!r}.")
    rng = np.random.RandomState(seed)
    W1, W2 = rng.randn(n_h, n_x), rng.randn(1, n_h)
    if start == "small":
        W1, W2 = W1 * 0.01, W2 * 0.01
    else:
        W1, W2 = W1 * np.sqrt(2 / n_x), W2 * np.sqrt(2 / n_h)
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((1, 1))}


def forward(parameters, X, activation):
    """A2, the probabilities of label 1, shape (1, m), for X of shape (n_x, m)."""
    g, _ = _activation(activation)
    A1 = g(parameters["W1"] @ X + parameters["b1"])
    return activations.sigmoid(parameters["W2"] @ A1 + parameters["b2"])


def train(X, Y, n_h=4, learning_rate=1.2, activation="tanh", start="small", num_iterations=NUM_ITERATIONS, seed=3):
    """Train the one-hidden-layer network by batch gradient descent.

    X -- data, shape (n_x, m); Y -- labels 0 or 1, shape (1, m), of any numeric dtype
    n_h -- hidden units; activation -- a key of ACTIVATIONS, for the hidden layer
    start, seed -- the starting weights, as initial_parameters draws them

    Returns a Run. With the defaults it is week 3's nn_model (4 tanh units, learning rate 1.2).
    A learning rate too large for the data can make the cost overflow: training stops at the first
    cost that is not a finite number, and the Run keeps the parameters of the last finite one.
    """
    X, Y = _check_data(X, Y)
    if isinstance(n_h, bool) or not isinstance(n_h, (int, np.integer)) or n_h < 1:
        raise ValueError(f"n_h must be a positive int, the number of hidden units; got {n_h!r}.")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}.")
    if isinstance(num_iterations, bool) or not isinstance(num_iterations, (int, np.integer)) or num_iterations < 0:
        raise ValueError(f"num_iterations must be an int >= 0, got {num_iterations!r}.")
    g, g_prime = _activation(activation)
    m = X.shape[1]
    parameters = previous = initial_parameters(X.shape[0], n_h, start, seed)
    costs = np.empty(num_iterations + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by Run.overflowed
        for i in range(num_iterations + 1):
            W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
            Z1 = W1 @ X + b1
            A1 = g(Z1)
            Z2 = W2 @ A1 + b2
            # -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) = log(1 + e^z) - y z, finite for any finite z
            costs[i] = np.mean(np.logaddexp(0.0, Z2) - Y * Z2)
            if not np.isfinite(costs[i]):  # the previous step overflowed: keep the parameters before it
                return Run(int(n_h), float(learning_rate), activation, start, previous, costs[:i], True)
            if i == num_iterations:
                break
            dZ2 = activations.sigmoid(Z2) - Y
            dZ1 = (W2.T @ dZ2) * g_prime(Z1, A1)
            previous, parameters = parameters, {
                "W1": W1 - learning_rate * (dZ1 @ X.T) / m,
                "b1": b1 - learning_rate * np.sum(dZ1, axis=1, keepdims=True) / m,
                "W2": W2 - learning_rate * (dZ2 @ A1.T) / m,
                "b2": b2 - learning_rate * np.sum(dZ2, axis=1, keepdims=True) / m,
            }
    return Run(int(n_h), float(learning_rate), activation, start, parameters, costs, False)


def predict(run, X):
    """Labels 1. where the run's network gives a probability above 0.5, else 0.; shape (1, m) for X (n_x, m)."""
    with np.errstate(over="ignore", invalid="ignore"):  # parameters of a run close to overflowing
        return (forward(run.parameters, X, run.activation) > 0.5).astype(float)


def accuracy(run, X, Y):
    """The fraction of the m examples of X (n_x, m), Y (1, m) that the run labels right, a float."""
    return float(np.mean(predict(run, X) == np.asarray(Y).reshape(1, -1)))


def plot_run(run, X, Y, axes=None):
    """Draw the run's decision boundary on the 2-D data X (2, m), Y (1, m) (left) and its cost
    against the iteration (right).

    axes -- optional pair of Axes (default: a new figure with two side by side)

    Returns the two Axes, as an array.
    """
    axes = plt.subplots(1, 2, figsize=(11, 4.2))[1] if axes is None else np.asarray(axes)
    settings = f"{run.n_h} {run.activation} units, learning rate {run.learning_rate:g}, start {STARTS[run.start]}"
    plot_decision_boundary(
        lambda points: predict(run, points), X, Y, ax=axes[0],
        title=f"{settings}\ntraining accuracy {100 * accuracy(run, X, Y):.1f} %", resolution=150,
    )
    axes[0].title.set_fontsize(9)
    # an overflowing cost climbs to ~1e308: its logarithm shows the climb (a log axis cannot reach that far)
    plot_costs(np.log10(run.costs) if run.overflowed else run.costs, ax=axes[1], every=1)
    ending = f"overflowed at iteration {run.costs.size}" if run.overflowed else f"{run.costs[-1]:.4f} at the end"
    axes[1].set(xlabel="iteration", ylabel="log10(cost)" if run.overflowed else "cost",
                title=f"cost: {run.costs[0]:.4f} at the start, {ending}")
    axes[1].title.set_fontsize(9)
    return axes


def train_and_plot(X, Y, num_iterations=NUM_ITERATIONS, **settings):
    """Train with `settings` (n_h, learning_rate, activation, start; the rest from DEFAULTS) and draw
    the run with plot_run. Returns (run, axes)."""
    unknown = set(settings) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}: the settings are {', '.join(DEFAULTS)}.")
    run = train(X, Y, num_iterations=num_iterations, **{**DEFAULTS, **settings})
    return run, plot_run(run, X, Y)


def controls():
    """The explorer's widgets, name -> widget, set to DEFAULTS. The sliders report a value only when
    released (continuous_update=False), so dragging one trains once, not at every pixel."""
    style = {"description_width": "initial"}
    return {
        "n_h": widgets.IntSlider(value=DEFAULTS["n_h"], min=HIDDEN_SIZES[0], max=HIDDEN_SIZES[1],
                                 description="hidden units n_h", continuous_update=False, style=style),
        "learning_rate": widgets.SelectionSlider(options=LEARNING_RATES, value=DEFAULTS["learning_rate"],
                                                 description="learning rate", continuous_update=False, style=style),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=DEFAULTS["activation"],
                                       description="hidden activation", style=style),
        "start": widgets.Dropdown(options=[(text, name) for name, text in STARTS.items()], value=DEFAULTS["start"],
                                  description="starting weights", style=style),
    }


def explorer(X, Y, num_iterations=NUM_ITERATIONS):
    """The sliders and, under them, the decision boundary and cost curve of a network trained on
    X (2, m), Y (1, m) with their settings: drawn once now, with DEFAULTS, and again after every change.

    Returns an ipywidgets VBox to display (the last expression of a notebook cell).
    """
    X, Y = _check_data(X, Y)
    widget_of = controls()

    def draw(**settings):
        show_now(train_and_plot(X, Y, num_iterations=num_iterations, **settings)[1][0].figure)

    output = widgets.interactive_output(draw, widget_of)
    rows = [widgets.HBox([widget_of["n_h"], widget_of["learning_rate"]]),
            widgets.HBox([widget_of["activation"], widget_of["start"]])]
    return widgets.VBox([*rows, output])


def _activation(name):
    """(g, g') of an activation's name."""
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}; got {name!r}.")
    return ACTIVATIONS[name]


def _check_data(X, Y):
    """X (n_x, m) and Y (1, m) as float arrays, after checking their shapes agree."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X has shape {X.shape}, expected (n_x, m): one example per column.")
    if Y.shape != (1, X.shape[1]):
        hint = " Make it a row: Y.reshape(1, -1)." if Y.size == X.shape[1] else ""
        raise ValueError(f"Y has shape {Y.shape}, expected (1, {X.shape[1]}), one label per column of X.{hint}")
    return X, Y
