"""Reference solutions of week 2, "Logistic regression with a neural-network mindset".

Same contracts as the graded functions of autograder/source/week2/02_logistic_regression.ipynb;
the hidden checks take their expected values from here.
"""
import numpy as np


def sigmoid(z):
    """Logistic sigmoid of z, elementwise. z -- scalar or numpy array of any shape; returns the same shape."""
    # 1 / (1 + e^-z) = e^(-log(1 + e^-z)); logaddexp computes log(e^0 + e^-z) without overflow
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def initialize_with_zeros(dim):
    """w -- zeros of shape (dim, 1); b -- the float 0.0."""
    return np.zeros((dim, 1)), 0.0


def propagate(w, b, X, Y):
    """Cross-entropy cost of logistic regression and its gradients.

    w -- weights, shape (n_x, 1); b -- bias, float
    X -- data, shape (n_x, m); Y -- labels 0 or 1, shape (1, m)
    Returns grads -- {"dw": shape (n_x, 1), "db": float}, cost -- float
    """
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T) / m, "db": float(np.mean(dZ))}, float(cost)


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent on (w, b) from the given start.

    Returns params -- {"w": (n_x, 1), "b": float}, grads -- those of the last iteration (taken
    before its update), costs -- list of the costs at iterations 0, 100, 200, ...
    """
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """Labels 0. or 1. (floats) of shape (1, m): 1 where the probability is above 0.5."""
    return np.where(sigmoid(np.dot(w.T, X) + b) > 0.5, 1.0, 0.0)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression from zeros and predict both sets; returns the dict of the notebook."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    if print_cost:
        print(f"train accuracy: {100 * np.mean(Y_prediction_train == Y_train):.1f} %")
        print(f"test accuracy: {100 * np.mean(Y_prediction_test == Y_test):.1f} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
