"""Exercises for notebook 13 · Attention and Transformers.

Example:
    >>> from course_utils.exercises import nb13 as ex
    >>> ex.q5.evaluate(8.0).passed
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
    expect_equal,
)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# q1 -- scaled dot-product attention (moved from the old notebook 11, same behaviour) -------------
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


# q2 -- a causal mask --------------------------------------------------------------------------------
def causal_mask(n: int) -> np.ndarray:
    # True where query i may look at key j: j <= i (itself and earlier positions)
    return np.tril(np.ones((n, n), dtype=bool))


def _check_q2(learner: Any, reference: Any) -> None:
    for n in (4, 1, 6):
        raw = call_learner(learner, n)
        got = as_array(raw, "your mask")
        want = reference(n).astype(float)
        if got.shape != want.shape:
            raise Mistake(f"causal_mask({n}) should have shape ({n}, {n}); yours is {got.shape}.")
        if not np.all((got == 0) | (got == 1)):
            raise Mistake(
                "return True/False (or 1/0): True where query i may attend to key j, not "
                "additive -inf scores."
            )
        if n > 1 and np.array_equal(got, want.T):
            raise Mistake(
                "that is the transpose: row i is query i, and it may see keys j <= i "
                "(lower triangle), not the future."
            )
        if np.array_equal(got, want - np.eye(n)):
            raise Mistake("each position may attend to itself too: keep the diagonal.")
        if np.array_equal(got, 1 - want):
            raise Mistake("the mask is inverted: True means 'may attend', for j <= i.")
        expect_close(got, want, f"causal_mask({n})")


q2 = Exercise(
    "A causal mask",
    _check_q2,
    hint="np.tril(np.ones((n, n), dtype=bool)): row i allows columns 0..i.",
    solution=causal_mask,
    answer_is_function=True,
)


# q3 -- sinusoidal positional encoding ---------------------------------------------------------------
def positional_encoding(length: int, d_model: int) -> np.ndarray:
    positions = np.arange(length)[:, None]  # (length, 1)
    i = np.arange(d_model // 2)[None, :]  # (1, d_model / 2): one frequency per pair
    angles = positions / 10_000 ** (2 * i / d_model)
    pe = np.zeros((length, d_model))
    pe[:, 0::2] = np.sin(angles)  # even columns: sine
    pe[:, 1::2] = np.cos(angles)  # odd columns: cosine of the same angle
    return pe


def _check_q3(learner: Any, reference: Any) -> None:
    for length, d in ((6, 8), (3, 4)):
        got = as_array(call_learner(learner, length, d), "your encoding")
        want = reference(length, d)
        if got.shape == (d, length) and got.shape != want.shape:
            raise Mistake(f"one row per position: shape ({length}, {d}), not ({d}, {length}).")
        if got.shape != want.shape:
            raise Mistake(
                f"positional_encoding({length}, {d}) should have shape {want.shape}; yours is {got.shape}."
            )
        halves = np.concatenate([want[:, 0::2], want[:, 1::2]], axis=1)
        if np.allclose(got, halves):
            raise Mistake(
                "you put all sines first and all cosines after; the notebook's convention "
                "interleaves them: column 2i is a sine, column 2i+1 the cosine of the same angle."
            )
        positions = np.arange(length)[:, None]
        j = np.arange(d)[None, :]
        per_column = positions / 10_000 ** (j / d)
        wrong = np.where(j % 2 == 0, np.sin(per_column), np.cos(per_column))
        if np.allclose(got, wrong):
            raise Mistake(
                "a sine and its cosine share one frequency: use exponent 2i/d for both "
                "columns 2i and 2i+1, not the column index j/d."
            )
        swapped = want.copy()
        swapped[:, 0::2], swapped[:, 1::2] = want[:, 1::2], want[:, 0::2]
        if np.allclose(got, swapped):
            raise Mistake("even columns hold the sine, odd columns the cosine; yours are swapped.")
        expect_close(got, want, f"your encoding ({length} positions, d_model={d})")


q3 = Exercise(
    "Sinusoidal positional encoding",
    _check_q3,
    hint="angle[p, i] = p / 10000**(2i / d_model) for i = 0 .. d_model/2 - 1; "
    "PE[:, 0::2] = sin(angle), PE[:, 1::2] = cos(angle).",
    solution=positional_encoding,
    answer_is_function=True,
)


# q4 -- masked attention -------------------------------------------------------------------------------
def masked_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray) -> np.ndarray:
    scores = Q @ K.T / np.sqrt(K.shape[-1])
    scores = np.where(mask, scores, -1e9)  # forbidden keys: a huge negative score
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)  # exactly 0 where masked
    return weights @ V


def _check_q4(learner: Any, reference: Any) -> None:
    rng = np.random.default_rng(4)
    Q, K, V = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    mask = np.tril(np.ones((4, 4), dtype=bool))
    got = as_array(
        call_learner(learner, Q.copy(), K.copy(), V.copy(), mask.copy()), "your masked attention"
    )
    want = reference(Q, K, V, mask)
    if got.shape != want.shape:
        raise Mistake(f"one output row per query: shape {want.shape}; yours is {got.shape}.")
    weights = _softmax(Q @ K.T / np.sqrt(3))
    zeroed = weights * mask
    if np.allclose(got, zeroed @ V):
        raise Mistake(
            "you zeroed the weights after the softmax, so each row no longer sums to 1; "
            "mask the scores (set them to -inf or -1e9) before the softmax."
        )
    if np.allclose(got, reference(Q, K, V, ~mask)):
        raise Mistake("the mask is inverted: True means the key may be attended to.")
    if np.allclose(got, reference(Q, K, V, np.ones_like(mask))):
        raise Mistake("the mask is ignored: query 0 must see key 0 only.")
    expect_close(got, want, "your masked attention output")
    # a second mask that is not causal, to make sure the mask argument is used as given
    other = rng.random((4, 4)) > 0.4
    other[:, 0] = True
    got2 = as_array(call_learner(learner, Q.copy(), K.copy(), V.copy(), other.copy()), "output")
    expect_close(got2, reference(Q, K, V, other), "your output for a non-causal mask")


q4 = Exercise(
    "Masked attention",
    _check_q4,
    hint="scores = Q K^T / sqrt(d_k); scores[~mask] = -1e9 (or -inf); softmax over the keys; @ V.",
    solution=masked_attention,
    answer_is_function=True,
)


# q5 -- predict, then check: the spread of unscaled dot products ----------------------------------
def dot_product_std() -> float:
    d_k = 64
    # q . k = sum of d_k products of independent unit-variance numbers: variance d_k
    return float(np.sqrt(d_k))


def _check_q5(answer: Any, expected: float) -> str:
    value = float(as_number(answer, "your prediction"))
    if np.isclose(value, 64):
        raise Mistake("64 is the variance of q . k; the standard deviation is its square root.")
    if np.isclose(value, 1):
        raise Mistake(
            "1 is the spread after dividing by sqrt(d_k); the question is before scaling."
        )
    if not np.isclose(value, expected, rtol=0.1):
        raise Mistake(
            f"the standard deviation should be close to {expected:g}; yours is {value:g}. "
            "Each product q_i k_i has variance 1, and d_k independent ones add up."
        )
    return "right: the variance of q . k is d_k = 64, so its spread is sqrt(64) = 8."


q5 = Exercise(
    "Predict the spread of unscaled dot products",
    _check_q5,
    hint="Variances of independent terms add: Var(q . k) = sum of d_k terms of variance 1.",
    solution=dot_product_std,
)


# q6 -- parameters of a MultiHeadAttention layer -----------------------------------------------------
def mha_parameters() -> int:
    d_model, heads, key_dim = 64, 4, 16
    per_projection = d_model * heads * key_dim + heads * key_dim  # W and b of Q, K or V
    output = heads * key_dim * d_model + d_model  # W_O and its bias
    return 3 * per_projection + output


def _check_q6(answer: Any, expected: int) -> None:
    answer = as_number(answer, "the number of parameters")
    if answer == 3 * (64 * 64 + 64):
        raise Mistake("add the output projection W_O (and its bias): 64 x 64 + 64 more.")
    if answer == 4 * 64 * 64:
        raise Mistake("add the biases: 64 for each of Q, K, V and the output.")
    if answer == 4 * (64 * 16 + 16) or answer == 3 * (64 * 16 + 16) + 16 * 64 + 64:
        raise Mistake("each of the 4 heads has its own 64 x 16 projections.")
    expect_equal(answer, expected, "the number of parameters")


q6 = Exercise(
    "Parameters of MultiHeadAttention(num_heads=4, key_dim=16) on 64 features",
    _check_q6,
    hint="Q, K and V each: 64 x (4 x 16) weights + 4 x 16 biases; output: (4 x 16) x 64 + 64.",
    solution=mha_parameters,
)
