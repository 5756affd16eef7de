"""Week 2, notebook 1 (numpy basics): the master's solutions pass the public and hidden checks,
the stored expected values are current, wrong answers fail with the right diagnosis, and the master
has the expected cells."""
import math
import warnings

import numpy as np
import pytest

from dnn_utils import activations
from dnn_utils.checks import run_check
from dnn_utils.exercises import week2_numpy_basics as public
from check_tools import course_checks, standard_tests

MODULE = "week2_numpy_basics"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)


def failure(name, function):
    report = run_check(PUBLIC[name], function)
    assert not report.passed, f"{name}: the check should have failed"
    return report.failure


# ----------------------------------------------------------------------------- the master's solutions
(
    test_reference_passes_public_and_hidden_checks,
    test_stored_expected_values_are_current,
    test_memorised_public_answers_pass_public_but_fail_hidden,
) = standard_tests(MODULE)


def test_hidden_inputs_differ_from_the_public_ones():
    for name in NAMES:
        public_shapes = {tuple(np.shape(a) for a in case.args) for case in PUBLIC[name].cases}
        for case in HIDDEN[name].cases:
            if name == "basic_sigmoid":
                assert case.args[0] not in (3.0, -1.0)
            else:
                assert tuple(np.shape(a) for a in case.args) not in public_shapes, name


# ----------------------------------------------------------------------------- wrong answers
def test_basic_sigmoid_mistakes():
    message = failure("basic_sigmoid", lambda x: 1 / (1 + math.exp(x))).message
    assert message.endswith(public.SIGN)
    message = failure("basic_sigmoid", lambda x: 1 / 1 + math.exp(-x)).message
    assert message.endswith(public.PRECEDENCE)


def test_sigmoid_mistakes():
    assert failure("sigmoid", lambda x: 1 / (1 + np.exp(x))).message.endswith(public.SIGN)
    assert failure("sigmoid", lambda x: 1 / 1 + np.exp(-x)).message.endswith(public.PRECEDENCE)
    result = failure("sigmoid", lambda x: activations.sigmoid(x))
    assert result.rung == "behaviour" and "calls the finished dnn_utils.activations.sigmoid" in result.message


def test_sigmoid_with_a_loop_is_not_vectorised():
    def sigmoid(x):
        s = np.empty_like(x)
        for j in range(x.shape[1]):
            s[:, j] = 1 / (1 + np.exp(-x[:, j]))
        return s

    result = failure("sigmoid", sigmoid)
    assert result.rung == "behaviour" and result.message.startswith("not vectorised")


def test_sigmoid_derivative_mistakes():
    assert failure("sigmoid_derivative", lambda x: x * (1 - x)).message.endswith(public.NOT_SIGMOID_FIRST)
    assert failure("sigmoid_derivative", ref.sigmoid).message.endswith(public.ONLY_SIGMOID)
    result = failure("sigmoid_derivative", lambda x: activations.sigmoid_backward(np.ones_like(x), x))
    assert result.rung == "behaviour" and "sigmoid_backward" in result.message


def test_image2vector_mistakes():
    result = failure("image2vector", lambda image: image.reshape(image.size))
    assert result.rung == "shape" and result.message.startswith("v has shape (24,), expected (24, 1).")
    result = failure("image2vector", lambda image: image.reshape(1, -1))
    assert result.rung == "shape" and "transposed shape" in result.message
    assert failure("image2vector", lambda image: image.reshape(-1, 1, order="F")).message.endswith(public.FORTRAN_ORDER)
    result = failure("image2vector", lambda image: image.transpose(2, 0, 1).reshape(-1, 1))
    assert result.message.endswith(public.CHANNEL_FIRST)
    # A classic typo: shape[1] twice instead of shape[1] * shape[2]; only an image with h != w != c reveals it.
    result = failure("image2vector", lambda image: image.reshape(image.shape[0] * image.shape[1] * image.shape[1], 1))
    assert result.rung == "call" and "cannot reshape" in result.message


def test_normalize_rows_mistakes():
    column_norms = failure("normalize_rows", lambda x: x / np.linalg.norm(x, axis=0, keepdims=True))
    assert column_norms.rung == "values" and column_norms.message.endswith(public.COLUMN_NORMS)
    no_sqrt = failure("normalize_rows", lambda x: x / np.sum(x**2, axis=1, keepdims=True))
    assert no_sqrt.message.endswith(public.NO_SQRT)


def test_normalize_rows_without_keepdims_is_diagnosed_from_the_values():
    result = failure("normalize_rows", lambda x: x / np.linalg.norm(x, axis=1))
    assert result.rung == "values" and result.message.endswith(public.NO_KEEPDIMS)


def test_normalize_rows_in_place_and_looping():
    def in_place(x):
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    def looping(x):
        return np.vstack([row / np.linalg.norm(row) for row in x])

    assert failure("normalize_rows", in_place).message.startswith("normalize_rows changed its argument x in place")
    assert failure("normalize_rows", looping).message.startswith("not vectorised")


def unstable_softmax(x):
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def whole_array_max_softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=1, keepdims=True)


@pytest.mark.parametrize("function", [unstable_softmax, whole_array_max_softmax])
def test_softmax_without_the_row_max_fails_whether_warnings_are_errors_or_not(function):
    # pytest turns RuntimeWarnings into errors: the check reports the exception at the call rung.
    result = failure("softmax", function)
    assert result.rung == "call" and "RuntimeWarning" in result.message
    # A notebook only prints the warning: the nan is caught at the values rung.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = failure("softmax", function)
    assert result.rung == "values" and "contains nan or inf" in result.message


def test_softmax_mistakes():
    def column_softmax(x):
        e = np.exp(x - np.max(x, axis=0, keepdims=True))
        return e / np.sum(e, axis=0, keepdims=True)

    def total_sum_softmax(x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        return e / np.sum(e)

    def unshifted_total_sum_softmax(x):
        e = np.exp(x)
        return e / np.sum(e)

    def looping(x):
        return np.vstack([np.exp(row - row.max()) / np.sum(np.exp(row - row.max())) for row in x])

    assert failure("softmax", column_softmax).message.endswith(public.COLUMN_SOFTMAX)
    assert failure("softmax", total_sum_softmax).message.endswith(public.TOTAL_SUM)
    with warnings.catch_warnings():  # it overflows on the large row, after the first input diagnosed it
        warnings.simplefilter("ignore", RuntimeWarning)
        assert failure("softmax", unshifted_total_sum_softmax).message.endswith(public.TOTAL_SUM)
    assert failure("softmax", looping).message.startswith("not vectorised")
    result = failure("softmax", lambda x: np.exp(x) / np.sum(np.exp(x), axis=1))
    assert result.rung == "call"


def test_L1_mistakes():
    # The wrong L1 that tests/test_grading.py submits: it must fail at the values rung.
    assert failure("L1", lambda yhat, y: float(np.sum(y - yhat))).message.endswith(public.NO_ABS)
    assert failure("L1", lambda yhat, y: float(np.mean(np.abs(y - yhat)))).message.endswith(public.L1_MEAN)
    result = failure("L1", lambda yhat, y: np.sum(np.abs(y - yhat), axis=1, keepdims=True))
    assert result.rung == "type" and "plain float" in result.message

    def looping(yhat, y):
        loss = 0.0
        for i in range(y.shape[1]):
            loss += abs(y[0, i] - yhat[0, i])
        return loss

    assert failure("L1", looping).message.startswith("not vectorised")


def test_L2_mistakes():
    assert failure("L2", ref.L1).message.endswith(public.L1_NOT_L2)
    assert failure("L2", lambda yhat, y: float(np.linalg.norm(y - yhat))).message.endswith(public.SQRT)
    assert failure("L2", lambda yhat, y: float(np.mean((y - yhat) ** 2))).message.endswith(public.L2_MEAN)
    result = failure("L2", lambda yhat, y: np.dot(y - yhat, (y - yhat).T))
    assert result.rung == "type" and "shape (1, 1)" in result.message
    result = failure("L2", lambda yhat, y: np.dot(y - yhat, y - yhat).item())
    assert result.rung == "call" and "mismatched shapes" in result.message


# ----------------------------------------------------------------------------- the master notebook
