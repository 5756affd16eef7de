"""Reference solutions of week 4, "Building a deep neural network, step by step".

Same contracts as the graded functions of
autograder/source/week4/01_deep_network_step_by_step.ipynb; the hidden checks take their expected
values from here. Self-contained on purpose (it does not import dnn_utils.network), so it stays an
independent check of the finished blocks shipped there.
"""
import numpy as np


def _sigmoid(Z):
    # 1 / (1 + e^-Z) = e^(-log(1 + e^-Z)); logaddexp computes log(e^0 + e^-Z) without overflow
    return np.exp(-np.logaddexp(0.0, -Z))


def initialize_parameters(n_x, n_h, n_y):
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1): randn * 0.01 from RandomState(1), zero biases."""
    rng = np.random.RandomState(1)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims):
    """W{l} (n[l], n[l-1]) = randn * 0.01 from RandomState(3), drawn in order l = 1..L; b{l} zeros (n[l], 1)."""
    rng = np.random.RandomState(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    """Z = W A + b, shape (n[l], m); cache (A, W, b)."""
    return np.dot(W, A) + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) for g "sigmoid" or "relu"; cache ((A_prev, W, b), Z)."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = _sigmoid(Z) if activation == "sigmoid" else np.maximum(Z, 0.0)
    return A, (linear_cache, Z)


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID; returns AL (1, m) and the list of L caches."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """Cross-entropy -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)), a Python float."""
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def linear_backward(dZ, cache):
    """dA_prev = W^T dZ (n[l-1], m); dW = dZ A_prev^T / m (n[l], n[l-1]); db = row sums of dZ / m (n[l], 1)."""
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, dZ.sum(axis=1, keepdims=True) / m


def linear_activation_backward(dA, cache, activation):
    """dZ = dA * g'(Z), then linear_backward; returns (dA_prev, dW, db)."""
    linear_cache, Z = cache
    if activation == "sigmoid":
        s = _sigmoid(Z)
        dZ = dA * s * (1 - s)
    else:
        dZ = dA * (Z > 0)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    """grads {"dA{l-1}", "dW{l}", "db{l}"} for l = 1..L, starting from dAL = -(Y/AL - (1-Y)/(1-AL))."""
    L = len(caches)
    grads = {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(params, grads, learning_rate):
    """A new dict: W{l} - learning_rate * dW{l}, b{l} - learning_rate * db{l}; the inputs are untouched."""
    return {name: value - learning_rate * grads["d" + name] for name, value in params.items()}
