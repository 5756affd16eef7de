"""dnn_utils.explore, the sliders of week 3, without a browser: the trainer is week 3's network, its
gradients agree with finite differences, the figures show a boundary and a cost curve, the widgets
have the documented ranges and draw once when built and once per change; a headless kernel runs them."""
import warnings

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from nbclient import NotebookClient
from notebook_tools import kernel_env

from check_tools import course_checks
from dnn_utils import explore, plots
from dnn_utils.activations import sigmoid
from dnn_utils.data import load_planar_dataset

matplotlib.use("Agg")

X, Y = load_planar_dataset()  # Y is uint8, as the notebook has it


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def small_problem(m=30, seed=0):
    """X (2, m) and labels (1, m): 1 inside the unit circle, a problem no straight line solves."""
    X_small = np.random.RandomState(seed).randn(2, m)
    return X_small, (np.sum(X_small ** 2, axis=0, keepdims=True) < 1).astype(float)


def cost(parameters, X, Y, activation):
    """The cross-entropy cost by its definition: an independent reference for the trainer's gradients."""
    A2 = explore.forward(parameters, X, activation)
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


# ----------------------------------------------------------------------------- training
def test_the_defaults_are_week_3s_nn_model():
    _, ref, _, _ = course_checks("week3_planar_data_classification")
    run = explore.train(X, Y, num_iterations=300)
    want = ref.nn_model(X, Y, 4, num_iterations=300)
    for name in want:
        np.testing.assert_allclose(run.parameters[name], want[name], rtol=1e-10, atol=1e-14)
    assert run.costs.shape == (301,) and not run.overflowed
    assert run.costs[0] == pytest.approx(cost(explore.initial_parameters(2, 4), X, Y, "tanh"), rel=1e-12)
    assert run.costs[-1] == pytest.approx(cost(run.parameters, X, Y, "tanh"), rel=1e-12)


@pytest.mark.parametrize("activation", sorted(explore.ACTIVATIONS))
def test_one_step_follows_the_gradient_of_the_cost(activation):
    """(start - after one step) / learning_rate is the gradient: compare it with centred differences."""
    X_small, Y_small = small_problem()
    start = explore.initial_parameters(2, 3, "he", seed=1)
    learning_rate = 0.5
    step = explore.train(X_small, Y_small, n_h=3, learning_rate=learning_rate, activation=activation,
                         start="he", num_iterations=1, seed=1)
    eps = 1e-6
    for name, value in start.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            nudged = [dict(start, **{name: value.copy()}) for _ in range(2)]
            nudged[0][name][index] += eps
            nudged[1][name][index] -= eps
            numeric[index] = (cost(nudged[0], X_small, Y_small, activation)
                              - cost(nudged[1], X_small, Y_small, activation)) / (2 * eps)
        gradient = (value - step.parameters[name]) / learning_rate
        np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-8, err_msg=f"{activation}: d{name}")


@pytest.mark.parametrize("activation", sorted(explore.ACTIVATIONS))
@pytest.mark.parametrize("start", sorted(explore.STARTS))
def test_costs_fall_at_every_step_for_a_sane_learning_rate(activation, start):
    run = explore.train(X, Y, learning_rate=0.1, activation=activation, start=start, num_iterations=500)
    assert np.all(np.diff(run.costs) <= 1e-12), "the cost rose on a step"  # 1e-12: rounding on a plateau
    assert run.costs[-1] < run.costs[0] - 1e-4


def test_week_3s_network_learns_the_flower():
    assert explore.accuracy(explore.train(X, Y), X, Y) > 0.88


def test_an_identity_hidden_layer_is_logistic_regression():
    run = explore.train(X, Y, activation="identity", num_iterations=500)
    p = run.parameters
    W, b = p["W2"] @ p["W1"], p["W2"] @ p["b1"] + p["b2"]  # W' = W2 W1, b' = W2 b1 + b2
    np.testing.assert_allclose(explore.forward(p, X, "identity"), sigmoid(W @ X + b), rtol=1e-12)
    assert explore.accuracy(run, X, Y) < 0.6  # a straight boundary cannot separate the petals


def test_a_learning_rate_that_overflows_stops_with_the_last_finite_parameters():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = explore.train(X, Y, learning_rate=10.0, activation="identity", num_iterations=1000)
        axes = explore.plot_run(run, X, Y)
    assert run.overflowed and 1 < run.costs.size < 1001
    assert np.all(np.isfinite(run.costs))
    assert all(np.all(np.isfinite(value)) for value in run.parameters.values())
    assert f"overflowed at iteration {run.costs.size}" in axes[1].get_title()
    assert axes[1].get_ylabel() == "log10(cost)" and axes[1].get_lines()[0].get_ydata().max() > 100


@pytest.mark.parametrize("kwargs, pattern", [
    ({"activation": "softmax"}, "activation must be one of 'tanh', 'sigmoid', 'relu', 'leaky_relu', 'identity'"),
    ({"n_h": 0}, "n_h must be a positive int"),
    ({"n_h": 2.5}, "n_h must be a positive int"),
    ({"learning_rate": 0}, "learning_rate must be a positive number"),
    ({"start": "zeros"}, "start must be one of 'small', 'he'"),
    ({"num_iterations": -1}, "num_iterations must be an int >= 0"),
])
def test_train_validation(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        explore.train(X, Y, **kwargs)


def test_data_validation():
    with pytest.raises(ValueError, match=r"Y has shape \(400,\), expected \(1, 400\).*Y.reshape\(1, -1\)"):
        explore.train(X, Y.ravel())
    with pytest.raises(ValueError, match=r"X has shape \(800,\), expected \(n_x, m\)"):
        explore.train(X.ravel(), Y)


# ----------------------------------------------------------------------------- figures
def test_plot_run_draws_the_boundary_and_the_cost_curve():
    run = explore.train(X, Y, num_iterations=200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        boundary, curve = explore.plot_run(run, X, Y)
    assert any(isinstance(c, ContourSet) for c in boundary.collections), "no decision regions"
    (points,) = [c for c in boundary.collections if isinstance(c, PathCollection)]
    assert len(points.get_offsets()) == X.shape[1]
    title = boundary.get_title()
    assert "4 tanh units, learning rate 1.2, start 0.01 * randn" in title
    assert f"training accuracy {100 * explore.accuracy(run, X, Y):.1f} %" in title
    (line,) = curve.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), np.arange(201))
    np.testing.assert_array_equal(line.get_ydata(), run.costs)
    assert curve.get_title() == f"cost: {run.costs[0]:.4f} at the start, {run.costs[-1]:.4f} at the end"
    assert curve.get_ylabel() == "cost"


def test_train_and_plot_passes_the_settings_and_fills_in_the_defaults():
    run, axes = explore.train_and_plot(X, Y, num_iterations=50, n_h=2, activation="relu")
    assert (run.n_h, run.learning_rate, run.activation, run.start) == (2, 1.2, "relu", "small")
    assert axes[0].get_title().startswith("2 relu units")
    with pytest.raises(ValueError, match=r"unknown settings \['hidden'\]: the settings are n_h, learning_rate"):
        explore.train_and_plot(X, Y, hidden=3)


# ----------------------------------------------------------------------------- widgets
def test_controls_have_the_documented_ranges_and_report_only_on_release():
    controls = explore.controls()
    assert list(controls) == ["n_h", "learning_rate", "activation", "start"]
    n_h, learning_rate, activation, start = controls.values()
    assert isinstance(n_h, widgets.IntSlider) and (n_h.min, n_h.max, n_h.value) == (1, 50, 4)
    assert isinstance(learning_rate, widgets.SelectionSlider)
    assert learning_rate.options == explore.LEARNING_RATES and learning_rate.value == 1.2
    assert min(learning_rate.options) <= 0.01 and max(learning_rate.options) >= 5  # from crawling to diverging
    assert not n_h.continuous_update and not learning_rate.continuous_update
    assert activation.options == ("tanh", "sigmoid", "relu", "leaky_relu", "identity") and activation.value == "tanh"
    assert start.value == "small" and set(dict(start.options).values()) == set(explore.STARTS)


def test_explorer_draws_once_when_built_and_once_per_change(monkeypatch):
    shown = []
    monkeypatch.setattr(plots, "display", shown.append)
    X_small, Y_small = small_problem()
    box = explore.explorer(X_small, Y_small, num_iterations=20)
    assert len(shown) == 1, "the default settings are drawn once"
    assert shown[0].axes[0].get_title().startswith("4 tanh units, learning rate 1.2")
    assert isinstance(box, widgets.VBox) and isinstance(box.children[-1], widgets.Output)
    sliders = [w for row in box.children[:-1] for w in row.children]
    assert [type(w) for w in sliders] == [widgets.IntSlider, widgets.SelectionSlider, widgets.Dropdown, widgets.Dropdown]
    sliders[0].value = 7
    sliders[2].value = "identity"
    assert [figure.axes[0].get_title().split(",")[0] for figure in shown] == ["4 tanh units", "7 tanh units", "7 identity units"]
    assert plt.get_fignums() == [], "every figure is closed once shown, so none is shown twice"


def test_a_headless_kernel_runs_the_explorer_and_draws_into_its_output_widget(tmp_path, monkeypatch):
    """As nbconvert runs the notebook (no browser, the inline backend), then a slider moved from code:
    each figure goes into the explorer's Output widget, none into the cells' own outputs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib inline\nfrom dnn_utils import explore\nfrom dnn_utils.data import load_planar_dataset"),
        nbformat.v4.new_code_cell("X, Y = load_planar_dataset()\nbox = explore.explorer(X, Y, num_iterations=50)\nbox"),
        nbformat.v4.new_code_cell(
            "drawn, draw = [], explore.train_and_plot\n"
            "explore.train_and_plot = lambda X, Y, **settings: drawn.append(settings) or draw(X, Y, **settings)\n"
            "box.children[0].children[0].value = 7\n"
            "print([settings['n_h'] for settings in drawn])"
        ),
    ]
    for name, value in kernel_env().items():
        monkeypatch.setenv(name, value)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    views = [out for out in nb.cells[1].outputs if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]
    assert len(views) == 1, nb.cells[1].outputs
    assert not [out for cell in nb.cells for out in cell.outputs if "image/png" in out.get("data", {})]
    assert [out.text for out in nb.cells[2].outputs] == ["[7]\n"], "the slider's change trained and drew once"
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    (output,) = [model["state"] for model in state.values() if model["model_name"] == "OutputModel"]
    assert [out["output_type"] for out in output["outputs"]] == ["display_data"], "the new figure replaced the old"
    assert "image/png" in output["outputs"][0]["data"]
    sliders = [model["state"] for model in state.values() if model["model_name"] == "IntSliderModel"]
    assert [slider["value"] for slider in sliders] == [7]
