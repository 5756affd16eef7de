"""Speed figures of the course: prints numbers and ratios, asserts nothing (machines are noisy).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/run.py

1. Each master notebook executed top to bottom with nbclient (target: at most 60 s each, the whole
   course at most 3 minutes).
2. One training step (forward, backward, update) of dnn_utils.network's L-layer network against a
   plain, inline numpy reference of the same step, on the discs data (target ratio close to 1).
"""
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from dnn_utils import network  # noqa: E402
from dnn_utils.data import load_dataset  # noqa: E402
from notebook_tools import MASTERS, execute  # noqa: E402


def best_of(repeats, function):
    """Fastest wall time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_step(X, Y, parameters, learning_rate):
    """One gradient step of [LINEAR->RELU]*(L-1)->LINEAR->SIGMOID written out flat, as a reference."""
    L = len(parameters) // 2
    m = X.shape[1]
    A, As, Zs = X, [X], []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(Z, 0)
        Zs.append(Z)
        As.append(A)
    dZ = A - Y
    new = {}
    for l in range(L, 0, -1):
        dW = dZ @ As[l - 1].T / m
        db = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = (parameters[f"W{l}"].T @ dZ) * (Zs[l - 2] > 0)
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * dW
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * db
    return new


def course_step(X, Y, parameters, learning_rate):
    AL, caches = network.L_model_forward(X, parameters)
    grads = network.L_model_backward(AL, Y, caches)
    return network.update_parameters(parameters, grads, learning_rate)


def main():
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    print("\nnotebook execution (nbclient, kernel start included)")
    total = 0.0
    for path in MASTERS:
        start = time.perf_counter()
        execute(path, timeout=600)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"  {path.parent.name}/{path.name:<45} {seconds:6.1f} s   ({seconds / 60:.0%} of the 60 s budget)")
    print(f"  whole course {total:6.1f} s   ({total / 180:.0%} of the 3 min budget)")

    train_x_orig, train_y, *_ = load_dataset("discs")
    X = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0
    parameters = network.initialize_parameters_deep([X.shape[0], 20, 7, 5, 1])
    ours = best_of(20, lambda: course_step(X, train_y, parameters, 0.0075))
    plain = best_of(20, lambda: plain_step(X, train_y, parameters, 0.0075))
    same = all(np.allclose(a, b) for a, b in zip(course_step(X, train_y, parameters, 0.0075).values(),
                                                   (plain_step(X, train_y, parameters, 0.0075)[k] for k in parameters)))
    print("\nL-layer training step, [12288, 20, 7, 5, 1] on 209 images (best of 20)")
    print(f"  dnn_utils.network  {ours * 1e3:7.2f} ms")
    print(f"  plain reference    {plain * 1e3:7.2f} ms")
    print(f"  ratio              {ours / plain:7.2f}x   (same result: {same})")
    print("  (the course's step also returns dA0, the gradient for the 12288 x m input, which the plain step skips)")


if __name__ == "__main__":
    main()
