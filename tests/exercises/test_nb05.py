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
        (lambda w, v, g, lr, m: (w - lr * (m * v + g), m * v + g), "PyTorch's form"),
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


# --- q7: Adam under warm-up + cosine, step for step with Keras -----------------------------
def _q7_variant(**mistake):
    def function(gradient, w0, steps, peak, warmup_steps):
        return nb05._q7_reference(gradient, np.asarray(w0), steps, peak, warmup_steps, **mistake)

    return function


def test_nb05_q7_reference_matches_keras():
    """The NumPy reference the checker also uses is Keras' Adam, to float32 rounding."""
    gradient, w0, steps, peak, warmup, _ = nb05._q7_cases()[0]
    keras_path = nb05._keras_adam_path(gradient, w0, steps, peak, warmup)
    assert (
        np.abs(keras_path - nb05.adam_with_warmup(gradient, w0, steps, peak, warmup)).max() < 2e-5
    )
    assert np.abs(keras_path - nb05._q7_reference(gradient, w0, steps, peak, warmup)).max() < 2e-5


@pytest.mark.parametrize(
    "mistake, message",
    [
        (dict(correct=False), "without bias correction"),
        (dict(epsilon_inside=True), "inside the square root"),
        (dict(epsilon_on_v_hat=True), "as the paper writes it"),
        (dict(shift=1), "off-by-one"),
        (dict(decay_over_all=True), "remaining steps"),
    ],
)
def test_nb05_q7_wrong(mistake, message):
    result = nb05.q7.evaluate(_q7_variant(**mistake))
    assert result.status == INCORRECT and message in result.message, result.message


def _q7_t_from_zero(gradient, w0, steps, peak, warmup_steps):
    w, m, v, path = np.array(w0, float), 0.0, 0.0, []
    for t in range(steps):  # t from 0: 1 - beta**0 = 0
        g = gradient(w)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        with np.errstate(all="ignore"):
            w = w - peak * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7)
        path.append(w)
    return np.array(path)


@pytest.mark.parametrize(
    "function, message",
    [
        (_q7_t_from_zero, "count the steps from t = 1"),
        (lambda g, w0, s, p, wu: nb05.adam_with_warmup(g, w0, s, p, wu)[-1], "not only the final"),
        (lambda g, w0, s, p, wu: nb05.adam_with_warmup(g, w0, s, p, wu) + 1e-3, "after step 1"),
    ],
)
def test_nb05_q7_wrong_other(function, message):
    result = nb05.q7.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb05_q7_keras_optimizer_is_not_an_answer():
    import keras

    def via_keras(gradient, w0, steps, peak, warmup_steps):
        optimizer = keras.optimizers.Adam(0.01)
        return optimizer

    result = nb05.q7.evaluate(via_keras)
    assert result.status == INCORRECT and "yourself in NumPy" in result.message, result.message


def _q7_paper_form_float32_list(gradient, w0, steps, peak, warmup_steps):
    """Another right form: textbook m_hat, v_hat with Keras' epsilon, float32, a list with w0."""
    w = np.array(w0, dtype=np.float64)
    m = v = np.zeros_like(w)
    path = [w.astype(np.float32)]
    for t in range(1, steps + 1):
        g = gradient(w)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        rate = nb05.warmup_cosine(t - 1, peak, warmup_steps, steps - warmup_steps)
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        eps_hat = 1e-7 / np.sqrt(1 - 0.999**t)  # Keras' epsilon, moved onto the v_hat scale
        w = w - rate * m_hat / (np.sqrt(v_hat) + eps_hat)
        path.append(w.astype(np.float32))
    return path


def test_nb05_q7_right_in_other_forms():
    assert nb05.q7.evaluate(nb05.adam_with_warmup).passed
    assert nb05.q7.evaluate(_q7_paper_form_float32_list).passed


def test_nb05_q5_message_numbers_are_keras():
    """q5's success message: 0.01 for g = 250, 0.00992 for g = 0.0004 (Keras' epsilon)."""
    import keras

    steps = []
    for g in (250.0, 0.0004):
        w = keras.Variable([0.0])
        keras.optimizers.Adam(0.01).apply_gradients([(keras.ops.convert_to_tensor([g]), w)])
        steps.append(abs(float(w.numpy()[0])))
    assert abs(steps[0] - 0.01) < 1e-6 and round(steps[1], 5) == 0.00992, steps
    assert "0.00992" in nb05.q5.evaluate(0.01).message
