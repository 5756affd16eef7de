"""Finished building blocks of an L-layer neural network, as the course ships them for week 4b.

The network is [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID, a binary classifier.
Layout: one column per example. X (n_x, m), Y (1, m), W{l} (n[l], n[l-1]), b{l} (n[l], 1).
Every *_forward returns (output, cache); every *_backward(d_output, cache) returns gradients.
"""
import numbers

import numpy as np

from dnn_utils.activations import (
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    tanh,
    tanh_backward,
)

ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_backward),
    "relu": (relu, relu_backward),
    "tanh": (tanh, tanh_backward),
    "leaky_relu": (leaky_relu, leaky_relu_backward),
}
EPSILON = 1e-12  # compute_cost clips AL into [EPSILON, 1 - EPSILON]
COST_EVERY = 100  # L_layer_model records the cost every COST_EVERY iterations


def initialize_parameters_deep(layer_dims, seed=1, scale="xavier"):
    """Random weights and zero biases for every layer.

    layer_dims -- sizes [n_x, n[1], ..., n[L]] of every layer, input included (length L + 1 >= 2)
    seed -- seed of a local np.random.RandomState; the global numpy RNG is neither read nor changed
    scale -- "xavier": W{l} = randn(n[l], n[l-1]) / sqrt(n[l-1]), as in week 4b;
             a number s: W{l} = randn(n[l], n[l-1]) * s (week 4a uses 0.01)

    Returns:
    parameters -- dict with W{l} of shape (n[l], n[l-1]) and b{l} = zeros of shape (n[l], 1), l = 1..L

    W1, W2, ... are drawn in that order, so they equal the course's
    np.random.seed(seed); np.random.randn(...) sequence.
    """
    dims = list(layer_dims)
    if len(dims) < 2 or not all(isinstance(n, numbers.Integral) and n >= 1 for n in dims):
        raise ValueError(
            f"layer_dims must list at least two positive integers [n_x, n[1], ..., n[L]], "
            f"got {layer_dims!r}."
        )
    xavier = isinstance(scale, str)
    valid = scale == "xavier" if xavier else isinstance(scale, numbers.Real)
    if not valid:
        raise ValueError(f'scale must be "xavier" or a number such as 0.01, got {scale!r}.')
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        W = rng.randn(dims[l], dims[l - 1])
        parameters[f"W{l}"] = W / np.sqrt(dims[l - 1]) if xavier else W * scale
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights and zero biases for LINEAR -> RELU -> LINEAR -> SIGMOID, as in week 4a.

    n_x -- number of input features; n_h -- hidden units; n_y -- output units

    Returns:
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)

    The weights are randn * 0.01 drawn with seed 1, W1 first: the course's
    np.random.seed(1) sequence, and the same as initialize_parameters_deep([n_x, n_h, n_y], 1, 0.01).
    """
    return initialize_parameters_deep([n_x, n_h, n_y], seed=1, scale=0.01)


def linear_forward(A, W, b):
    """Linear part of a layer's forward step: Z = W A + b.

    A -- activations from the previous layer (or X), shape (n[l-1], m)
    W -- weights, shape (n[l], n[l-1])
    b -- biases, shape (n[l], 1)

    Returns:
    Z -- pre-activation, shape (n[l], m)
    cache -- (A, W, b), for linear_backward
    """
    _check_linear_shapes(A, W, b)
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer's forward step: A = g(W A_prev + b).

    A_prev -- activations from the previous layer (or X), shape (n[l-1], m)
    W -- weights, shape (n[l], n[l-1]); b -- biases, shape (n[l], 1)
    activation -- "sigmoid", "relu", "tanh" or "leaky_relu"

    Returns:
    A -- activations, shape (n[l], m)
    cache -- (linear_cache, Z) with linear_cache = (A_prev, W, b) and Z of shape (n[l], m)
    """
    g, _ = _activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    return g(Z), (linear_cache, Z)


def L_model_forward(X, parameters):
    """Forward pass through [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.

    X -- data, shape (n_x, m)
    parameters -- W1, b1, ..., WL, bL as initialize_parameters_deep returns them

    Returns:
    AL -- output probabilities, shape (1, m)
    caches -- list of L caches of linear_activation_forward; caches[l-1] belongs to layer l
    """
    L = _num_layers(parameters)
    W1 = parameters["W1"]
    _check_X(X, W1.shape[1], f"W1 has shape {np.shape(W1)}")
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """Cross-entropy cost J = -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)).

    AL -- predicted probabilities, shape (1, m)
    Y -- labels 0 or 1, shape (1, m)

    Returns:
    cost -- a Python float

    AL is clipped into [1e-12, 1 - 1e-12] first, so an AL of exactly 0 or 1 (sigmoid saturates)
    gives a finite cost and no RuntimeWarning. Only confidently wrong examples notice: each adds
    at most -log(1e-12) ~ 27.6 to the sum. L_model_backward differentiates the unclipped cost.
    """
    if np.ndim(AL) != 2 or np.shape(AL)[0] != 1:
        raise ValueError(
            f"AL has shape {np.shape(AL)}, expected (1, m): one probability per example."
        )
    _check_Y(Y, np.shape(AL)[1], f"AL has shape {np.shape(AL)}")
    AL = np.clip(AL, EPSILON, 1 - EPSILON)
    m = AL.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def linear_backward(dZ, cache, input_gradient=True):
    """Linear part of a layer's backward step.

    dZ -- gradient of the loss with respect to Z, shape (n[l], m): column i is the derivative of
          example i's loss
    cache -- (A_prev, W, b) from linear_forward
    input_gradient -- False skips dA_prev and returns None in its place: the first layer's A_prev is
                      X, whose gradient training never uses

    Returns:
    dA_prev -- gradient of the loss with respect to A_prev, per example like dZ, shape (n[l-1], m)
    dW -- gradient of the cost J (the mean of the losses) with respect to W, shape (n[l], n[l-1])
    db -- gradient of the cost J with respect to b, shape (n[l], 1)
    """
    A_prev, W, b = cache
    if np.shape(dZ) != (W.shape[0], A_prev.shape[1]):
        raise ValueError(
            f"dZ has shape {np.shape(dZ)}, expected {(W.shape[0], A_prev.shape[1])} "
            f"(n[l] rows as W {W.shape}, m columns as A_prev {A_prev.shape})."
        )
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m  # keepdims keeps db a column, the shape of b
    dA_prev = W.T @ dZ if input_gradient else None
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation, input_gradient=True):
    """One layer's backward step, through g and then the linear part.

    dA -- gradient of the loss with respect to this layer's activations A, one column per example,
          shape (n[l], m)
    cache -- (linear_cache, Z) from linear_activation_forward
    activation -- the one used forward: "sigmoid", "relu", "tanh" or "leaky_relu"
    input_gradient -- False skips dA_prev (None is returned in its place), as for the first layer
                      in training

    Returns:
    dA_prev -- shape (n[l-1], m); dW -- shape (n[l], n[l-1]); db -- shape (n[l], 1)
    """
    _, g_backward = _activation(activation)
    linear_cache, Z = cache
    if np.shape(dA) != np.shape(Z):
        raise ValueError(
            f"dA has shape {np.shape(dA)}, expected {np.shape(Z)}, the shape of this layer's Z."
        )
    return linear_backward(g_backward(dA, Z), linear_cache, input_gradient)


def L_model_backward(AL, Y, caches, input_gradient=True):
    """Backward pass through [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.

    AL -- probabilities from L_model_forward, shape (1, m)
    Y -- labels 0 or 1, shape (1, m)
    caches -- the list L_model_forward returned together with AL
    input_gradient -- False leaves out "dA0", the gradient for X: the update never uses it, and its
                      product W1.T dZ1, an array the size of X, is about 30 % of a training step of
                      [12288, 20, 7, 5, 1] (benchmarks/run.py). L_layer_model passes False.

    Returns:
    grads -- dict with, for l = 1..L:
             "dA{l-1}" of shape (n[l-1], m) ("dA0" is for X, absent when input_gradient is False),
             "dW{l}" the shape of W{l}, "db{l}" the shape of b{l}

    dW and db are gradients of the cost J, a mean over the m examples. As in the course, the dA
    are not divided by m: column i of dA{l} is the gradient of example i's loss.

    The output layer starts from dZL = AL - Y. That is exactly sigmoid_backward(dAL, ZL) for
    dAL = -(Y / AL - (1 - Y) / (1 - AL)), written without the divisions: sigmoid rounds to
    exactly 1 for ZL above about 37, where dAL would be inf (or nan) and dZL inf * 0 = nan.
    """
    if not caches:
        raise ValueError("caches is empty: pass the list L_model_forward returned with AL.")
    L = len(caches)
    linear_cache, ZL = caches[-1]
    if np.shape(AL) != np.shape(ZL) or not np.allclose(AL, sigmoid(ZL)):
        raise ValueError(
            "AL is not sigmoid(Z) of the last layer in caches: pass the AL and caches returned "
            "by the same L_model_forward call."
        )
    _check_Y(Y, AL.shape[1], f"AL has shape {AL.shape}")
    grads = {}
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(
        AL - Y, linear_cache, input_gradient or L > 1
    )
    for l in reversed(range(1, L)):
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            grads[f"dA{l}"], caches[l - 1], "relu", input_gradient or l > 1
        )
    if not input_gradient:
        del grads["dA0"]
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent: W{l} - learning_rate * dW{l}, b{l} - learning_rate * db{l}.

    parameters -- W1, b1, ..., WL, bL
    grads -- dW{l}, db{l} of the same shapes, as L_model_backward returns them
    learning_rate -- step size, a positive float

    Returns:
    parameters -- a new dict of new arrays; the arguments are left untouched
    """
    _num_layers(parameters)
    for name, value in parameters.items():
        d_name = "d" + name
        if d_name not in grads:
            raise ValueError(
                f"grads has no {d_name}: pass the grads L_model_backward returned for these parameters."
            )
        if np.shape(grads[d_name]) != np.shape(value):
            hint = " Did you forget keepdims=True?" if name.startswith("b") else ""
            raise ValueError(
                f"{d_name} has shape {np.shape(grads[d_name])}, expected {np.shape(value)}, "
                f"the shape of {name}.{hint}"
            )
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1,
                  scale="xavier"):
    """Train [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID with batch gradient descent.

    X -- data, shape (n_x, m)
    Y -- labels 0 or 1, shape (1, m)
    layers_dims -- [n_x, n[1], ..., n[L-1], 1]; [n_x, 1] is logistic regression
    learning_rate, num_iterations -- of gradient descent
    print_cost -- print "Cost after iteration i: cost" whenever a cost is recorded
    seed, scale -- passed to initialize_parameters_deep

    Returns:
    parameters -- the learned W1, b1, ..., WL, bL
    costs -- Python floats, the cost before iterations 0, 100, 200, ...: costs[k] is at iteration 100 k
    """
    if list(layers_dims)[-1:] != [1]:
        raise ValueError(f"layers_dims must end with 1, the single sigmoid output unit; got {layers_dims!r}.")
    _check_X(X, layers_dims[0], f"layers_dims[0] is {layers_dims[0]}")
    _check_Y(Y, X.shape[1], f"X has shape {X.shape}")
    parameters = initialize_parameters_deep(layers_dims, seed, scale)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        if i % COST_EVERY == 0:
            costs.append(compute_cost(AL, Y))
            if print_cost:
                print(f"Cost after iteration {i}: {costs[-1]}")
        grads = L_model_backward(AL, Y, caches, input_gradient=False)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def predict(X, parameters):
    """Predicted labels of an L-layer model.

    X -- data, shape (n_x, m)
    parameters -- W1, b1, ..., WL, bL of a trained model

    Returns:
    p -- 1. where the predicted probability is above 0.5, else 0., shape (1, m)
    """
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(float)


def _activation(name):
    """(g, g_backward) for an activation's name."""
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}; got {name!r}.")
    return ACTIVATIONS[name]


def _num_layers(parameters):
    """L, after checking that parameters holds exactly W1, b1, ..., WL, bL."""
    L = len(parameters) // 2
    expected = {f"{kind}{l}" for l in range(1, L + 1) for kind in "Wb"}
    if L == 0 or set(parameters) != expected:
        raise ValueError(
            f"parameters must hold W1, b1, ..., WL, bL and nothing else; got keys {sorted(parameters)}. "
            "Build it with initialize_parameters_deep."
        )
    return L


def _check_linear_shapes(A, W, b):
    """Raise a ValueError unless A (n[l-1], m), W (n[l], n[l-1]) and b (n[l], 1) fit together."""
    if np.ndim(A) != 2 or np.ndim(W) != 2:
        raise ValueError(
            f"A and W must be 2-D, A of shape (n[l-1], m) and W of shape (n[l], n[l-1]); "
            f"got A {np.shape(A)}, W {np.shape(W)}. A single example is a column: x.reshape(-1, 1)."
        )
    if A.shape[0] != W.shape[1]:
        hint = " Columns are examples: did you mean A.T?" if A.shape[1] == W.shape[1] else ""
        raise ValueError(
            f"A has shape {A.shape}, but W has shape {W.shape}, so A needs {W.shape[1]} rows (n[l-1]).{hint}"
        )
    if np.shape(b) != (W.shape[0], 1):
        raise ValueError(
            f"b has shape {np.shape(b)}, expected ({W.shape[0]}, 1) to match W {W.shape}: "
            "a column, e.g. b.reshape(-1, 1)."
        )


def _check_X(X, n_x, reason):
    """Raise a ValueError unless X has shape (n_x, m); reason says where n_x comes from."""
    shape = np.shape(X)
    if len(shape) == 2 and shape[0] == n_x:
        return
    if len(shape) == 2 and shape[1] == n_x:
        hint = " Columns are examples: pass X.T."
    elif len(shape) > 2:
        hint = " Flatten images first: X_orig.reshape(X_orig.shape[0], -1).T (then scale, e.g. / 255)."
    else:
        hint = ""
    raise ValueError(f"X has shape {shape}, expected ({n_x}, m) because {reason}.{hint}")


def _check_Y(Y, m, reason):
    """Raise a ValueError unless Y has shape (1, m); reason says where m comes from."""
    if np.shape(Y) != (1, m):
        hint = " Make it a row: Y.reshape(1, -1)." if np.size(Y) == m else ""
        raise ValueError(f"Y has shape {np.shape(Y)}, expected (1, {m}) because {reason}.{hint}")
