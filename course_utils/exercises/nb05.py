"""Exercises for notebook 05 · Optimizers.

Example:
    >>> from course_utils.exercises import nb05 as ex
    >>> ex.q3.evaluate(2.0).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close


# q1 -- one step of SGD with momentum (Keras' form) ---------------------------------------------
def momentum_step(
    w: np.ndarray, velocity: np.ndarray, grad: np.ndarray, learning_rate: float, momentum: float
) -> tuple[np.ndarray, np.ndarray]:
    velocity = momentum * velocity - learning_rate * grad  # decaying sum of past steps
    return w + velocity, velocity


def _check_q1(learner: Any, reference: Any) -> None:
    w = np.array([1.0, -2.0])
    v = np.array([0.5, 0.1])
    g = np.array([0.3, -0.4])
    result = call_learner(learner, w.copy(), v.copy(), g.copy(), 0.1, 0.9)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mistake("return a pair: (new weights, new velocity).")
    new_w, new_v = as_array(result[0], "your new weights"), as_array(result[1], "your new velocity")
    want_w, want_v = reference(w, v, g, 0.1, 0.9)
    if np.allclose(new_v, 0.9 * v - g):
        raise Mistake("the gradient in the velocity update must be scaled by the learning rate.")
    if np.allclose(new_v, 0.9 * v + 0.1 * g):
        raise Mistake(
            "the velocity should move against the gradient: v = momentum * v - lr * grad."
        )
    if np.allclose(new_w, w + v):
        raise Mistake("update the velocity first, then move the weights by the new velocity.")
    expect_close(new_v, want_v, "your new velocity")
    expect_close(new_w, want_w, "your new weights")


q1 = Exercise(
    "One step of SGD with momentum",
    _check_q1,
    hint="v <- momentum * v - learning_rate * grad, then w <- w + v.",
    solution=momentum_step,
    answer_is_function=True,
)


# q2 -- one Adam step with bias correction --------------------------------------------------------
def adam_step(
    w: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    grad: np.ndarray,
    t: int,
    learning_rate: float = 0.001,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    epsilon: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = beta_1 * m + (1 - beta_1) * grad  # first moment: running mean of gradients
    v = beta_2 * v + (1 - beta_2) * grad**2  # second moment: running mean of squares
    m_hat = m / (1 - beta_1**t)  # bias correction (t counts steps from 1)
    v_hat = v / (1 - beta_2**t)
    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    return w, m, v


def _check_q2(learner: Any, reference: Any) -> None:
    w = np.array([0.5, -1.0, 2.0])
    g = np.array([0.2, -0.1, 0.05])
    m = np.zeros(3)
    v = np.zeros(3)
    for t in (1, 2, 3):
        result = call_learner(
            learner, w.copy(), m.copy(), v.copy(), g.copy(), t, 0.01, 0.9, 0.999, 1e-7
        )
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise Mistake("return three arrays: (new w, new m, new v).")
        got_w = as_array(result[0], "your new weights")
        want_w, want_m, want_v = reference(w, m, v, g, t, 0.01, 0.9, 0.999, 1e-7)
        m_raw = 0.9 * m + 0.1 * g
        v_raw = 0.999 * v + 0.001 * g**2
        no_correction = w - 0.01 * m_raw / (np.sqrt(v_raw) + 1e-7)
        if t == 1 and np.allclose(got_w, no_correction) and not np.allclose(got_w, want_w):
            raise Mistake(
                "at step t=1 your update is too small: you forgot the bias correction "
                "m_hat = m / (1 - beta_1**t), v_hat = v / (1 - beta_2**t)."
            )
        expect_close(as_array(result[1], "your new m"), want_m, f"your m after step {t}")
        expect_close(as_array(result[2], "your new v"), want_v, f"your v after step {t}")
        expect_close(got_w, want_w, f"your weights after step {t}")
        w, m, v = want_w, want_m, want_v


q2 = Exercise(
    "One Adam step",
    _check_q2,
    hint="Update m and v, divide them by (1 - beta**t) to correct their bias towards 0, then step.",
    solution=adam_step,
    answer_is_function=True,
)


# q3 -- one Newton step by hand ---------------------------------------------------------------------
def newton_step_by_hand() -> float:
    w = 10.0
    first_derivative = 6 * w - 12  # f(w) = 3 w**2 - 12 w + 7, so f'(w) = 6w - 12 = 48
    second_derivative = 6.0  # f''(w) = 6
    return w - first_derivative / second_derivative  # lands on the minimum, w = 2


def _check_q3(answer: Any, expected: float) -> None:
    got = as_array(answer, "your new w")
    if got.shape != ():
        raise Mistake("give one number: w after one Newton step.")
    if np.isclose(got, 10.0 - 48.0):
        raise Mistake("that is a gradient step with learning rate 1; Newton divides by f''(w).")
    if np.isclose(got, 10.0 + 8.0):
        raise Mistake("the sign is wrong: w_new = w - f'(w) / f''(w).")
    expect_close(got, expected, "w after one Newton step")


q3 = Exercise(
    "One Newton step by hand",
    _check_q3,
    hint="Compute f'(10) and f''(10) for f(w) = 3w^2 - 12w + 7, then w - f'/f''.",
    solution=newton_step_by_hand,
)
