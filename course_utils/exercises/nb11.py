"""Exercises for notebook 11 · A tour of architectures.

Example:
    >>> from course_utils.exercises import nb11 as ex
    >>> ex.q3.evaluate(23_808).passed
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
    expect_equal,
)


# q1 -- scaled dot-product attention ---------------------------------------------------------------
def scaled_dot_product_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray) -> np.ndarray:
    scores = Q @ K.T / np.sqrt(K.shape[-1])  # (queries, keys), scaled by sqrt(d_k)
    scores = scores - scores.max(axis=-1, keepdims=True)  # stable softmax
    weights = np.exp(scores) / np.exp(scores).sum(
        axis=-1, keepdims=True
    )  # each query's row sums to 1
    return weights @ V  # weighted average of the values


def _check_q1(learner: Any, reference: Any) -> None:
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    got = as_array(call_learner(learner, Q.copy(), K.copy(), V.copy()), "your attention output")
    want = reference(Q, K, V)
    if got.shape != want.shape:
        raise Mistake(
            f"one output row per query, with the values' width: shape {want.shape}; yours is {got.shape}."
        )
    unscaled = scaled_dot_product_attention(Q * np.sqrt(4), K, V)
    if np.allclose(got, unscaled):
        raise Mistake("you forgot to divide the scores by sqrt(d_k) = 2 here.")
    scores = Q @ K.T / 2
    wrong_axis = np.exp(scores) / np.exp(scores).sum(axis=0, keepdims=True) @ V
    if np.allclose(got, wrong_axis):
        raise Mistake(
            "the softmax must run over the keys (axis=-1), so each query's weights sum to 1."
        )
    expect_close(got, want, "your attention output")


q1 = Exercise(
    "Scaled dot-product attention",
    _check_q1,
    hint="softmax(Q K^T / sqrt(d_k)) along the keys, then multiply by V.",
    solution=scaled_dot_product_attention,
    answer_is_function=True,
)


# q2 -- output size of a transposed convolution ---------------------------------------------------------
def transposed_conv_output_size(n: int, kernel: int, stride: int, padding: str) -> int:
    if padding == "same":
        return n * stride  # each input position spreads over `stride` output positions
    return (n - 1) * stride + kernel  # "valid": the last kernel placement adds kernel - stride


def _check_q2(learner: Any, reference: Any) -> None:
    for args in [
        (7, 3, 2, "same"),
        (14, 3, 2, "same"),
        (7, 3, 2, "valid"),
        (5, 4, 1, "valid"),
        (3, 5, 3, "valid"),
    ]:
        got = call_learner(learner, *args)
        n, k, s, padding = args
        if padding == "valid" and got == (n - k) // s + 1:
            raise Mistake(
                "that is the ordinary convolution's formula; a transposed convolution enlarges: (n - 1) * s + k."
            )
        expect_equal(
            got,
            reference(*args),
            f"the output size for n={n}, kernel={k}, stride={s}, padding={padding!r}",
        )


q2 = Exercise(
    "Transposed convolution output size",
    _check_q2,
    hint="'same': n * stride. 'valid': (n - 1) * stride + kernel.",
    solution=transposed_conv_output_size,
    answer_is_function=True,
)


# q3 -- parameters of an LSTM layer --------------------------------------------------------------------
def lstm_parameters() -> int:
    units, features = 64, 28
    per_gate = units * (features + units) + units  # input weights, recurrent weights, bias
    return 4 * per_gate  # input, forget and output gates, and the candidate cell


def _check_q3(answer: Any, expected: int) -> None:
    if answer == expected // 4:
        raise Mistake(
            "that is one gate; an LSTM has four sets of weights (input, forget, output gates and the candidate)."
        )
    if answer == 4 * 64 * (28 + 64):
        raise Mistake("add the biases: one per unit and gate.")
    expect_equal(answer, expected, "the number of parameters")


q3 = Exercise(
    "Parameters of LSTM(64) on 28 features",
    _check_q3,
    hint="Each of the 4 gates has units x (features + units) weights and units biases.",
    solution=lstm_parameters,
)
