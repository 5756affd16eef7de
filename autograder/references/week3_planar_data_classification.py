"""Reference solutions of week 3, "Planar data classification with one hidden layer".

Same contracts as the graded functions of autograder/source/week3/01_planar_data_classification.ipynb;
the hidden checks take their expected values from here.
"""
import numpy as np


def sigmoid(Z):
    """Logistic sigmoid, elementwise, without overflow. Z -- any shape; returns the same shape."""
    return np.exp(-np.logaddexp(0.0, -Z))


def layer_sizes(X, Y):
    """(n_x, n_h, n_y) = (rows of X, 4, rows of Y), as Python ints."""
    return int(X.shape[0]), 4, int(Y.shape[0])


def initialize_parameters(n_x, n_h, n_y, seed=2):
    """W1 (n_h, n_x), W2 (n_y, n_h): standard normal * 0.01 from RandomState(seed), W1 drawn first;
    b1 (n_h, 1), b2 (n_y, 1): zeros."""
    rng = np.random.RandomState(seed)
    W1 = 0.01 * rng.randn(n_h, n_x)
    W2 = 0.01 * rng.randn(n_y, n_h)
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters):
    """A2 (1, m) and the cache {"Z1", "A1", "Z2", "A2"} of LINEAR -> TANH -> LINEAR -> SIGMOID."""
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    """Cross-entropy cost -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2)), a Python float."""
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


def backward_propagation(parameters, cache, X, Y):
    """Gradients {"dW1", "db1", "dW2", "db2"} of the cost, each the shape of its parameter."""
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1**2)
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.mean(axis=1, keepdims=True),
        "dW2": dZ2 @ A1.T / m,
        "db2": dZ2.mean(axis=1, keepdims=True),
    }


def update_parameters(parameters, grads, learning_rate=1.2):
    """A new dict: every parameter P becomes P - learning_rate * dP."""
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the one-hidden-layer network from initialize_parameters(..., seed=3) with learning rate 1.2."""
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y, seed=3)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters


def predict(parameters, X):
    """Labels 1. where the network's probability is above 0.5, else 0.; shape (1, m)."""
    A2, _ = forward_propagation(X, parameters)
    return (A2 > 0.5).astype(float)
