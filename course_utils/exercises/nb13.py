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
    variant_rng,
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
    rng = variant_rng(0)
    # d_k = 4, then d_k = 9 with a value width 3: a hard-coded "/ 2" passes only the first
    for queries, keys, d_k, d_v in ((3, 5, 4, 2), (2, 6, 9, 3)):
        Q, K = rng.normal(size=(queries, d_k)), rng.normal(size=(keys, d_k))
        V = rng.normal(size=(keys, d_v))
        where = f"for Q {Q.shape}, K {K.shape}, V {V.shape}"
        got = as_array(call_learner(learner, Q.copy(), K.copy(), V.copy()), "your attention output")
        want = reference(Q, K, V)
        if got.shape != want.shape:
            raise Mistake(
                f"{where}: one output row per query, with the values' width: shape "
                f"{want.shape}; yours is {got.shape}."
            )
        if np.allclose(got, want):
            continue
        scores = Q @ K.T
        wrong = [
            (scores, f"you forgot to divide the scores by sqrt(d_k) = sqrt({d_k})."),
            (
                scores / d_k,
                f"divide the scores by sqrt(d_k) = {np.sqrt(d_k):g}, not by d_k = {d_k}.",
            ),
            (
                scores / np.sqrt(d_v),
                f"d_k is the width of the queries and keys ({d_k}), not of the values ({d_v}).",
            ),
            (
                scores / 2,
                f"divide by sqrt(d_k) for the d_k of the inputs: here sqrt({d_k}), not 2.",
            ),
        ]
        for bad_scores, message in wrong:
            if np.allclose(got, _softmax(bad_scores) @ V):
                raise Mistake(f"{where}: {message}")
        s = scores / np.sqrt(d_k)
        wrong_axis = np.exp(s) / np.exp(s).sum(axis=0, keepdims=True) @ V
        if np.allclose(got, wrong_axis):
            raise Mistake(
                "the softmax must run over the keys (axis=-1), so each query's weights sum to 1."
            )
        expect_close(got, want, f"your attention output {where}")


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
    rng = variant_rng(4)
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
    if np.allclose(got, _softmax(Q @ K.T / np.sqrt(3) * mask) @ V):
        raise Mistake(
            "you multiplied the scores by the mask; a score of 0 is not forbidden (e^0 = 1 "
            "still gets weight). Set the forbidden scores to -inf (or -1e9) before the softmax."
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


# q7 (deep) -- multi-head attention over a padded batch, from a Keras layer's weights --------------
def multi_head_attention(x: np.ndarray, weights: list, valid: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)  # (batch, tokens, d)
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = (np.asarray(w, dtype=float) for w in weights)
    valid = np.asarray(valid, dtype=bool)  # (batch, tokens): False marks a padding token
    Q = np.einsum("bsf,fhd->bhsd", x, Wq) + bq[:, None, :]  # (batch, heads, tokens, key_dim)
    K = np.einsum("bsf,fhd->bhsd", x, Wk) + bk[:, None, :]
    V = np.einsum("bsf,fhd->bhsd", x, Wv) + bv[:, None, :]
    scores = Q @ K.swapaxes(-1, -2) / np.sqrt(Wq.shape[-1])  # (batch, heads, queries, keys)
    scores = np.where(valid[:, None, None, :], scores, -1e9)  # no query may read a padding key
    scores = scores - scores.max(axis=-1, keepdims=True)
    alpha = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)  # softmax over keys
    heads = alpha @ V  # (batch, heads, tokens, value_dim)
    return np.einsum("bhsd,hdf->bsf", heads, Wo) + bo  # concatenate the heads, project with W_O


def _mha_variant(
    x: np.ndarray,
    weights: list,
    valid: np.ndarray,
    scale: str = "sqrt",
    axis: int = -1,
    mask: str = "before",
    biases: bool = True,
) -> np.ndarray:
    """The forward pass with one typical mistake switched on."""
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = weights
    if not biases:
        bq, bk, bv = np.zeros_like(bq), np.zeros_like(bk), np.zeros_like(bv)
    Q = np.einsum("bsf,fhd->bhsd", x, Wq) + bq[:, None, :]
    K = np.einsum("bsf,fhd->bhsd", x, Wk) + bk[:, None, :]
    V = np.einsum("bsf,fhd->bhsd", x, Wv) + bv[:, None, :]
    divisor = {"sqrt": np.sqrt(Wq.shape[-1]), "none": 1.0, "d_k": Wq.shape[-1]}
    divisor["model"] = np.sqrt(x.shape[-1])
    scores = Q @ K.swapaxes(-1, -2) / divisor[scale]
    keys = valid[:, None, None, :]
    if mask == "before":
        scores = np.where(keys, scores, -1e9)
    elif mask == "inverted":
        scores = np.where(keys, -1e9, scores)
    scores = scores - scores.max(axis=axis, keepdims=True)
    alpha = np.exp(scores) / np.exp(scores).sum(axis=axis, keepdims=True)
    if mask == "after":
        alpha = alpha * keys
    return np.einsum("bhsd,hdf->bsf", alpha @ V, Wo) + bo


def _check_q7(learner: Any, reference: Any) -> str:
    rng = variant_rng(7)
    for batch, tokens, d, heads, key_dim, lengths in (
        (3, 5, 6, 2, 3, (5, 3, 2)),
        (2, 4, 4, 3, 2, (2, 4)),
    ):
        x = rng.normal(size=(batch, tokens, d))  # padding positions hold numbers too
        shapes = [(d, heads, key_dim), (heads, key_dim)] * 3 + [(heads, key_dim, d), (d,)]
        weights = [rng.normal(scale=0.7, size=shape) for shape in shapes]
        valid = np.arange(tokens)[None, :] < np.array(lengths)[:, None]
        where = (
            f"for a batch of {batch} sequences of {tokens} tokens (lengths {list(lengths)}), "
            f"d={d}, {heads} heads of key_dim {key_dim}"
        )
        raw = call_learner(learner, x.copy(), [w.copy() for w in weights], valid.copy())
        got = as_array(raw, "your output")
        want = reference(x, weights, valid)
        if got.shape == (batch, heads, tokens, key_dim):
            raise Mistake(
                f"{where} you returned the heads, shape {got.shape}; concatenate them and "
                f"project with W_O (weights[6]) plus its bias to get shape {want.shape}."
            )
        if got.shape != want.shape:
            raise Mistake(
                f"{where} the output should have shape {want.shape} (batch, tokens, d); "
                f"yours has shape {got.shape}."
            )
        # padding queries have no meaning: only the outputs at real tokens are compared
        if np.allclose(got[valid], want[valid], atol=1e-6):
            continue
        variants = [
            ({"scale": "none"}, "you forgot to divide the scores by sqrt(d_k)."),
            ({"scale": "d_k"}, f"divide the scores by sqrt(d_k) = sqrt({key_dim}), not by d_k."),
            (
                {"scale": "model"},
                f"d_k is key_dim = {key_dim}, the width of one head's queries and keys, not "
                f"the model width d = {d}.",
            ),
            (
                {"axis": -2},
                "the softmax must run over the keys (the last axis), so each query's "
                "weights sum to 1; yours runs over the queries.",
            ),
            (
                {"mask": "after"},
                "you zeroed the padding weights after the softmax, so the rows no longer sum "
                "to 1; set the padding keys' scores to -inf (or -1e9) before the softmax.",
            ),
            (
                {"mask": "none"},
                "the padding mask is ignored: real tokens still attend to padding keys. "
                "Mask the keys (the columns of the scores) where valid is False.",
            ),
            (
                {"mask": "inverted"},
                "the mask is inverted: valid is True for real tokens, which may be attended to.",
            ),
            (
                {"biases": False},
                "you left out the biases of the query, key and value projections "
                "(weights[1], weights[3], weights[5]).",
            ),
        ]
        for options, message in variants:
            if np.allclose(got[valid], _mha_variant(x, weights, valid, **options)[valid]):
                raise Mistake(f"{where}: {message}")
        if np.allclose(got[valid], (want - weights[7])[valid]):
            raise Mistake(f"{where}: add the output bias (weights[7]) after W_O.")
        expect_close(got[valid], want[valid], f"your output at the real tokens {where}", atol=1e-6)
    return (
        "your NumPy forward pass equals MultiHeadAttention with a padding mask on the "
        "checker's batches (outputs at the real tokens compared)."
    )


q7 = Exercise(
    "Multi-head attention over a padded batch, from the layer's weights",
    _check_q7,
    hint="Q = einsum('bsf,fhd->bhsd', x, Wq) + bq[:, None, :] (same for K, V); scores = "
    "Q @ K^T / sqrt(key_dim), shape (batch, heads, queries, keys); set the scores of padding "
    "keys to -1e9 with valid[:, None, None, :]; softmax over the last axis; @ V; then "
    "einsum('bhsd,hdf->bsf', heads, Wo) + bo.",
    solution=multi_head_attention,
    answer_is_function=True,
)


# q8 (deep) -- the parameter count of the notebook's encoder block, as a formula --------------------
def encoder_block_parameters(d_model: int, num_heads: int, key_dim: int, ff_width: int) -> int:
    width = num_heads * key_dim  # all heads together; need not equal d_model
    attention = 3 * (d_model * width + width) + width * d_model + d_model  # W_Q, W_K, W_V, W_O
    norms = 2 * 2 * d_model  # two layer normalisations, each a scale and a shift of d numbers
    feed_forward = d_model * ff_width + ff_width + ff_width * d_model + d_model  # two Dense
    return attention + norms + feed_forward


def _check_q8(learner: Any, reference: Any) -> str:
    rng = variant_rng(8)
    cases = [(32, 4, 8, 64), (16, 2, 4, 48)]
    cases.append(tuple(int(v) for v in rng.integers((10, 2, 3, 20), (40, 6, 12, 90))))
    for d, h, k, f in cases:
        where = f"for d_model={d}, num_heads={h}, key_dim={k}, ff_width={f}"
        got = as_number(call_learner(learner, d, h, k, f), "your count")
        want = reference(d, h, k, f)
        if np.isclose(got, want):
            continue
        w = h * k
        attention = 3 * (d * w + w) + w * d + d
        ffn = d * f + f + f * d + d
        wrong = [
            (
                attention + ffn,
                "count the two layer normalisations: each has a scale gamma and "
                "a shift beta of d_model numbers.",
            ),
            (
                attention + 2 * d + ffn,
                "there are two layer normalisations, each with gamma "
                "and beta (4 x d_model in all).",
            ),
            (4 * d * w + 2 * d * f, "add the biases (and the layer normalisations' gamma, beta)."),
            (
                attention + 4 * d + 2 * d * f,
                "add the two biases of the feed-forward network (ff_width and d_model numbers).",
            ),
            (
                3 * (d * k + k) + k * d + d + 4 * d + ffn,
                "each of the num_heads heads has its "
                "own projections: the query, key and value kernels are d_model x (num_heads x key_dim).",
            ),
            (
                4 * (d * d + d) + 4 * d + ffn,
                "the heads together are num_heads x key_dim wide, which need not equal d_model.",
            ),
            (
                3 * (d * w + w) + 4 * d + ffn,
                "add the output projection W_O "
                "(num_heads x key_dim x d_model weights plus d_model biases).",
            ),
        ]
        for value, message in wrong:
            if np.isclose(got, value):
                raise Mistake(f"{where}: {message}")
        expect_equal(got, want, f"the number of parameters {where}")
    return "your formula matches Keras' count_params() for the encoder block on every case tried."


q8 = Exercise(
    "The parameter count of an encoder block, as a formula",
    _check_q8,
    hint="Attention: 3 x (d x h k + h k) + h k x d + d. Two layer norms: 2 x 2d. Feed-forward: "
    "d x f + f + f x d + d.",
    solution=encoder_block_parameters,
    answer_is_function=True,
)
