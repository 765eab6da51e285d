"""Exercises for notebook 05 · Optimizers.

Example:
    >>> from course_utils.exercises import nb05 as ex
    >>> ex.q3.evaluate(2.0).passed
    True
    >>> ex.q5.evaluate(0.01).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    NotAttempted,
    as_array,
    call_learner,
    expect_close,
)


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


def _as_number(answer: Any, what: str) -> float:
    if isinstance(answer, str):
        try:
            answer = float(answer.replace(",", "").strip())
        except ValueError:
            raise Mistake(f"give a number, e.g. 0.25, not {answer!r}.") from None
    got = as_array(answer, what)
    if got.size != 1:
        raise Mistake(f"give one number for {what}, not an array of shape {got.shape}.")
    return float(got.reshape(()))


# q4 -- measure the largest stable learning rate and compare with 2 / lambda_max -------------------
def largest_stable_rate() -> float:
    hessian = np.array([[4.0, 1.0], [1.0, 2.0]])
    stable = []
    for rate in np.linspace(0.3, 0.8, 501):
        w = np.array([1.0, 1.0])
        for _ in range(500):
            w = w - rate * hessian @ w  # gradient of 0.5 w^T H w is H w
            if np.abs(w).max() > 1e6:  # diverged; stop before it overflows
                break
        if np.linalg.norm(w) < np.linalg.norm([1.0, 1.0]):
            stable.append(rate)
    return float(max(stable))  # about 2 / lambda_max = 2 / (3 + sqrt(2)) = 0.4531


def _check_q4(answer: Any, expected: float) -> str:
    got = _as_number(answer, "the largest stable learning rate")
    lam_max, lam_min = 3 + np.sqrt(2), 3 - np.sqrt(2)
    named = {
        1 / lam_max: "that is 1 / lambda_max; gradient descent stays stable up to 2 / lambda_max.",
        2 / lam_min: "that is 2 / lambda_min: the steepest direction (largest eigenvalue) "
        "limits the rate, not the flattest.",
        2 / 6.0: "that is 2 / trace(H); use the largest eigenvalue of H, not the sum.",
        0.5: "that is 2 / 4, the largest diagonal entry; the off-diagonal 1 makes the largest "
        "eigenvalue 3 + sqrt(2), larger than 4.",
    }
    for value, message in named.items():
        if abs(got - value) < 0.003:
            raise Mistake(message)
    if abs(got - expected) > 0.01 * expected:
        raise Mistake(
            f"your measurement {got:.4g} is more than 1% away from what gradient descent "
            "shows; check your update w <- w - rate * H @ w and your stability test."
        )
    return f"Measured {got:.4f}; 2 / lambda_max = {2 / lam_max:.4f}. The theory holds."


q4 = Exercise(
    "Largest stable learning rate",
    _check_q4,
    hint="Loop over the rates; for each, run w <- w - rate * H @ w 500 times from (1, 1) and "
    "keep the rate if the final norm is below the start norm. Report the largest kept rate.",
    solution=largest_stable_rate,
)


# q5 -- predict, then check: the size of Adam's first step ------------------------------------------
def adam_first_step_size() -> float:
    import keras

    w = keras.Variable([0.0])
    keras.optimizers.Adam(0.01).apply_gradients([(keras.ops.convert_to_tensor([250.0]), w)])
    # m_hat = g and v_hat = g**2 after correction, so the step is lr * g / |g| = lr
    return float(abs(w.numpy()[0]))


def _check_q5(answer: Any, expected: float) -> str:
    got = _as_number(answer, "the size of the step")
    if abs(got - 2.5) < 1e-3 or abs(got - 250 * 0.01) < 1e-3:
        raise Mistake("0.01 * 250 is an SGD step; Adam divides by the root of the second moment.")
    if abs(got - 0.01 * 0.1 / np.sqrt(0.001)) < 1e-4:
        raise Mistake(
            "that is the step without bias correction (0.1 g / sqrt(0.001 g^2)); after "
            "correction m_hat = g and v_hat = g^2."
        )
    if got < 0:
        raise Mistake("give the size of the step, |delta w|, a positive number.")
    expect_close(got, expected, "the size of Adam's first step", rtol=1e-3, atol=0)
    return (
        "Adam's first step is the learning rate itself, whatever the gradient's size "
        "(250 or 0.0004): m_hat / sqrt(v_hat) = g / |g|."
    )


q5 = Exercise(
    "Predict Adam's first step",
    _check_q5,
    hint="After bias correction at t = 1, m_hat = g and v_hat = g**2.",
    solution=adam_first_step_size,
)


# q6 -- a warm-up + cosine schedule by hand -------------------------------------------------------
def warmup_cosine(step: Any, peak: float, warmup_steps: int, decay_steps: int) -> np.ndarray:
    step = np.asarray(step, dtype=float)
    warm = peak * step / warmup_steps  # linear rise from 0 to peak
    progress = np.clip((step - warmup_steps) / decay_steps, 0.0, 1.0)  # 0 -> 1, then stays 1
    cosine = 0.5 * peak * (1 + np.cos(np.pi * progress))  # peak -> 0
    return np.where(step < warmup_steps, warm, cosine)


def _call_schedule(learner: Any, steps: np.ndarray, *args: Any) -> np.ndarray:
    try:
        got = as_array(call_learner(learner, steps.copy(), *args), "your learning rates")
        if got.shape == steps.shape:
            return got
    except Mistake:
        pass
    except NotAttempted:
        raise
    values = [
        as_array(call_learner(learner, int(s), *args), "your learning rate").reshape(())
        for s in steps
    ]  # a function written for one step at a time is fine too
    return np.array(values)


def _check_q6(learner: Any, reference: Any) -> None:
    import keras

    for peak, warmup, decay in [(0.1, 100, 900), (0.003, 20, 168)]:
        steps = np.arange(warmup + decay + 60)
        got = _call_schedule(learner, steps, peak, warmup, decay)
        schedule = keras.optimizers.schedules.CosineDecay(
            0.0, decay, warmup_target=peak, warmup_steps=warmup
        )
        want = np.array([float(schedule(int(s))) for s in steps])
        if abs(got[0] - peak) < 1e-9:
            raise Mistake("at step 0 the warm-up starts from 0, not from the peak.")
        end = warmup + decay
        if np.any(got[end:] > 1e-6 * peak):
            raise Mistake(
                f"after warm-up plus decay (step {end}) the rate should stay at 0; clip the "
                "cosine's progress at 1 so that it does not rise again."
            )
        late = steps[warmup + decay // 2]
        total_cos = 0.5 * peak * (1 + np.cos(np.pi * late / (warmup + decay)))
        if abs(got[late] - total_cos) < 1e-9 and abs(total_cos - want[late]) > 1e-6:
            raise Mistake(
                "count the cosine's progress from the end of the warm-up: (step - warmup_steps) / decay_steps."
            )
        expect_close(
            got,
            want,
            f"your schedule (peak {peak}, warm-up {warmup}, decay {decay})",
            rtol=1e-4,
            atol=1e-7,
        )


q6 = Exercise(
    "Warm-up then cosine decay",
    _check_q6,
    hint="Below warmup_steps: peak * step / warmup_steps. Then progress = clip((step - "
    "warmup_steps) / decay_steps, 0, 1) and 0.5 * peak * (1 + cos(pi * progress)). np.where joins them.",
    solution=warmup_cosine,
    answer_is_function=True,
)
