"""Speed figures of the course: prints numbers and ratios, asserts nothing (machines are noisy).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/run.py

1. Each master notebook executed top to bottom with nbclient (target: at most 60 s each, the whole
   course at most 3 minutes).
2. One training step (forward, backward, update) of dnn_utils.network's finished L-layer network
   against the same step built from week 4a's master solutions, on the discs data (target ratio
   close to 1: the blocks students get in week 4b cost what the ones they write cost).
"""
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


def best_of(repeats, function):
    """Fastest wall time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def step(blocks, X, Y, parameters, learning_rate):
    """One gradient step with the L_model_forward / L_model_backward / update_parameters of `blocks`."""
    AL, caches = blocks.L_model_forward(X, parameters)
    grads = blocks.L_model_backward(AL, Y, caches)
    return blocks.update_parameters(parameters, grads, learning_rate)


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
    solutions = SimpleNamespace(**masters.references("week4_deep_network_step_by_step"))
    ours = best_of(20, lambda: step(network, X, train_y, parameters, 0.0075))
    theirs = best_of(20, lambda: step(solutions, X, train_y, parameters, 0.0075))
    a, b = step(network, X, train_y, parameters, 0.0075), step(solutions, X, train_y, parameters, 0.0075)
    same = all(np.allclose(a[k], b[k]) for k in parameters)
    print(f"\nL-layer training step, [12288, 20, 7, 5, 1] on {X.shape[1]} images (best of 20)")
    print(f"  dnn_utils.network            {ours * 1e3:7.2f} ms")
    print(f"  week 4a master's solutions   {theirs * 1e3:7.2f} ms")
    print(f"  ratio                        {ours / theirs:7.2f}x   (same result: {same})")


if __name__ == "__main__":
    main()
