"""Exercises for notebook 03 · Activation functions.

Example:
    >>> import numpy as np
    >>> from course_utils.exercises import nb03 as ex
    >>> ex.q1.evaluate(lambda x: np.maximum(x, 0)).passed
    True
    >>> ex.q6.evaluate(0.25**10).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    as_array,
    call_learner,
    expect_close,
    refuse_shortcut,
    variant_rng,
)

_INPUTS = np.array([[-3.0, -0.5, 0.0, 0.25, 7.5], [2.0, -1.0, 1.5, -2.5, 0.1]])


# q1 -- ReLU ---------------------------------------------------------------------------------
def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)  # elementwise: negative values become 0


def _check_q1(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _INPUTS.copy()), "your ReLU output")
    if got.shape != _INPUTS.shape:
        raise Mistake(
            f"ReLU works elementwise and keeps the shape {_INPUTS.shape}; yours returned "
            f"{got.shape}. np.max(x, 0) reduces along axis 0; use np.maximum(x, 0)."
        )
    if np.allclose(got, np.abs(_INPUTS)):
        raise Mistake("you returned |x|; ReLU sets negative values to 0 instead of flipping them.")
    expect_close(got, reference(_INPUTS), "your ReLU output", inputs=_INPUTS)


q1 = Exercise(
    "ReLU",
    _check_q1,
    hint="np.maximum compares elementwise: np.maximum(x, 0).",
    solution=relu,
    answer_is_function=True,
)


# q2 -- the derivative of the sigmoid ----------------------------------------------------------
def sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    s = 1.0 / (1.0 + np.exp(-x))  # sigmoid(x)
    return s * (1.0 - s)  # sigma'(x) = sigma(x) (1 - sigma(x))


def _check_q2(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _INPUTS.copy()), "your derivative")
    s = 1.0 / (1.0 + np.exp(-_INPUTS))
    if got.shape == _INPUTS.shape:
        if np.allclose(got, s):
            raise Mistake("that is the sigmoid itself, not its derivative.")
        if np.allclose(got, _INPUTS * (1 - _INPUTS)):
            raise Mistake("the formula s (1 - s) needs s = sigmoid(x), not x itself.")
        if np.allclose(got, s * (1 + s)):
            raise Mistake("check the sign: the derivative is s (1 - s), at most 0.25.")
    expect_close(got, reference(_INPUTS), "your derivative", inputs=_INPUTS)


q2 = Exercise(
    "Derivative of the sigmoid",
    _check_q2,
    hint="First compute s = 1 / (1 + exp(-x)); the derivative is s * (1 - s).",
    solution=sigmoid_derivative,
    answer_is_function=True,
)


# q3 -- numerically stable softmax -------------------------------------------------------------
def stable_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)  # each row's max becomes 0: exp cannot overflow
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)  # each row sums to 1


def _check_q3(learner: Any, reference: Any) -> None:
    small = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got = as_array(call_learner(learner, small.copy()), "your softmax")
    if got.shape != small.shape:
        raise Mistake(f"softmax keeps the shape {small.shape}; yours returned {got.shape}.")
    if not np.allclose(got.sum(axis=-1), 1.0):
        raise Mistake(
            "each row (one example's scores) should sum to 1. Sum over axis=-1 with "
            "keepdims=True, not over the whole array."
        )
    expect_close(got, reference(small), "your softmax", inputs=small)
    large = np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])
    with np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore"):
        got = as_array(call_learner(learner, large.copy()), "your softmax")
    if not np.all(np.isfinite(got[0])):
        raise Mistake(
            "for scores [1000, 1001, 1002] your softmax gives NaN or inf: exp(1000) overflows. "
            "Subtract each row's maximum before exponentiating."
        )
    if not np.all(np.isfinite(got)) or not np.allclose(got.sum(axis=-1), 1.0):
        raise Mistake(
            "with rows [1000, 1001, 1002] and [-5, 0, 5] a row breaks down: subtract each "
            "row's own maximum (z.max(axis=-1, keepdims=True)), not the maximum of the whole batch."
        )
    expect_close(got, reference(large), "your softmax", inputs=large)


q3 = Exercise(
    "Numerically stable softmax",
    _check_q3,
    hint="softmax(z) = softmax(z - c) for any constant c per row; choose c = the row's maximum.",
    solution=stable_softmax,
    answer_is_function=True,
)


# q4 -- derivative of the tanh approximation of GELU -------------------------------------------
_GELU_C = np.sqrt(2.0 / np.pi)


def gelu_tanh_derivative(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    u = _GELU_C * (x + 0.044715 * x**3)
    t = np.tanh(u)
    du_dx = _GELU_C * (1 + 3 * 0.044715 * x**2)  # chain rule: the inside of the tanh
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * du_dx  # product rule on 0.5 x (1 + tanh u)


def _q4_inputs() -> np.ndarray:
    rng = variant_rng(4)
    return np.concatenate([[-4.0, -1.0, -0.3, 0.0, 0.5, 2.0, 5.0], rng.uniform(-5, 5, size=25)])


def _check_q4(learner: Any, reference: Any) -> str:
    from math import erf

    x = _q4_inputs()
    got = as_array(call_learner(learner, x.copy()), "your derivative")
    if got.shape != x.shape:
        raise Mistake(
            f"the derivative is elementwise: shape {x.shape} in, {x.shape} out; yours is {got.shape}."
        )
    u = _GELU_C * (x + 0.044715 * x**3)
    t = np.tanh(u)
    if np.allclose(got, 0.5 * x * (1 + t), atol=1e-6):
        raise Mistake("that is the function g(x) itself, not its derivative.")
    if np.allclose(got, 0.5 * (1 + t) + 0.5 * x * (1 - t**2), atol=1e-6):
        raise Mistake(
            "you forgot the chain rule inside the tanh: d tanh(u)/dx = (1 - tanh(u)**2) * du/dx, "
            "with du/dx = sqrt(2/pi) * (1 + 3 * 0.044715 * x**2)."
        )
    if np.allclose(got, 0.5 * x * (1 - t**2) * _GELU_C * (1 + 3 * 0.044715 * x**2), atol=1e-6):
        raise Mistake(
            "you differentiated only the tanh factor: by the product rule, the derivative of "
            "0.5 x (1 + tanh u) also has the term 0.5 (1 + tanh u)."
        )
    phi = np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)
    exact = 0.5 * (1 + np.vectorize(erf)(x / np.sqrt(2))) + x * phi
    if np.allclose(got, exact, atol=1e-6):
        raise Mistake(
            "that is the derivative of the exact GELU, x Phi(x). This exercise asks for the "
            "derivative of the tanh approximation; the two differ by up to about 1e-3 on [-6, 6]."
        )
    expect_close(got, reference(x), "your derivative", rtol=1e-5, atol=1e-6)
    return "your derivative matches, so it would also match GradientTape on gelu(approximate=True)."


q4 = Exercise(
    "Derivative of the tanh approximation of GELU",
    _check_q4,
    hint="Let t = tanh(u), u = sqrt(2/pi) (x + 0.044715 x**3). Product rule: "
    "g' = 0.5 (1 + t) + 0.5 x (1 - t**2) du/dx, with du/dx = sqrt(2/pi) (1 + 3 * 0.044715 x**2).",
    solution=gelu_tanh_derivative,
    answer_is_function=True,
)


# q5 -- log-softmax with log-sum-exp -------------------------------------------------------------
def log_softmax(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)  # each row's maximum becomes 0
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))  # log-sum-exp


def _check_q5(learner: Any, reference: Any) -> str:
    small = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, small.copy()), "your log-softmax")
    if got.shape != small.shape:
        raise Mistake(f"log-softmax keeps the shape {small.shape}; yours returned {got.shape}.")
    s = np.exp(small - small.max(axis=-1, keepdims=True))
    s = s / s.sum(axis=-1, keepdims=True)
    if np.allclose(got, s):
        raise Mistake("that is the softmax itself; take its logarithm (via log-sum-exp).")
    if np.allclose(got, small - np.log(np.exp(small).sum())):
        raise Mistake("sum over each row (axis=-1, keepdims=True), not over the whole batch.")
    expect_close(got, reference(small), "your log-softmax", inputs=small)
    large = np.array([[-1000.0, 0.0, 1000.0], [5.0, 3.0, -2.0], [1000.0, 1001.0, 1002.0]])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, large.copy()), "your log-softmax")
    if not np.all(np.isfinite(got[2])):
        raise Mistake(
            "for scores [1000, 1001, 1002] you get NaN or inf: exp(1000) overflows. Subtract "
            "each row's maximum before exponentiating."
        )
    if np.isneginf(got).any():
        raise Mistake(
            "for scores [-1000, 0, 1000] you get -inf: the softmax probability e^-2000 underflows "
            "to 0 and log(0) = -inf. Do not take the log of the softmax; use "
            "z - max - log(sum(exp(z - max)))."
        )
    if not np.all(np.isfinite(got)):
        raise Mistake("your log-softmax contains NaN or inf for scores [-1000, 0, 1000].")
    expect_close(got, reference(large), "your log-softmax", inputs=large)
    return "your log-softmax is exact and stays finite for scores of +-1000."


q5 = Exercise(
    "Log-softmax with the log-sum-exp trick",
    _check_q5,
    hint="Write log softmax(z)_k = z_k - log sum_j exp(z_j), then subtract the row maximum m "
    "inside the log: log sum_j exp(z_j) = m + log sum_j exp(z_j - m). Never take log(softmax).",
    solution=log_softmax,
    answer_is_function=True,
)


# q6 -- predict, then check: the best case for ten sigmoid factors ---------------------------------
def largest_sigmoid_factor_product() -> float:
    best_factor = 0.25  # sigma'(0) = sigma(0) (1 - sigma(0)) = 0.5 * 0.5, the maximum of sigma'
    return best_factor**10  # ten layers, ten factors


def _check_q6(answer: Any, expected: float) -> str:
    if isinstance(answer, str):
        try:
            answer = float(answer.strip())
        except ValueError:
            raise Mistake(f"give a number such as 1e-3, not {answer!r}.") from None
    got = as_array(answer, "your prediction")
    if got.size != 1:
        raise Mistake("give one number: the largest possible product of the ten factors.")
    got = float(got.reshape(()))
    if np.isclose(got, 2.5):
        raise Mistake("the factors multiply, they do not add: 0.25 ** 10, not 0.25 * 10.")
    if np.isclose(got, 0.5**10, rtol=1e-3):
        raise Mistake(
            "0.5 is sigma(0), the function's value; its derivative there is sigma(0)(1 - sigma(0)) = 0.25."
        )
    if np.isclose(got, 0.25):
        raise Mistake("that is one factor; there are ten layers, so ten factors multiply.")
    if np.isclose(got, 1.0):
        raise Mistake("a factor of 1 is ReLU's slope; the sigmoid's derivative is at most 0.25.")
    if not 9e-7 <= got <= 1.1e-6:
        raise Mistake(
            f"the largest product should be about {expected:.2e} (9e-7 to 1.1e-6 counts as "
            f"right), but your answer is {got:.3g}."
        )
    return (
        f"at best {expected:.2e}: even if every unit sat at a = 0, the gradient would shrink a "
        "million-fold through ten sigmoid layers. Compare the measured mean factors in section 3."
    )


q6 = Exercise(
    "Predict the largest product of ten sigmoid derivatives",
    _check_q6,
    hint="sigma'(a) = sigma(a)(1 - sigma(a)) is largest at a = 0. Raise that to the power 10.",
    solution=largest_sigmoid_factor_product,
)


# q7 -- the backward pass of a deep stack, by hand, and the gradient it measures -------------------
def backward_deltas(x, weights, biases, activation, grad_output):
    """dL/da_l for every layer of h_l = f(a_l), a_l = h_(l-1) W_l + b_l, h_0 = x."""
    x = np.asarray(x, dtype=float)
    if activation == "sigmoid":

        def f(a):
            return 1.0 / (1.0 + np.exp(-a))

        def f_prime(a):
            return f(a) * (1.0 - f(a))  # sigma'(a), evaluated at the pre-activation a

    else:  # "relu"

        def f(a):
            return np.maximum(a, 0.0)

        def f_prime(a):
            return (a > 0).astype(float)

    pre_activations, h = [], x
    for W, b in zip(weights, biases):  # forward pass: keep every a_l
        a = h @ W + b
        pre_activations.append(a)
        h = f(a)
    deltas = [None] * len(weights)
    grad_h = np.asarray(grad_output, dtype=float)  # dL/dh_L, given
    for layer in reversed(range(len(weights))):  # backward pass, top layer first
        deltas[layer] = grad_h * f_prime(pre_activations[layer])  # dL/da_l
        grad_h = deltas[layer] @ weights[layer].T  # dL/dh_(l-1)
    return deltas


def _q7_stack(rng: np.random.Generator, widths: list[int], n: int = 5):
    x = rng.normal(size=(n, widths[0]))
    weights = [rng.normal(scale=1.2, size=(i, o)) for i, o in zip(widths[:-1], widths[1:])]
    biases = [rng.normal(scale=0.5, size=o) for o in widths[1:]]
    grad_output = rng.normal(size=(n, widths[-1]))
    return x, weights, biases, grad_output


def _q7_deltas(learner: Any, inputs: tuple, activation: str, count: int) -> list[np.ndarray]:
    x, weights, biases, grad_output = inputs
    got = call_learner(
        learner,
        x.copy(),
        [W.copy() for W in weights],
        [b.copy() for b in biases],
        activation,
        grad_output.copy(),
    )
    if got is None:
        raise Mistake("your function returned None; did you forget a `return`?")
    if hasattr(got, "numpy") or isinstance(got, np.ndarray):
        got = list(got)  # a stacked array or tensor of equal-width layers is fine too
    try:
        got = list(got)
    except TypeError:
        raise Mistake(
            "return a list with one array dL/da_l per layer, first layer first."
        ) from None
    if len(got) != count:
        raise Mistake(
            f"the stack has {count} layers, so return {count} arrays (one dL/da_l per layer, "
            f"first layer first); yours returned {len(got)}."
        )
    return [as_array(g, f"your dL/da for layer {i + 1}") for i, g in enumerate(got)]


def _q7_variant(inputs: tuple, activation: str, kind: str) -> list[np.ndarray]:
    """The deltas a typical mistake produces (on square layers, so that every one computes)."""
    x, weights, biases, grad_output = inputs

    def sigmoid(a: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-a))

    def sigmoid_prime(a: np.ndarray) -> np.ndarray:
        return sigmoid(a) * (1.0 - sigmoid(a))

    def relu_prime(a: np.ndarray) -> np.ndarray:
        return (a > 0).astype(float)

    if kind == "other f":  # the activation argument ignored: the other function throughout
        activation = "relu" if activation == "sigmoid" else "sigmoid"
    f = sigmoid if activation == "sigmoid" else (lambda a: np.maximum(a, 0.0))
    f_prime = sigmoid_prime if activation == "sigmoid" else relu_prime
    if kind == "sigma of h":
        f_prime = lambda a: sigmoid_prime(f(a))  # noqa: E731  (sigma' of h_l, not of a_l)
    pre, h = [], x
    for W, b in zip(weights, biases):
        pre.append(h @ W + b)
        h = f(pre[-1])
    deltas, grad_h = [None] * len(weights), grad_output
    for layer in reversed(range(len(weights))):
        deltas[layer] = grad_h if kind == "no f'" else grad_h * f_prime(pre[layer])
        W = weights[layer]
        grad_h = deltas[layer] @ (W if kind == "no transpose" else W.T)
    return deltas


def _q7_matches(got: list[np.ndarray], want: list[np.ndarray]) -> bool:
    return all(
        g.shape == w.shape and np.allclose(g, w, rtol=1e-5, atol=1e-8) for g, w in zip(got, want)
    )


def _q7_rms_ratio(learner: Any, activation: str) -> float:
    rng = np.random.default_rng(70)
    widths = [32] * 11  # ten layers of 32 units
    x = rng.uniform(0, 1, size=(64, 32))
    weights = [rng.normal(scale=np.sqrt(1 / 32), size=(32, 32)) for _ in range(10)]
    if activation == "relu":
        weights = [W * np.sqrt(2) for W in weights]  # He's scale for ReLU (notebook 06)
    biases = [np.zeros(32) for _ in range(10)]
    grad_output = rng.normal(size=(64, 32))
    deltas = _q7_deltas(learner, (x, weights, biases, grad_output), activation, len(widths) - 1)
    rms = [float(np.sqrt(np.mean(d**2))) for d in deltas]
    return rms[0] / rms[-1]


def _check_q7(learner: Any, reference: Any) -> str:
    refuse_shortcut(learner, {"GradientTape": "TensorFlow's tape"}, "the backward pass")
    rng = variant_rng(7)
    square = _q7_stack(rng, [4, 4, 4, 4])  # square layers: every typical mistake computes
    for activation in ("sigmoid", "relu"):
        got = _q7_deltas(learner, square, activation, 3)
        want = reference(*square[:3], activation, square[3])
        if _q7_matches(got, want):
            continue
        if _q7_matches(got[::-1], want):
            raise Mistake(
                "your list is in backward order (top layer first); return it first layer first, "
                "deltas[0] = dL/da_1."
            )
        named = {
            "no f'": "you left out the factor f'(a_l): multiply dL/dh_l elementwise by the "
            "activation's derivative at the pre-activation a_l to get dL/da_l.",
            "no transpose": "to go from dL/da_l back to dL/dh_(l-1), multiply by W_l transposed "
            "(delta @ W.T), not by W_l: a_l = h_(l-1) W_l.",
            "sigma of h": "you evaluated sigma' at h_l = sigma(a_l) instead of at a_l: "
            "sigma'(a_l) = h_l (1 - h_l), with no second sigmoid.",
            "other f": f"for activation={activation!r} your deltas are those of the other "
            "activation's stack: use the activation passed in, in the forward pass and its derivative.",
        }
        for kind, message in named.items():
            if _q7_matches(got, _q7_variant(square, activation, kind)):
                raise Mistake(message)
        for layer, (g, w) in enumerate(zip(got, want)):
            expect_close(g, w, f"your dL/da for layer {layer + 1} ({activation})", rtol=1e-5)
    uneven = _q7_stack(rng, [6, 5, 4, 3])  # layers of different widths
    for activation in ("sigmoid", "relu"):
        got = _q7_deltas(learner, uneven, activation, 3)
        want = reference(*uneven[:3], activation, uneven[3])
        for layer, (g, w) in enumerate(zip(got, want)):
            expect_close(
                g, w, f"your dL/da for layer {layer + 1} ({activation}, widths 6-5-4-3)", rtol=1e-5
            )
    sigmoid_ratio = _q7_rms_ratio(learner, "sigmoid")
    relu_ratio = _q7_rms_ratio(learner, "relu")
    return (
        "your backward pass is right. Measured with it on a 10-layer stack of 32 units "
        f"(random weights, 64 inputs): RMS of dL/da_1 over RMS of dL/da_10 = {sigmoid_ratio:.1e} "
        f"with sigmoid, {relu_ratio:.2f} with ReLU (He-scaled weights). Compare section 3."
    )


q7 = Exercise(
    "The backward pass of a deep stack, by hand",
    _check_q7,
    hint="Forward: keep every a_l = h_(l-1) @ W_l + b_l and h_l = f(a_l). Backward, from the top: "
    "delta_l = grad_h * f'(a_l), then grad_h = delta_l @ W_l.T for the layer below. "
    "sigma'(a) = sigma(a)(1 - sigma(a)); relu'(a) = 1 where a > 0, else 0.",
    solution=backward_deltas,
    answer_is_function=True,
)
