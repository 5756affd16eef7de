"""Reference implementations for week 2, notebook 1: Python and numpy basics.

In this notebook only, softmax and normalize_rows treat each ROW of x as one example.
"""
import math

import numpy as np


def basic_sigmoid(x):
    """Sigmoid of one real number. x -- a Python float; returns s -- a Python float."""
    return 1.0 / (1.0 + math.exp(-x))


def sigmoid(x):
    """Sigmoid, elementwise. x -- numpy array of any shape; returns s of the same shape."""
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_derivative(x):
    """Derivative of the sigmoid at x, elementwise. x -- any shape; returns ds of the same shape."""
    s = sigmoid(x)
    return s * (1.0 - s)


def image2vector(image):
    """Unroll an image. image -- numpy array of shape (h, w, c); returns v of shape (h*w*c, 1)."""
    return image.reshape(-1, 1)


def normalize_rows(x):
    """Divide each row by its L2 norm. x -- numpy array of shape (m, n); returns the same shape."""
    return x / np.sqrt(np.sum(x**2, axis=1, keepdims=True))


def softmax(x):
    """Row-wise softmax. x -- numpy array of shape (m, n), one example per row; returns (m, n)."""
    # Shifting a row by a constant leaves its softmax unchanged; shifting by its max avoids overflow.
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def L1(yhat, y):
    """L1 loss sum |y - yhat|. yhat, y -- numpy arrays of shape (1, m); returns a Python float."""
    return float(np.sum(np.abs(y - yhat)))


def L2(yhat, y):
    """L2 loss sum (y - yhat)^2. yhat, y -- numpy arrays of shape (1, m); returns a Python float."""
    d = (y - yhat).ravel()
    return float(d @ d)
