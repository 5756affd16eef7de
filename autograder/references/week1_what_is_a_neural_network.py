"""Reference solutions of week 1, "What a neural network is".

Same contracts as the graded functions of autograder/source/week1/01_what_is_a_neural_network.ipynb;
the hidden checks take their expected values from here.
"""
import numpy as np


def relu(Z):
    """max(0, Z) elementwise, as a new array. Z -- float array of any shape; returns the same shape."""
    return np.maximum(0.0, Z)


def housing_neuron(size, w, b):
    """Price of each house from its size: relu(w * size + b). size -- shape (1, m); returns (1, m)."""
    return relu(w * size + b)


def stacked_prices(X, parameters):
    """Prices from a layer of ReLU units and a ReLU output unit: relu(W2 relu(W1 X + b1) + b2).

    X (n_x, m); W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1); returns (1, m).
    """
    A1 = relu(parameters["W1"] @ X + parameters["b1"])
    return relu(parameters["W2"] @ A1 + parameters["b2"])


def accuracy(predictions, Y):
    """Percentage of the m examples whose prediction equals the label, a Python float.

    predictions, Y -- labels 0 or 1, shape (1, m)
    """
    return float(100 * np.mean(predictions == Y))
