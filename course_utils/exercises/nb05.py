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
    variant_rng,
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
    if np.allclose(new_v, 0.9 * v + g) and np.allclose(new_w, w - 0.1 * new_v):
        raise Mistake(
            "that is PyTorch's form (v = momentum * v + grad, w = w - lr * v). This exercise "
            "uses Keras' form, where the velocity holds the step itself: "
            "v = momentum * v - lr * grad, then w = w + v."
        )
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
                "at step t=1 your update is about 3 times too large: you forgot the bias correction "
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
        "after bias correction m_hat / sqrt(v_hat) = g / |g|, so Adam's first step is the "
        "learning rate itself whenever |g| is well above about 3e-6. For tiny gradients "
        "Keras' epsilon, added to the uncorrected sqrt(v), shows: g = 0.0004 gives 0.00992."
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


# q7 -- Adam under a warm-up + cosine schedule, step for step with Keras (deep) -----------------
def adam_with_warmup(
    gradient: Any,
    w0: Any,
    steps: int,
    peak: float,
    warmup_steps: int,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    epsilon: float = 1e-7,
) -> np.ndarray:
    w = np.array(w0, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)  # both moments start at 0
    path = []
    for t in range(1, steps + 1):  # t counts steps from 1, for the bias correction
        g = gradient(w)
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        # Keras evaluates the schedule at the number of steps taken *before* this one: t - 1
        if t - 1 < warmup_steps:
            rate = peak * (t - 1) / warmup_steps  # step 1 gets rate 0
        else:
            progress = min((t - 1 - warmup_steps) / (steps - warmup_steps), 1.0)
            rate = 0.5 * peak * (1 + np.cos(np.pi * progress))
        # bias corrections folded into the rate; epsilon added to sqrt(v), as Keras does
        alpha_t = rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - alpha_t * m / (np.sqrt(v) + epsilon)
        path.append(w.copy())
    return np.array(path)  # shape (steps, number of weights)


def _q7_reference(
    gradient: Any,
    w0: np.ndarray,
    steps: int,
    peak: float,
    warmup: int,
    *,
    correct: bool = True,
    epsilon_inside: bool = False,
    epsilon_on_v_hat: bool = False,
    shift: int = 0,
    decay_over_all: bool = False,
) -> np.ndarray:
    """The reference with one typical mistake switched on, to recognise it."""
    w, m, v, path = w0.astype(float), np.zeros(len(w0)), np.zeros(len(w0)), []
    decay = steps if decay_over_all else steps - warmup
    for t in range(1, steps + 1):
        g = gradient(w)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        s = t - 1 + shift
        rate = (
            peak * s / warmup
            if s < warmup
            else 0.5 * peak * (1 + np.cos(np.pi * min((s - warmup) / decay, 1.0)))
        )
        m_hat = m / (1 - 0.9**t) if correct else m
        v_hat = v / (1 - 0.999**t) if correct else v
        if epsilon_inside:
            w = w - rate * m_hat / np.sqrt(v_hat + 1e-7)
        elif epsilon_on_v_hat or not correct:
            w = w - rate * m_hat / (np.sqrt(v_hat) + 1e-7)
        else:  # Keras: rate * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + eps)
            w = w - rate * np.sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (np.sqrt(v) + 1e-7)
        path.append(w.copy())
    return np.array(path)


def _q7_cases() -> list[tuple[Any, np.ndarray, int, float, int, str]]:
    """Two test functions: the one Keras runs for the learner, and one drawn at random.

    Each has a coordinate whose gradient is about 1e-5, where sqrt(v) is near epsilon, so
    where epsilon goes shows in the weights.
    """
    a = np.array([3.0, 0.2, 1e-3])

    def shown(w: Any) -> np.ndarray:  # f(w) = sum(a w^2 / 2 + w^4 / 40)
        w = np.asarray(w, dtype=float)
        return a * w + 0.1 * w**3

    rng = variant_rng(705)
    b = np.array([rng.uniform(1.0, 5.0), rng.uniform(0.05, 0.5), rng.uniform(5e-4, 2e-3), 1.0])
    c = rng.uniform(0.5, 1.5)

    def drawn(w: Any) -> np.ndarray:  # an ill-conditioned quadratic, w1 and w4 coupled
        w = np.asarray(w, dtype=float)
        g = b * w
        g[0] += c * w[3]
        g[3] += c * w[0]
        return g

    start = np.array([rng.uniform(-2, 2), rng.uniform(-2, 2), 0.01, rng.uniform(-2, 2)])
    return [
        (shown, np.array([1.5, -2.0, 0.01]), 30, 0.1, 5, "keras"),
        (drawn, start, int(rng.integers(25, 36)), float(rng.uniform(0.03, 0.1)), 4, "numpy"),
    ]


_KERAS_PATHS: dict[tuple[int, float, int], np.ndarray] = {}


def _keras_adam_path(
    gradient: Any, w0: np.ndarray, steps: int, peak: float, warmup: int
) -> np.ndarray:
    """Keras' own Adam under CosineDecay with warm-up, on float64 weights (cached)."""
    key = (steps, peak, warmup)
    if key not in _KERAS_PATHS:
        import keras

        schedule = keras.optimizers.schedules.CosineDecay(
            0.0, steps - warmup, warmup_target=peak, warmup_steps=warmup
        )
        optimizer = keras.optimizers.Adam(schedule)
        w = keras.Variable(w0.copy(), dtype="float64")
        path = []
        for _ in range(steps):
            optimizer.apply_gradients([(keras.ops.convert_to_tensor(gradient(w.numpy())), w)])
            path.append(w.numpy().copy())
        _KERAS_PATHS[key] = np.array(path)
    return _KERAS_PATHS[key]


def _uses_keras_optimizer(learner: Any) -> bool:
    import inspect

    try:
        source = inspect.getsource(learner)
    except (OSError, TypeError):
        return False
    return "optimizers.Adam" in source or "apply_gradients" in source


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-4, atol=2e-5))


def _check_q7(learner: Any, reference: Any) -> str:
    if _uses_keras_optimizer(learner):
        raise Mistake(
            "your function calls Keras' optimizer; write the Adam update yourself in NumPy "
            "(the checker runs Keras for the comparison)."
        )
    for gradient, w0, steps, peak, warmup, source in _q7_cases():
        with np.errstate(all="ignore"):
            raw = call_learner(learner, gradient, w0.copy(), steps, peak, warmup)
        if isinstance(raw, (list, tuple)) and len(raw) in (steps, steps + 1):
            raw = np.stack([as_array(r, "your weights") for r in raw])
        got = as_array(raw, "your weights after each step")
        if got.shape == w0.shape:
            raise Mistake(
                f"return the weights after every step, an array of shape ({steps}, {len(w0)}), "
                "not only the final weights: the check is step for step."
            )
        if got.shape == (steps + 1, len(w0)) and np.allclose(got[0], w0):
            got = got[1:]  # a path that starts with w0 is fine too
        if got.shape != (steps, len(w0)):
            raise Mistake(
                f"for {steps} steps and {len(w0)} weights return an array of shape "
                f"({steps}, {len(w0)}), one row per step; yours has shape {got.shape}."
            )
        if source == "keras":
            want = _keras_adam_path(gradient, w0, steps, peak, warmup)
            name = "Keras' Adam"
        else:
            want = reference(gradient, w0.copy(), steps, peak, warmup)
            name = "Adam as Keras computes it"
        if not np.all(np.isfinite(got)):
            raise Mistake(
                "your weights contain NaN or inf. If t starts at 0, 1 - beta**t is 0 and the bias "
                "correction divides by zero: count the steps from t = 1."
            )
        named = [
            (
                dict(shift=1),
                "step 1 already moved your weights, but Keras' first step does not: it evaluates "
                "the schedule at the number of steps taken before this one (0, 1, 2, ...), so "
                "step t uses schedule(t - 1), and schedule(0) = 0 during warm-up. Keep t from 1 "
                "for the bias correction. (An off-by-one in the step count.)",
            ),
            (
                dict(correct=False),
                "your early steps have the wrong size: without bias correction m and v are "
                "still near their starting 0 (at step 1, m is 10 times and sqrt(v) about 32 "
                "times too small, so the step is about 3 times too large). Divide by "
                "1 - beta_1**t and 1 - beta_2**t.",
            ),
            (
                dict(epsilon_inside=True),
                "you put epsilon inside the square root, sqrt(v + eps). Adam adds it outside, "
                "to the root: sqrt(v) + eps (it matters for the coordinate whose gradient is tiny).",
            ),
            (
                dict(epsilon_on_v_hat=True),
                "you added epsilon to sqrt(v_hat), as the paper writes it. Keras adds it to the "
                "uncorrected sqrt(v) and folds the corrections into the rate: "
                "rate * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + eps). It changes "
                "the coordinate whose gradient is about 1e-5.",
            ),
            (
                dict(decay_over_all=True),
                "your cosine runs over all the steps; after the warm-up it decays over the "
                "remaining steps - warmup_steps.",
            ),
        ]
        for kwargs, message in named:
            wrong = _q7_reference(gradient, w0, steps, peak, warmup, **kwargs)
            if _close(got, wrong) and not _close(wrong, want):
                raise Mistake(message)
        if not _close(got, want):
            bad = ~np.isclose(got, want, rtol=1e-4, atol=2e-5)
            step, index = (int(i) for i in np.argwhere(bad)[0])
            raise Mistake(
                f"after step {step + 1} weight {index} is {got[step, index]:.6g}, but {name} "
                f"gives {want[step, index]:.6g} (start {np.round(w0, 3).tolist()}, {steps} "
                f"steps, peak {peak:.3g}, warm-up {warmup})."
            )
    return (
        "your Adam follows Keras' Adam with warm-up and cosine decay step for step. Step 1 "
        "used rate 0: the weights stayed put, but m and v already took in the first gradient."
    )


q7 = Exercise(
    "Adam with warm-up and cosine decay, step for step with Keras",
    _check_q7,
    hint="Loop t = 1 .. steps: g = gradient(w); update m and v; rate = your warm-up + cosine "
    "schedule at t - 1 (decay over steps - warmup_steps); "
    "w -= rate * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon); keep a copy "
    "of w after every step.",
    solution=adam_with_warmup,
    answer_is_function=True,
)
