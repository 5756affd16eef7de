#!/usr/bin/env python3
"""Measure the test accuracy of the course's models on each image set; print a markdown table.

    python data/measure_baselines.py    # about 5 minutes on one core; the table goes in data/README.md

Models are the course's own (dnn_utils.network.L_layer_model), trained by batch gradient descent
on X = images flattened to columns / 255. Logistic regression is the network [n_x, 1] started
from zero weights, as in week 2. The discs set is also scored on 1000 fresh images from its
generator, since 50 test images move the accuracy in steps of 2 points.
"""
import time

import numpy as np

from build_datasets import discs_images
from dnn_utils.data import load_dataset
from dnn_utils.network import L_layer_model, predict

FRESH_DISCS = 1000
FRESH_DISCS_SEED = 99
# (row label, hidden layer sizes, learning_rate, num_iterations, initial weight scale)
MODELS = [
    ("logistic regression", [], 0.005, 2000, 0.0),
    ("2-layer", [7], 0.0075, 2500, "xavier"),
    ("2-layer, init 0.01", [7], 0.0075, 2500, 0.01),
    ("4-layer", [20, 7, 5], 0.0075, 2500, "xavier"),
]


def flatten(x_orig):
    """Images uint8 (m, h, w, c) -> X float64 (h * w * c, m), scaled to [0, 1]."""
    return x_orig.reshape(x_orig.shape[0], -1).T / 255


def accuracy(X, Y, parameters):
    """Percentage of the m columns of X (n_x, m) whose prediction equals Y (1, m)."""
    return 100 * float(np.mean(predict(X, parameters) == Y))


def columns():
    """The table's columns: (heading, X_train, Y_train, [(X_test, Y_test), ...])."""
    train_x, train_y, test_x, test_y, _ = load_dataset("discs")
    fresh_x, fresh_y = discs_images(FRESH_DISCS, FRESH_DISCS_SEED)
    discs_tests = [(flatten(test_x), test_y), (flatten(fresh_x), fresh_y.reshape(1, -1))]
    fashion_train_x, fashion_train_y, fashion_test_x, fashion_test_y, _ = load_dataset("fashion")
    fashion_test = [(flatten(fashion_test_x), fashion_test_y)]
    return [
        ("discs, 209 train: 50 test / 1000 fresh", flatten(train_x), train_y, discs_tests),
        ("fashion: 200 train", flatten(fashion_train_x[:200]), fashion_train_y[:, :200], fashion_test),
        ("fashion: 4000 train", flatten(fashion_train_x), fashion_train_y, fashion_test),
    ]


def row(model, data_columns):
    """One markdown table row: the model's settings, then its test accuracies on every column."""
    label, hidden, learning_rate, num_iterations, scale = model
    cells = []
    for _, X, Y, tests in data_columns:
        parameters, _ = L_layer_model(X, Y, [X.shape[0], *hidden, 1], learning_rate, num_iterations, scale=scale)
        cells.append(" / ".join(f"{accuracy(X_test, Y_test, parameters):.1f} %" for X_test, Y_test in tests))
    layers = f"[n_x, {', '.join(map(str, hidden))}, 1]" if hidden else "[n_x, 1]"
    init = {0.0: "zeros", "xavier": "randn / sqrt(n[l-1])"}.get(scale, f"randn * {scale}")
    return f"| {label} | {layers} | {init} | {learning_rate} | {num_iterations} | " + " | ".join(cells) + " |"


def main():
    start = time.perf_counter()
    data_columns = columns()
    headings = [heading for heading, *_ in data_columns]
    settings = ["model", "layers", "initial weights (seed 1)", "learning rate", "iterations"]
    print("| " + " | ".join(settings + headings) + " |")
    print("|---" * (len(settings) + len(headings)) + "|")
    for model in MODELS:
        print(row(model, data_columns), flush=True)
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
