"""Notebook 05's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb05
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 05 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda w, v, g, lr, m: (w + m * v - g, m * v - g), "scaled by the learning rate"),
        (lambda w, v, g, lr, m: (w + m * v + lr * g, m * v + lr * g), "against the gradient"),
        (lambda w, v, g, lr, m: (w + v, m * v - lr * g), "update the velocity first"),
        (lambda w, v, g, lr, m: w - lr * g, "return a pair"),
    ],
)
def test_nb05_q1_wrong(function, message):
    result = nb05.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _adam_no_correction(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    return w - lr * m / (np.sqrt(v) + eps), m, v


def _adam_t_from_zero(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    return nb05.adam_step(w, m, v, g, t + 1, lr, b1, b2, eps)


@pytest.mark.parametrize(
    "function, message",
    [
        (_adam_no_correction, "bias correction"),
        (_adam_t_from_zero, "after step 1"),
        (lambda *args: args[0], "three arrays"),
    ],
)
def test_nb05_q2_wrong(function, message):
    result = nb05.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message", [(-38.0, "gradient step"), (18.0, "sign is wrong"), (3.0, "should be 2")]
)
def test_nb05_q3_wrong(answer, message):
    result = nb05.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [
        (1 / (3 + np.sqrt(2)), "1 / lambda_max"),
        (2 / (3 - np.sqrt(2)), "lambda_min"),
        (1 / 3, "trace"),
        (0.5, "largest diagonal entry"),
        (0.42, "more than 1%"),
        ("abc", "give a number"),
    ],
)
def test_nb05_q4_wrong(answer, message):
    result = nb05.q4.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [0.453, "0.4531", np.float32(0.452), np.array([0.453])])
def test_nb05_q4_right_forms(answer):
    assert nb05.q4.evaluate(answer).passed


@pytest.mark.parametrize(
    "answer, message",
    [
        (2.5, "SGD step"),
        (0.0316228, "without bias correction"),
        (-0.01, "positive"),
        (0.1, "should be"),
    ],
)
def test_nb05_q5_wrong(answer, message):
    result = nb05.q5.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [0.01, 1e-2, "0.01", np.float64(0.01)])
def test_nb05_q5_right_forms(answer):
    assert nb05.q5.evaluate(answer).passed


def _no_warmup(step, peak, warmup, decay):
    progress = np.clip((np.asarray(step, float) - warmup) / decay, 0, 1)
    return 0.5 * peak * (1 + np.cos(np.pi * progress))


def _no_clip(step, peak, warmup, decay):
    step = np.asarray(step, float)
    cosine = 0.5 * peak * (1 + np.cos(np.pi * (step - warmup) / decay))
    return np.where(step < warmup, peak * step / warmup, cosine)


def _from_zero(step, peak, warmup, decay):
    step = np.asarray(step, float)
    cosine = 0.5 * peak * (1 + np.cos(np.pi * np.clip(step / (warmup + decay), 0, 1)))
    return np.where(step < warmup, peak * step / warmup, cosine)


@pytest.mark.parametrize(
    "function, message",
    [(_no_warmup, "starts from 0"), (_no_clip, "stay at 0"), (_from_zero, "end of the warm-up")],
)
def test_nb05_q6_wrong(function, message):
    result = nb05.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb05_q6_scalar_function_passes():
    import math

    def one_step(s, peak, warmup, decay):
        if s < warmup:
            return peak * s / warmup
        return 0.5 * peak * (1 + math.cos(math.pi * min((s - warmup) / decay, 1.0)))

    assert nb05.q6.evaluate(one_step).passed


def test_nb05_q2_keras_epsilon_placement_and_tensorflow_pass():
    import tensorflow as tf

    def keras_form(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        step = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        return w - step * m / (np.sqrt(v) + eps), m, v

    def tf_form(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
        m = b1 * tf.constant(m) + (1 - b1) * g
        v = b2 * tf.constant(v) + (1 - b2) * g**2
        return w - lr * (m / (1 - b1**t)) / (tf.sqrt(v / (1 - b2**t)) + eps), m, v

    assert nb05.q2.evaluate(keras_form).passed
    assert nb05.q2.evaluate(tf_form).passed
