"""Exercises for notebook 06 · Softmax regression and backpropagation.

Example:
    >>> from course_utils.exercises import nb06 as ex
    >>> ex.q3.evaluate(ex.he_normal_std).passed
    True
    >>> ex.q6.evaluate(1 / 32).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    as_array,
    as_number,
    call_learner,
    expect_close,
    variant_rng,
)

_LOGITS = np.array([[2.0, 1.0, -1.0], [0.5, 0.5, 3.0], [-2.0, 4.0, 0.0], [1.0, 0.0, 0.0]])
_LABELS = np.array([0, 2, 1, 2])


# q1 -- softmax cross-entropy from logits ------------------------------------------------------------
def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)  # stability: largest logit becomes 0
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax
    return float(-log_probs[np.arange(len(labels)), labels].mean())  # mean of -log p(true class)


def _one_number(answer: Any, what: str, message: str) -> float:
    """A loss or a spread given as one number, or as a one-element array, list or tensor."""
    array = as_array(answer, what)
    if array.size != 1:
        raise Mistake(message.format(shape=array.shape))
    return float(as_number(answer, what))


def _check_q1(learner: Any, reference: Any) -> None:
    one = "return one number, the mean over the batch; yours has shape {shape}."
    got = _one_number(call_learner(learner, _LOGITS.copy(), _LABELS.copy()), "your loss", one)
    want = reference(_LOGITS, _LABELS)
    if np.isclose(got, want * len(_LABELS)):
        raise Mistake("you summed over the batch; take the mean, as Keras does.")
    expect_close(got, want, "your loss", rtol=1e-6)
    big = _LOGITS * 500
    with np.errstate(all="ignore"):
        got = _one_number(call_learner(learner, big.copy(), _LABELS.copy()), "your loss", one)
    if not np.isfinite(got):
        raise Mistake(
            "with logits in the hundreds your loss is inf or NaN: subtract each row's max first."
        )
    expect_close(got, reference(big, _LABELS), "your loss for large logits", rtol=1e-6)


q1 = Exercise(
    "Softmax cross-entropy from logits",
    _check_q1,
    hint="log softmax(z) = (z - max z) - log(sum(exp(z - max z))). Pick the true class's entry, negate, average.",
    solution=softmax_cross_entropy,
    answer_is_function=True,
)


# q2 -- its gradient with respect to the logits --------------------------------------------------------
def cross_entropy_gradient(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)  # y_hat
    one_hot = np.eye(logits.shape[1])[labels]  # y
    return (probs - one_hot) / len(labels)  # d(mean loss)/d logits = (y_hat - y) / n


def _check_q2(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _LOGITS.copy(), _LABELS.copy()), "your gradient")
    want = reference(_LOGITS, _LABELS)
    if got.shape != want.shape:
        raise Mistake(
            f"the gradient has one entry per logit, shape {want.shape}; yours is {got.shape}."
        )
    if np.allclose(got, want * len(_LABELS)):
        raise Mistake(
            "that is the gradient of the summed loss; the loss is a mean, so divide by n."
        )
    if np.allclose(got, -want):
        raise Mistake("the sign is flipped: it is y_hat - y (probabilities minus one-hot labels).")
    expect_close(got, want, "your gradient")


q2 = Exercise(
    "Gradient of softmax cross-entropy with respect to the logits",
    _check_q2,
    hint="Softmax the logits, subtract the one-hot labels, divide by the batch size.",
    solution=cross_entropy_gradient,
    answer_is_function=True,
)


# q3 -- He initialisation --------------------------------------------------------------------------------
def he_normal_std(fan_in: int) -> float:
    return float(np.sqrt(2.0 / fan_in))  # keeps the variance of ReLU activations constant


def _check_q3(learner: Any, reference: Any) -> None:
    for fan_in in (784, 128, 9):
        got = _one_number(
            call_learner(learner, fan_in),
            "your standard deviation",
            f"return one number (the standard deviation for fan_in={fan_in}), not an array of "
            "shape {shape}: the same spread is used for every weight of the layer.",
        )
        if np.isclose(got, np.sqrt(1.0 / fan_in)):
            raise Mistake(
                "sqrt(1 / fan_in) is LeCun's initialisation; ReLU zeroes half its inputs, so He doubles the variance."
            )
        if np.isclose(got, 2.0 / fan_in):
            raise Mistake("2 / fan_in is the variance; the standard deviation is its square root.")
        expect_close(got, reference(fan_in), f"your standard deviation for fan_in={fan_in}")


q3 = Exercise(
    "He initialisation",
    _check_q3,
    hint="He et al. choose Var(w) = 2 / fan_in for ReLU layers.",
    solution=he_normal_std,
    answer_is_function=True,
)


# q4 -- the backward pass of a tanh layer, with a gradient check (deep) ----------------------------------
def dense_tanh_backward(
    X: np.ndarray, W: np.ndarray, b: np.ndarray, dY: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = X @ W + b  # forward again: the pre-activation (n x h)
    dA = dY * (1.0 - np.tanh(A) ** 2)  # tanh'(A) = 1 - tanh(A)^2, element by element
    dX = dA @ W.T  # (n x h) @ (h x d) -> n x d, the shape of X
    dW = X.T @ dA  # (d x n) @ (n x h) -> d x h, the shape of W
    db = dA.sum(axis=0)  # b was added to every row, so its gradient sums over the rows
    return dX, dW, db


def _q4_case(rng: np.random.Generator, n: int, d: int, h: int) -> tuple[np.ndarray, ...]:
    return (
        rng.normal(size=(n, d)),
        rng.normal(size=(d, h)) * 0.7,
        rng.normal(size=h) * 0.5,
        rng.normal(size=(n, h)),
    )


def _numeric_gradient(f: Any, p: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(p)
    for index in np.ndindex(p.shape):
        old = p[index]
        p[index] = old + eps
        up = f()
        p[index] = old - eps
        down = f()
        p[index] = old
        g[index] = (up - down) / (2 * eps)
    return g


def _check_q4(learner: Any, reference: Any) -> str:
    rng = variant_rng(604)
    worst = 0.0
    for n, d, h in [(5, 4, 3), (2, 6, 4), (7, 3, 5)]:
        X, W, b, dY = _q4_case(rng, n, d, h)
        got = call_learner(learner, X.copy(), W.copy(), b.copy(), dY.copy())
        if isinstance(got, dict):
            got = [got.get(k) for k in ("dX", "dW", "db")]
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Mistake("return three arrays, in the order (dX, dW, db).")
        dX, dW, db = (as_array(g, name) for g, name in zip(got, ("your dX", "your dW", "your db")))
        want_dX, want_dW, want_db = reference(X, W, b, dY)
        where = f"(for X of shape {X.shape}, W of shape {W.shape})"
        if dW.shape == (h, d) and d != h:
            raise Mistake(
                f"your dW has shape {dW.shape}, but W has shape {W.shape} {where}: a gradient has "
                "the shape of its parameter, so it is X.T @ dA, not dA.T @ X."
            )
        if dW.shape != want_dW.shape and dX.shape == want_dW.shape:
            raise Mistake("return the gradients in the order (dX, dW, db).")
        if db.shape == (n, h):
            raise Mistake(
                "your db has one row per example; b was added to every row, so its gradient "
                "sums dA over the rows (axis 0), giving one number per unit."
            )
        A = X @ W + b
        for name, g, w in (("dX", dX, want_dX), ("dW", dW, want_dW), ("db", db, want_db)):
            if g.shape != w.shape:
                raise Mistake(
                    f"your {name} has shape {g.shape}; it must have the shape of "
                    f"{name[1:]}, {w.shape} {where}."
                )
        if np.allclose(dW, X.T @ dY):
            raise Mistake(
                "you skipped the tanh: first multiply dY by the local derivative "
                "1 - tanh(A)**2 (element by element), then use that dA for dX, dW and db."
            )
        if np.allclose(dW, X.T @ (dY * (1 - A**2))):
            raise Mistake(
                "the derivative of tanh at A is 1 - tanh(A)**2, not 1 - A**2 (square the "
                "output of tanh, not its input)."
            )
        if np.allclose(db, want_db / n):
            raise Mistake("db is a sum over the rows, not a mean: the 1/n is already inside dY.")
        if np.allclose(dX, dY @ W.T):
            raise Mistake("your dX skips the tanh: it is dA @ W.T with dA = dY * (1 - tanh(A)**2).")
        # the gradient check: central differences of L = sum(dY * tanh(XW + b))
        params = {"dX": X, "dW": W, "db": b}
        for name, g in (("dX", dX), ("dW", dW), ("db", db)):
            numeric = _numeric_gradient(
                lambda X=X, W=W, b=b, dY=dY: float(np.sum(dY * np.tanh(X @ W + b))), params[name]
            )
            # the 1e-3 floor lets a float32 answer (TensorFlow's default) pass near zero
            error = np.max(np.abs(g - numeric) / (np.abs(g) + np.abs(numeric) + 1e-3))
            if error > 1e-5:
                index = tuple(
                    int(i) for i in np.unravel_index(np.argmax(np.abs(g - numeric)), g.shape)
                )
                raise Mistake(
                    f"the gradient check fails for {name} {where}: at index {index} finite "
                    f"differences give {numeric[index]:.6g}, your {name} gives {g[index]:.6g}."
                )
            worst = max(worst, float(error))
    return (
        "your dX, dW and db pass the gradient check: the largest relative error against central "
        f"finite differences is {worst:.1e}."
    )


q4 = Exercise(
    "The backward pass of a tanh layer",
    _check_q4,
    hint="Recompute A = X @ W + b. dA = dY * (1 - tanh(A)**2); then dX = dA @ W.T, "
    "dW = X.T @ dA, db = dA.sum(axis=0). Each gradient has the shape of its quantity.",
    solution=dense_tanh_backward,
    answer_is_function=True,
)


# q5 -- the gradient of squared error on softmax outputs, through the Jacobian (deep) ---------------------
def softmax_mse_gradient(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z))  # stable softmax
    p = e / e.sum()
    jacobian = np.diag(p) - np.outer(p, p)  # dp_i/dz_j = p_i (delta_ij - p_j), symmetric
    return jacobian.T @ (p - y)  # chain rule: dL/dz = J^T dL/dp, with dL/dp = p - y


def _q5_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = variant_rng(605)
    cases = []
    for k in (3, 5, 10):
        z = rng.normal(size=k) * 2
        y = np.eye(k)[rng.integers(k)]
        cases.append((z, y))
    cases.append((np.array([0.5, -1.0, 2.0, 0.0]), np.array([0.1, 0.1, 0.7, 0.1])))
    cases.append((np.array([800.0, 0.0, -800.0]), np.array([0.0, 0.0, 1.0])))
    return cases


def _check_q5(learner: Any, reference: Any) -> None:
    for z, y in _q5_cases():
        with np.errstate(all="ignore"):
            got = as_array(call_learner(learner, z.copy(), y.copy()), "your gradient")
        want = reference(z, y)
        e = np.exp(z - z.max())
        p = e / e.sum()
        g = p - y
        if got.shape != want.shape:
            raise Mistake(
                f"for {len(z)} logits the gradient has {len(z)} entries, shape {want.shape}; "
                f"yours has shape {got.shape}."
            )
        if not np.all(np.isfinite(got)):
            raise Mistake(
                f"for logits {z.tolist()} your gradient contains NaN or inf: compute the "
                "softmax stably (subtract max(z) before exp)."
            )
        if np.allclose(got, g) and not np.allclose(want, g):
            raise Mistake(
                "p - y is the gradient of cross-entropy. Here the loss is squared error on the "
                "probabilities, so the chain rule goes through the softmax Jacobian: J.T @ (p - y)."
            )
        if np.allclose(got, p * (1 - p) * g) and not np.allclose(want, p * (1 - p) * g):
            raise Mistake(
                "you used only the diagonal of the softmax Jacobian, p_i (1 - p_i). Raising "
                "one logit also lowers every other probability: the off-diagonal entries "
                "are -p_i p_j."
            )
        if np.allclose(got, -want) and not np.allclose(want, 0):
            raise Mistake("the sign is flipped: dL/dp = p - y (prediction minus target).")
        expect_close(got, want, "your gradient", inputs=z, atol=1e-9)


q5 = Exercise(
    "Squared error on softmax outputs: the gradient through the Jacobian",
    _check_q5,
    hint="The chain rule: dL/dz = J.T @ dL/dp. Work out dL/dp for L = 0.5 * sum((p - y)**2) "
    "first, then take J, the softmax Jacobian, from section 2 (compute p stably).",
    solution=softmax_mse_gradient,
    answer_is_function=True,
)


# q6 -- predict, then check: ReLU layers with Var(w) = 1/n -----------------------------------------------
def relu_rms_after_ten_layers() -> float:
    # Var(w) = 1/n: each layer's pre-activation has mean square n * (1/n) * E[x^2] = E[x^2],
    # and each ReLU halves the mean square. Ten ReLUs: mean square 1 * 0.5**10.
    mean_square = 0.5**10
    return float(np.sqrt(mean_square))  # the root mean square: 2**-5 = 1/32


def _from_text(text: str) -> float | None:
    """A number written as text: "0.031", "1/32" or "2**-5" (nothing else is evaluated)."""
    text = text.replace(" ", "")
    try:
        if "**" in text:
            base, power = text.split("**")
            return float(base) ** float(power)
        if "/" in text:
            top, bottom = text.split("/")
            return float(top) / float(bottom)
        return float(text)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def _as_number(answer: Any, what: str) -> float:
    if isinstance(answer, str):
        number = _from_text(answer)
        if number is None:
            raise Mistake(
                f"{what} should be a number (a decimal such as 0.25, or 1/4), not {answer!r}."
            )
        answer = number
    value = as_array(answer, what)
    if value.size != 1:
        raise Mistake(f"{what} should be one number, not an array of shape {value.shape}.")
    return float(value.reshape(()))


def _check_q6(answer: Any, expected: float) -> str:
    value = _as_number(answer, "your prediction")
    if np.isclose(value, 0.5**10, rtol=0.1):
        raise Mistake(
            "0.5**10 is the mean square (second moment) after ten halvings; the root mean "
            "square is its square root."
        )
    if np.isclose(value, 0.5**4.5, rtol=0.05):
        raise Mistake(
            "that counts nine halvings; all ten layers end with a ReLU, and each halves the "
            "mean square (the first one included)."
        )
    if np.isclose(value, 1.0, rtol=0.1):
        raise Mistake(
            "Var(w) = 1/n keeps the scale of a linear (or tanh) layer, but each ReLU halves "
            "the mean square of what passes through it."
        )
    if np.isclose(value, 0.5, rtol=0.05):
        raise Mistake("0.5 is what one ReLU does to the mean square; there are ten layers.")
    expect_close(value, expected, "the root mean square after ten layers", rtol=0.1)
    return (
        f"each ReLU halves the mean square, so after ten layers the RMS is 2**-5 = {expected:.4f}. "
        "Run the next cell to measure it."
    )


q6 = Exercise(
    "Predict: ten ReLU layers initialised with Var(w) = 1/n",
    _check_q6,
    hint="Track the mean square E[h^2]: a layer multiplies it by n * Var(w) = 1, a ReLU halves "
    "it. The root mean square is the square root of what is left.",
    solution=relu_rms_after_ten_layers,
)
