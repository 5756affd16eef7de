"""Speed figures of the course: prints numbers and ratios, asserts nothing (machines are noisy).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/run.py [--no-notebooks]

1. Each master notebook executed top to bottom with nbclient (targets: at most 60 s each, week 4b
   at most 30 s, the whole course at most 100 s).
2. One training step (forward, backward, update) of the networks week 4b trains, on the discs
   pictures, against its GEMM floor: the time of just the matrix products the step needs, run
   with numpy on arrays of the step's shapes, a lower bound for any numpy version of the step.
   The step is timed as the finished models run it (input_gradient=False: no dA0), with the full
   backward pass (dA0 included, week 4a's graded contract) and built from week 4a's master
   solutions (the blocks students write cost what the finished ones cost).
"""
import argparse
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from autograder import masters  # noqa: E402
from dnn_utils import network  # noqa: E402
from dnn_utils.data import load_dataset  # noqa: E402
from notebook_tools import MASTERS, execute  # noqa: E402

BUDGET = 60  # seconds per master
BUDGETS = {"02_deep_network_application.ipynb": 30}  # masters with a budget of their own
COURSE_BUDGET = 100  # seconds for the whole course
REPEATS = 30


def best_of(repeats, functions):
    """name -> fastest wall time of `repeats` calls of functions[name], in seconds. The functions
    take turns, so a burst of load from elsewhere slows them all alike."""
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def step(blocks, X, Y, parameters, learning_rate, **backward_options):
    """One gradient step with the L_model_forward / L_model_backward / update_parameters of `blocks`."""
    AL, caches = blocks.L_model_forward(X, parameters)
    grads = blocks.L_model_backward(AL, Y, caches, **backward_options)
    return blocks.update_parameters(parameters, grads, learning_rate)


def products(X, parameters):
    """The matrix products of one step and nothing else: W{l} A{l-1} forward, then dZ{l} A{l-1}.T
    for every layer and W{l}.T dZ{l} for every layer but the first (dA0 is not needed)."""
    L = len(parameters) // 2
    activations = [X]
    for l in range(1, L + 1):
        activations.append(parameters[f"W{l}"] @ activations[-1])
    dZ = activations[-1]  # any array of the shape of ZL: the values do not change the time
    for l in reversed(range(1, L + 1)):
        dZ @ activations[l - 1].T
        if l > 1:
            dZ = parameters[f"W{l}"].T @ dZ


def time_notebooks():
    print("\nnotebook execution (nbclient, kernel start included)")
    total = 0.0
    for path in MASTERS:
        start = time.perf_counter()
        execute(path, timeout=600)
        seconds = time.perf_counter() - start
        total += seconds
        budget = BUDGETS.get(path.name, BUDGET)
        print(f"  {path.parent.name}/{path.name:<45} {seconds:6.1f} s   ({seconds / budget:4.0%} of its {budget} s budget)")
    print(f"  {'whole course':<51} {total:6.1f} s   ({total / COURSE_BUDGET:4.0%} of its {COURSE_BUDGET} s budget)")


def time_step(X, Y, layer_dims, solutions):
    """Print one step of the network layer_dims against its GEMM floor, every version of it timed."""
    parameters = network.initialize_parameters_deep(layer_dims)
    runs = {
        "GEMM floor (the matrix products alone)": lambda: products(X, parameters),
        "dnn_utils.network, input_gradient=False": lambda: step(network, X, Y, parameters, 0.0075, input_gradient=False),
        "dnn_utils.network, dA0 included": lambda: step(network, X, Y, parameters, 0.0075),
        "week 4a master's solutions, dA0 included": lambda: step(solutions, X, Y, parameters, 0.0075),
    }
    seconds = best_of(REPEATS, runs)
    results = [run() for name, run in runs.items() if not name.startswith("GEMM")]
    same = all(np.allclose(result[k], results[0][k], rtol=1e-12) for result in results for k in parameters)
    floor, skipped, full = list(seconds.values())[:3]
    print(f"\ntraining step of {layer_dims} on {X.shape[1]} images (best of {REPEATS})")
    for name, value in seconds.items():
        print(f"  {name:<42} {value * 1e3:7.2f} ms   {value / floor:5.2f}x the floor")
    print(f"  dA0 is {1 - skipped / full:.0%} of the full step; every step gives the same parameters: {same}")


def time_steps():
    train_x_orig, train_y, *_ = load_dataset("discs")
    X = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0
    solutions = SimpleNamespace(**masters.references("week4_deep_network_step_by_step"))
    for hidden in ((20, 7, 5), (7,)):
        time_step(X, train_y, [X.shape[0], *hidden, 1], solutions)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-notebooks", action="store_true", help="time the training steps only")
    args = parser.parse_args()
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    if not args.no_notebooks:
        time_notebooks()
    time_steps()


if __name__ == "__main__":
    main()
