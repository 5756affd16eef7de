"""Activation functions and their backward helpers.

Every forward function maps an array `Z` of any shape to an array `A` of the same shape.
Every backward helper takes `dA` (the gradient of the loss with respect to `A`, per example) and
the cached `Z`, both of the same shape, and returns `dZ = dA * g'(Z)`, again of that shape.
"""
import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(Z):
    """Logistic sigmoid 1 / (1 + exp(-Z)), elementwise.

    Z -- numpy array of any shape (or a scalar)
    Returns A -- same shape as Z, values in [0, 1]

    Numerically stable: exp is only ever taken of a non-positive number, so no finite input
    (|Z| = 1e4 included) overflows or raises a RuntimeWarning.
    """
    Z = np.asarray(Z, dtype=float)
    E = np.exp(-np.abs(Z))
    # For Z >= 0: 1 / (1 + e^-Z); for Z < 0 the same value written as e^Z / (1 + e^Z).
    return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))


def relu(Z):
    """Rectified linear unit max(0, Z), elementwise. Z -- any shape; returns A of the same shape."""
    return np.maximum(0.0, np.asarray(Z, dtype=float))


def tanh(Z):
    """Hyperbolic tangent, elementwise. Z -- any shape; returns A of the same shape, in [-1, 1]."""
    return np.tanh(np.asarray(Z, dtype=float))


def leaky_relu(Z, slope=LEAKY_SLOPE):
    """Leaky ReLU max(slope * Z, Z), elementwise (0 < slope < 1). Returns A, the shape of Z."""
    Z = np.asarray(Z, dtype=float)
    return np.where(Z > 0, Z, slope * Z)


def sigmoid_backward(dA, Z):
    """dZ for a sigmoid unit: dA * s * (1 - s) with s = sigmoid(Z). dA, Z, dZ share one shape."""
    s = sigmoid(Z)
    return np.asarray(dA, dtype=float) * s * (1.0 - s)


def relu_backward(dA, Z):
    """dZ for a ReLU unit: dA where Z > 0, else 0 (the derivative at 0 is taken as 0)."""
    return np.where(np.asarray(Z) > 0, np.asarray(dA, dtype=float), 0.0)


def tanh_backward(dA, Z):
    """dZ for a tanh unit: dA * (1 - tanh(Z)^2). dA, Z, dZ share one shape."""
    return np.asarray(dA, dtype=float) * (1.0 - np.tanh(np.asarray(Z, dtype=float)) ** 2)


def leaky_relu_backward(dA, Z, slope=LEAKY_SLOPE):
    """dZ for a leaky ReLU unit: dA where Z > 0, else slope * dA."""
    dA = np.asarray(dA, dtype=float)
    return np.where(np.asarray(Z) > 0, dA, slope * dA)
