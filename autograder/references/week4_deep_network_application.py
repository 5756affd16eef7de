"""Reference solutions of week 4b, "Deep neural network for image classification: application".

Same contracts as the graded functions of
autograder/source/week4/02_deep_network_application.ipynb; the hidden checks take their expected
values from here. Self-contained on purpose (it does not import dnn_utils.network), so it stays an
independent check of the finished blocks the notebook builds on.

Both models record the cost every COST_EVERY iterations: costs[k] is the cost computed in
iteration COST_EVERY * k, from the parameters before that iteration's update.
"""
import numpy as np

COST_EVERY = 100


def _sigmoid(Z):
    # 1 / (1 + e^-Z) = e^(-log(1 + e^-Z)); logaddexp computes log(e^0 + e^-Z) without overflow
    return np.exp(-np.logaddexp(0.0, -Z))


def _initialize(layer_dims, xavier):
    """W{l} = randn(n[l], n[l-1]) from RandomState(1), in order l = 1..L, divided by sqrt(n[l-1])
    when xavier, else times 0.01; b{l} zeros (n[l], 1)."""
    rng = np.random.RandomState(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        W = rng.randn(layer_dims[l], layer_dims[l - 1])
        parameters[f"W{l}"] = W / np.sqrt(layer_dims[l - 1]) if xavier else W * 0.01
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def _forward(X, parameters):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID: AL (1, m) and the activations A[0..L-1]."""
    L = len(parameters) // 2
    activations = [X]
    for l in range(1, L):
        activations.append(np.maximum(parameters[f"W{l}"] @ activations[-1] + parameters[f"b{l}"], 0.0))
    AL = _sigmoid(parameters[f"W{L}"] @ activations[-1] + parameters[f"b{L}"])
    return AL, activations


def _gradients(AL, Y, activations, parameters):
    """dW{l}, db{l} of the mean cross-entropy, starting from dZ[L] = AL - Y."""
    L, m = len(parameters) // 2, Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev = activations[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = (parameters[f"W{l}"].T @ dZ) * (A_prev > 0)
    return grads


def _train(X, Y, layers_dims, learning_rate, num_iterations, print_cost, xavier):
    parameters = _initialize(layers_dims, xavier)
    costs = []
    for i in range(num_iterations):
        AL, activations = _forward(X, parameters)
        if i % COST_EVERY == 0:
            cost = float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
        grads = _gradients(AL, Y, activations, parameters)
        parameters = {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}
    return parameters, costs


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """LINEAR -> RELU -> LINEAR -> SIGMOID from randn * 0.01 (seed 1); returns (parameters, costs)."""
    return _train(X, Y, layers_dims, learning_rate, num_iterations, print_cost, xavier=False)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID from randn / sqrt(n[l-1]) (seed 1);
    returns (parameters, costs)."""
    return _train(X, Y, layers_dims, learning_rate, num_iterations, print_cost, xavier=True)


def predict(X, y, parameters):
    """p (1, m): 1. where AL > 0.5, else 0.; prints the accuracy on (X, y)."""
    AL, _ = _forward(X, parameters)
    p = (AL > 0.5).astype(float)
    print(f"Accuracy: {100 * np.mean(p == y):.1f} %")
    return p
