"""Exercises for notebook 11 · Recurrent networks.

Example:
    >>> from course_utils.exercises import nb11 as ex
    >>> ex.q3.evaluate(23_808).passed
    True
    >>> ex.q5.evaluate(0.9**20).passed
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
    variant_rng,
)


def _as_number(answer: Any) -> Any:
    """A learner's count or measurement as a plain Python number (strings with commas too)."""
    if isinstance(answer, str):
        try:
            answer = float(answer.replace(",", "").replace("_", "").strip())
        except ValueError:
            raise Mistake(f"give a number, e.g. 1234 (not {answer!r}).") from None
    if hasattr(answer, "numpy"):
        answer = answer.numpy()
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, (np.integer, np.floating)):
        answer = answer.item()
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    return answer


# q1 -- the SimpleRNN forward loop in NumPy -----------------------------------------------------------
def simple_rnn_forward(
    x: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray
) -> np.ndarray:
    x, W_x, W_h, b = (np.asarray(a, dtype=float) for a in (x, W_x, W_h, b))
    h = np.zeros(W_h.shape[0])  # h_0 = 0
    states = []
    for x_t in x:  # one step per row of x, in order
        h = np.tanh(x_t @ W_x + h @ W_h + b)  # Keras' convention: row vectors times matrices
        states.append(h)
    return np.stack(states)  # (T, units): h_1 ... h_T


def _q1_case(rng: np.random.Generator, steps: int, features: int, units: int) -> tuple:
    return (
        rng.normal(size=(steps, features)),
        rng.normal(scale=0.5, size=(features, units)),
        rng.normal(scale=0.5, size=(units, units)),
        rng.normal(scale=0.1, size=units),
    )


def _check_q1(learner: Any, reference: Any) -> None:
    rng = variant_rng(11)
    for steps, features, units in [(5, 3, 4), (7, 2, 3)]:
        x, W_x, W_h, b = _q1_case(rng, steps, features, units)
        where = f"T={steps} steps, {features} features, {units} units"
        got = as_array(
            call_learner(learner, x.copy(), W_x.copy(), W_h.copy(), b.copy()), "your hidden states"
        )
        want = reference(x, W_x, W_h, b)
        if got.shape in {(units,), (1, units)}:
            raise Mistake(
                f"for {where} you returned one state; return all T hidden states stacked, "
                f"shape ({steps}, {units}) (the last row is h_T)."
            )
        if got.shape != want.shape:
            raise Mistake(
                f"for {where} the hidden states should have shape {want.shape}, one row per "
                f"step; yours has shape {got.shape}."
            )
        no_tanh = np.zeros(units)
        linear = []
        for x_t in x:
            no_tanh = x_t @ W_x + no_tanh @ W_h + b
            linear.append(no_tanh)
        if np.allclose(got, np.stack(linear)):
            raise Mistake("apply tanh at every step: h_t = tanh(x_t W_x + h_{t-1} W_h + b).")
        if np.allclose(got, np.tanh(x @ W_x + b)):
            raise Mistake(
                "your states ignore the previous state: add h_{t-1} W_h inside the tanh "
                "(this is what gives the network memory)."
            )
        transposed = reference(x, W_x, W_h.T, b)
        if np.allclose(got, transposed) and not np.allclose(got, want):
            raise Mistake(
                "you multiplied W_h @ h (column vectors); Keras stores the weights for row "
                "vectors: h_{t-1} @ W_h."
            )
        expect_close(got, want, f"your hidden states for {where}", rtol=1e-5, atol=1e-6)


q1 = Exercise(
    "The SimpleRNN forward loop",
    _check_q1,
    hint="h = zeros(units); for each row x_t of x: h = tanh(x_t @ W_x + h @ W_h + b); keep "
    "every h and np.stack them.",
    solution=simple_rnn_forward,
    answer_is_function=True,
)


# q2 -- parameters of SimpleRNN, LSTM and GRU layers ------------------------------------------------
def recurrent_parameters(kind: str, units: int, features: int) -> int:
    per_block = units * features + units * units + units  # W_x, W_h and a bias
    if kind == "SimpleRNN":
        return per_block  # one block: the tanh update
    if kind == "LSTM":
        return 4 * per_block  # forget, input, output gates and the candidate
    if kind == "GRU":
        return 3 * (per_block + units)  # update, reset, candidate; Keras adds a second bias
    raise ValueError(f"unknown kind {kind!r}")


def _check_q2(learner: Any, reference: Any) -> None:
    rng = variant_rng(12)
    cases = [("SimpleRNN", 8, 3), ("LSTM", 64, 28), ("GRU", 16, 5)]
    cases += [
        (kind, int(rng.integers(2, 40)), int(rng.integers(1, 30))) for kind in ("LSTM", "GRU")
    ]
    for kind, units, features in cases:
        got = _as_number(call_learner(learner, kind, units, features))
        want = reference(kind, units, features)
        block = units * (features + units) + units
        where = f"{kind}({units}) on {features} features"
        if got == block - units * units:
            raise Mistake(
                f"for {where} you left out the recurrent weights W_h ({units} x {units}): every "
                "block also reads the previous hidden state."
            )
        if kind == "LSTM" and got == 3 * block:
            raise Mistake(
                f"for {where} you counted 3 blocks; an LSTM has 4 (f, i, o and the candidate)."
            )
        if kind == "GRU" and got == 3 * block:
            raise Mistake(
                f"for {where} you have the textbook count; Keras' GRU (reset_after=True) has two "
                f"bias vectors per block, so add 3 x {units}."
            )
        if kind == "GRU" and got == 4 * block:
            raise Mistake(
                f"for {where} you counted 4 blocks, as for an LSTM; a GRU has 3 (z, r, candidate)."
            )
        if kind != "SimpleRNN" and got == block:
            raise Mistake(
                f"for {where} you counted one block; multiply by the number of gates and candidates."
            )
        expect_equal(got, want, f"the number of parameters of {where}")


q2 = Exercise(
    "Parameters of SimpleRNN, LSTM and GRU",
    _check_q2,
    hint="One block = units x features + units x units + units. SimpleRNN: 1 block; LSTM: 4; "
    "GRU: 3 blocks plus 3 x units (Keras' second bias).",
    solution=recurrent_parameters,
    answer_is_function=True,
)


# q3 -- parameters of an LSTM layer --------------------------------------------------------------------
def lstm_parameters() -> int:
    units, features = 64, 28
    per_gate = units * (features + units) + units  # input weights, recurrent weights, bias
    return 4 * per_gate  # input, forget and output gates, and the candidate cell


def _check_q3(answer: Any, expected: int) -> None:
    answer = _as_number(answer)
    if answer == expected // 4:
        raise Mistake(
            "that is one gate; an LSTM has four sets of weights (input, forget, output gates and the candidate)."
        )
    if answer == 4 * 64 * (28 + 64):
        raise Mistake("add the biases: one per unit and gate.")
    if answer == 4 * (64 * 28 + 64):
        raise Mistake("add the recurrent weights: each gate also reads the 64 numbers of h_{t-1}.")
    expect_equal(answer, expected, "the number of parameters")


q3 = Exercise(
    "Parameters of LSTM(64) on 28 features",
    _check_q3,
    hint="Each of the 4 gates has units x (features + units) weights and units biases.",
    solution=lstm_parameters,
)


# q4 -- gradient of the loss with respect to each input step ---------------------------------------
def input_gradient_norms(model: Any, x: Any, y: Any) -> np.ndarray:
    import tensorflow as tf

    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)  # x is not a variable: ask the tape to follow it
        logits = model(x)
        losses = tf.keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
        loss = tf.reduce_mean(losses)  # the mean over the batch, as in training
    gradient = tape.gradient(loss, x).numpy()  # (batch, T, features)
    return np.linalg.norm(gradient, axis=-1).mean(axis=0)  # norm per step, mean over the batch


def _q4_inputs() -> tuple:
    import keras

    rng = variant_rng(14)
    x = rng.normal(size=(6, 9, 3)).astype("float32")
    y = rng.integers(4, size=6)
    keras.utils.set_random_seed(int(rng.integers(1_000)))
    model = keras.Sequential(
        [keras.Input((9, 3)), keras.layers.SimpleRNN(5), keras.layers.Dense(4)]
    )
    return model, x, y


def _check_q4(learner: Any, reference: Any) -> str:
    model, x, y = _q4_inputs()
    got = as_array(call_learner(learner, model, x.copy(), y.copy()), "your gradient norms")
    want = reference(model, x, y)
    if got.shape == (6, 9):
        raise Mistake("average the per-step norms over the batch (axis 0): one number per step.")
    if got.shape == (9, 3) or got.shape == (6, 9, 3):
        raise Mistake(
            "take the norm over the features (the last axis) and then the mean over the "
            "batch: one number per step, shape (9,)."
        )
    if got.shape != want.shape:
        raise Mistake(f"return one number per step, shape {want.shape}; yours is {got.shape}.")
    if np.allclose(got, 6 * want, rtol=1e-3):
        raise Mistake(
            "you summed the loss over the batch; use the mean (reduce_mean), as training does."
        )
    if np.allclose(got[::-1], want, rtol=1e-3) and not np.allclose(got, want, rtol=1e-3):
        raise Mistake("your steps are in reverse order; index 0 should be the first input step.")
    expect_close(got, want, "your gradient norms", rtol=1e-3, atol=1e-7)
    ratio = want[0] / want[-1]
    return f"the gradient at the first step is {ratio:.2g} times the one at the last step here."


q4 = Exercise(
    "Gradient of the loss with respect to each step",
    _check_q4,
    hint="Convert x to a float32 tensor, tape.watch(x), mean sparse cross-entropy from logits, "
    "tape.gradient(loss, x), then np.linalg.norm(g, axis=-1).mean(axis=0).",
    solution=input_gradient_norms,
    answer_is_function=True,
)


# q5 -- what is left of the cell state (predict, then check) ----------------------------------------
def cell_state_left() -> float:
    forget, steps = 0.9, 20
    return forget**steps  # c_20 = f * c_19 = ... = f**20 * c_0 when nothing is written


def _check_q5(answer: Any, expected: float) -> str:
    answer = _as_number(answer)
    if not isinstance(answer, (int, float)) or isinstance(answer, bool):
        raise Mistake(f"give one number, the fraction of c_0 left (not {answer!r}).")
    if abs(answer - expected * 100) < 0.5:
        raise Mistake("give a fraction between 0 and 1, not a percentage.")
    if abs(answer - 0.9) < 1e-9:
        raise Mistake("the forget gate acts at every one of the 20 steps: multiply 20 times.")
    if abs(answer - (1 - 0.1 * 20)) < 1e-9 or abs(answer - 0.9 * 20) < 1e-9:
        raise Mistake("the factors multiply, they do not add: 0.9 x 0.9 x ... (20 times).")
    expect_close(answer, expected, "the fraction of c_0 left after 20 steps", rtol=0.02, atol=0.002)
    return (
        f"{expected:.3f} of c_0 is left: gradients along the cell state shrink by the same "
        "factor, far less than through a tanh and a weight matrix at every step."
    )


q5 = Exercise(
    "Memory left in the cell state (predict, then check)",
    _check_q5,
    hint="With input gate 0, c_t = f * c_{t-1}; apply it 20 times.",
    solution=cell_state_left,
)
