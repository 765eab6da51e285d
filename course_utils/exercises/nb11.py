"""Exercises for notebook 11 · Recurrent networks.

Example:
    >>> from course_utils.exercises import nb11 as ex
    >>> ex.q3.evaluate(23_808).passed
    True
    >>> ex.q5.evaluate(0.9**20).passed
    True
    >>> ex.q6.evaluate(ex.gru_forward).passed and ex.q7.evaluate(ex.simple_rnn_bptt).passed
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
    refuse_shortcut,
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


def _expect_all_states(
    got: np.ndarray, want: np.ndarray, where: str, after_one: str = "", hint: str = ""
) -> None:
    """Raise a Mistake unless ``got`` has the (T, units) shape of all hidden states."""
    steps, units = want.shape
    if got.shape in {(units,), (1, units)}:
        raise Mistake(
            f"for {where} you returned one state; return all T hidden states stacked, "
            f"shape ({steps}, {units}){after_one}."
        )
    if got.shape != want.shape:
        raise Mistake(
            f"for {where} the hidden states should have shape {want.shape}, one row per "
            f"step; yours has shape {got.shape}.{hint}"
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
        _expect_all_states(got, want, where, " (the last row is h_T)")
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
    seed = int(
        rng.integers(1_000)
    )  # seeded initialisers: the learner's global seeds stay as they are
    init = keras.initializers
    model = keras.Sequential(
        [
            keras.Input((9, 3)),
            keras.layers.SimpleRNN(
                5,
                kernel_initializer=init.GlorotUniform(seed=seed),
                recurrent_initializer=init.Orthogonal(seed=seed + 1),
            ),
            keras.layers.Dense(4, kernel_initializer=init.GlorotUniform(seed=seed + 2)),
        ]
    )
    return model, x, y


def _q4_probability_loss(model: Any, x: Any, y: Any) -> np.ndarray:
    """The typical mistake: the loss computed as if the logits were probabilities."""
    import tensorflow as tf

    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, model(x)))
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1).mean(axis=0)


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
    if not np.allclose(got, want, rtol=1e-3) and np.allclose(
        got, _q4_probability_loss(model, x, y), rtol=1e-3, atol=1e-7
    ):
        raise Mistake(
            "the model outputs logits (no softmax): pass from_logits=True to the cross-entropy."
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


# q6 -- a Keras GRU layer in NumPy, from its own weights ---------------------------------------------
def gru_forward(
    x: np.ndarray, kernel: np.ndarray, recurrent_kernel: np.ndarray, bias: np.ndarray
) -> np.ndarray:
    x, W, U, bias = (np.asarray(a, dtype=float) for a in (x, kernel, recurrent_kernel, bias))
    n = U.shape[0]  # units; W is (features, 3n), U is (n, 3n), both packed [z | r | candidate]
    b_x, b_h = bias  # reset_after=True: bias[0] goes with x, bias[1] with h (both 3n numbers)
    h = np.zeros(n)
    states = []
    for x_t in x:
        from_x = x_t @ W + b_x  # all three blocks at once, then sliced
        from_h = h @ U + b_h  # the recurrent product *before* the reset gate (reset_after=True)
        z = 1 / (1 + np.exp(-(from_x[:n] + from_h[:n])))  # update gate
        r = 1 / (1 + np.exp(-(from_x[n : 2 * n] + from_h[n : 2 * n])))  # reset gate
        candidate = np.tanh(from_x[2 * n :] + r * from_h[2 * n :])
        h = z * h + (1 - z) * candidate  # z near 1 keeps the old state
        states.append(h)
    return np.stack(states)  # (T, n): h_1 ... h_T


def _gru_variant(
    x: np.ndarray,
    W: np.ndarray,
    U: np.ndarray,
    bias: np.ndarray,
    order: tuple[int, int, int] = (0, 1, 2),
    reset_after: bool = True,
    swap_z: bool = False,
    transposed: bool = False,
) -> np.ndarray:
    """The GRU with one typical mistake switched on (``order`` says which block is z, r, h~)."""
    n = U.shape[0]

    def block(a: np.ndarray, k: int) -> np.ndarray:
        return a[..., order[k] * n : (order[k] + 1) * n]

    b_x, b_h = bias
    h, states = np.zeros(n), []
    for x_t in x:
        Uz, Ur, Uc = (block(U, k).T if transposed else block(U, k) for k in range(3))
        z = 1 / (1 + np.exp(-(x_t @ block(W, 0) + block(b_x, 0) + h @ Uz + block(b_h, 0))))
        r = 1 / (1 + np.exp(-(x_t @ block(W, 1) + block(b_x, 1) + h @ Ur + block(b_h, 1))))
        if reset_after:
            inner = r * (h @ Uc + block(b_h, 2))
        else:
            inner = (r * h) @ Uc + block(b_h, 2)
        candidate = np.tanh(x_t @ block(W, 2) + block(b_x, 2) + inner)
        h = (1 - z) * h + z * candidate if swap_z else z * h + (1 - z) * candidate
        states.append(h)
    return np.stack(states)


def _keras_gru_states(x: np.ndarray, W: np.ndarray, U: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """What ``keras.layers.GRU`` itself returns for these weights (defaults: reset_after=True)."""
    import keras

    n = U.shape[0]
    layer = keras.layers.GRU(
        n,
        return_sequences=True,
        kernel_initializer="zeros",  # no draw from the learner's random state
        recurrent_initializer="zeros",
    )
    layer.build((None, *x.shape))
    layer.set_weights([W, U, bias])
    return np.asarray(layer(x[None].astype("float32")))[0]


def _check_q6(learner: Any, reference: Any) -> str:
    refuse_shortcut(
        learner, {"GRU": "Keras' GRU layer", "GRUCell": "Keras' GRU cell"}, "the GRU's forward pass"
    )
    rng = variant_rng(16)
    largest = 0.0
    for steps, features, units in [(6, 3, 4), (8, 2, 3)]:
        x = rng.normal(size=(steps, features))
        W = rng.normal(scale=0.6, size=(features, 3 * units))
        U = rng.normal(scale=0.6, size=(units, 3 * units))
        bias = rng.normal(scale=0.5, size=(2, 3 * units))
        where = f"T={steps} steps, {features} features, GRU({units})"
        got = as_array(
            call_learner(learner, x.copy(), W.copy(), U.copy(), bias.copy()), "your hidden states"
        )
        if got.shape == (1, steps, units):  # a batch axis of one is fine
            got = got[0]
        want = reference(x, W, U, bias)
        _expect_all_states(
            got,
            want,
            where,
            hint=f" Slice the {3 * units} columns of the kernels into three blocks of {units}.",
        )
        if not np.allclose(got, want, atol=1e-5):
            variants = [
                (
                    {"reset_after": False},
                    "you applied the reset gate before the recurrent product, (r * h) @ U_h. "
                    "Keras' default reset_after=True applies it after: r * (h @ U_h + b_h), "
                    "where b_h is the candidate's part of bias[1].",
                ),
                (
                    {"swap_z": True},
                    "z and 1 - z are swapped: in Keras h_t = z * h_{t-1} + (1 - z) * candidate "
                    "(an update gate near 1 keeps the old state).",
                ),
                (
                    {"transposed": True},
                    "your recurrent weights are transposed: Keras uses row vectors, "
                    "h @ recurrent_kernel[:, block].",
                ),
            ]
            for order in [(1, 0, 2), (0, 2, 1), (1, 2, 0), (2, 0, 1), (2, 1, 0)]:
                variants.append(
                    (
                        {"order": order},
                        "your gates are in the wrong order: Keras packs the 3n columns of "
                        "kernel, recurrent_kernel and each bias row as [z | r | candidate] "
                        "(update gate, reset gate, candidate).",
                    )
                )
            for options, message in variants:
                if np.allclose(got, _gru_variant(x, W, U, bias, **options), atol=1e-5):
                    raise Mistake(f"for {where} {message}")
            if np.allclose(got, reference(x, W, U, bias * [[1.0], [0.0]]), atol=1e-5):
                raise Mistake(
                    f"for {where} you left out the recurrent bias: with reset_after=True the "
                    "bias has two rows, bias[0] added to x @ kernel and bias[1] to "
                    "h @ recurrent_kernel."
                )
            if np.allclose(got, reference(x, W, U, bias[::-1]), atol=1e-5):
                raise Mistake(
                    f"for {where} your two bias rows are swapped: bias[0] goes with the input, "
                    "bias[1] with the recurrent product (inside r * (...))."
                )
        expect_close(got, want, f"your hidden states for {where}", rtol=1e-4, atol=1e-5)
        keras_states = _keras_gru_states(x, W, U, bias)
        largest = max(largest, float(np.abs(got - keras_states).max()))
    if largest > 1e-5:
        raise Mistake(f"your states differ from keras.layers.GRU by {largest:.1e}.")
    return f"your loop equals keras.layers.GRU on the checker's weights (largest difference {largest:.1e})."


q6 = Exercise(
    "A Keras GRU layer in NumPy",
    _check_q6,
    hint="n = recurrent_kernel.shape[0]; b_x, b_h = bias. Each step: from_x = x_t @ kernel + b_x, "
    "from_h = h @ recurrent_kernel + b_h, both sliced [z | r | candidate] in blocks of n; "
    "z, r = sigmoid(from_x + from_h) on their blocks; candidate = tanh(from_x_c + r * from_h_c); "
    "h = z * h + (1 - z) * candidate.",
    solution=gru_forward,
    answer_is_function=True,
)


# q7 -- backpropagation through time by hand ---------------------------------------------------------
def simple_rnn_bptt(
    x: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray, dL_dhT: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, W_x, W_h, b, dL_dhT = (np.asarray(a, dtype=float) for a in (x, W_x, W_h, b, dL_dhT))
    states = [np.zeros(W_h.shape[0])]  # h_0 = 0, then the forward pass keeps every h_t
    for x_t in x:
        states.append(np.tanh(x_t @ W_x + states[-1] @ W_h + b))
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh = dL_dhT  # dL/dh_T, then dL/dh_{T-1}, ... going back in time
    for t in range(len(x), 0, -1):
        da = dh * (1 - states[t] ** 2)  # through the tanh: its slope at step t
        dW_x += np.outer(x[t - 1], da)  # the same weights at every step: add up the steps
        dW_h += np.outer(states[t - 1], da)  # W_h multiplied h_{t-1} at step t
        db += da
        dh = da @ W_h.T  # one Jacobian back: dL/dh_{t-1}
    return dW_x, dW_h, db


def _q7_parts(answer: Any, shapes: dict[str, tuple[int, ...]]) -> list[np.ndarray]:
    if isinstance(answer, dict):
        parts = []
        for name in shapes:
            keys = [k for k in answer if str(k).lstrip("d").lower() == name.lower()]
            if not keys:
                raise Mistake(f"your dict has no entry for d{name}; use the keys dW_x, dW_h, db.")
            parts.append(answer[keys[0]])
        answer = parts
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        raise Mistake(
            "return three arrays, (dW_x, dW_h, db), in that order; got "
            f"{type(answer).__name__}{'' if not hasattr(answer, '__len__') else f' of length {len(answer)}'}."
        )
    arrays = [as_array(part, f"your d{name}") for part, name in zip(answer, shapes)]
    for array, (name, shape) in zip(arrays, shapes.items()):
        if array.shape == shape[::-1] and len(shape) == 2 and shape[0] != shape[1]:
            raise Mistake(
                f"your d{name} has shape {array.shape}; a gradient has its weight's shape "
                f"{shape}: np.outer(input, da), not np.outer(da, input)."
            )
        if array.shape != shape:
            raise Mistake(
                f"d{name} should have the shape of {name}, {shape}; yours has {array.shape} "
                "(return (dW_x, dW_h, db) in that order)."
            )
    return arrays


def _bptt_variant(
    x: np.ndarray,
    W_x: np.ndarray,
    W_h: np.ndarray,
    b: np.ndarray,
    g: np.ndarray,
    *,
    slope: bool = True,
    transpose: bool = True,
    previous: bool = True,
    steps: int | None = None,
    accumulate: bool = True,
) -> list[np.ndarray]:
    """BPTT with one typical mistake switched on."""
    states = [np.zeros(W_h.shape[0])]
    for x_t in x:
        states.append(np.tanh(x_t @ W_x + states[-1] @ W_h + b))
    grads = [np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)]
    dh, T = g, len(x)
    for t in range(T, 0 if steps is None else T - steps, -1):
        da = dh * (1 - states[t] ** 2) if slope else dh
        step = [np.outer(x[t - 1], da), np.outer(states[t - 1 if previous else t], da), da]
        grads = [a + s for a, s in zip(grads, step)] if accumulate else step
        dh = da @ (W_h.T if transpose else W_h)
    return grads


def _check_q7(learner: Any, reference: Any) -> str:
    rng = variant_rng(17)
    for steps, features, units in [(6, 3, 4), (9, 2, 5)]:
        x = rng.normal(size=(steps, features))
        W_x = rng.normal(scale=0.6, size=(features, units))
        W_h = rng.normal(scale=0.5, size=(units, units))
        b = rng.normal(scale=0.2, size=units)
        g = rng.normal(size=units)
        where = f"T={steps} steps, {features} features, {units} units"
        answer = call_learner(learner, x.copy(), W_x.copy(), W_h.copy(), b.copy(), g.copy())
        shapes = {"W_x": W_x.shape, "W_h": W_h.shape, "b": b.shape}
        got = _q7_parts(answer, shapes)
        want = reference(x, W_x, W_h, b, g)
        if not all(np.allclose(a, w, atol=1e-6) for a, w in zip(got, want)):
            variants = [
                (
                    {"steps": 1},
                    "your gradients only have the last step's contribution: go back through "
                    "every step, t = T, T-1, ..., 1, passing dL/dh_{t-1} = da_t @ W_h.T back.",
                ),
                (
                    {"accumulate": False},
                    "you overwrote the weight gradients at each step; W_x, W_h and b are "
                    "shared by all steps, so add up (+=) every step's contribution.",
                ),
                (
                    {"slope": False},
                    "you left out the slope of tanh: da_t = dL/dh_t * (1 - h_t**2) before "
                    "the weights.",
                ),
                (
                    {"transpose": False},
                    "passing the gradient back needs W_h transposed: dL/dh_{t-1} = da_t @ W_h.T "
                    "(the forward pass computed h_{t-1} @ W_h).",
                ),
                (
                    {"previous": False},
                    "dW_h at step t uses the state W_h multiplied, h_{t-1}, not h_t: "
                    "np.outer(h_{t-1}, da_t).",
                ),
            ]
            for options, message in variants:
                wrong = _bptt_variant(x, W_x, W_h, b, g, **options)
                if all(np.allclose(a, w, atol=1e-6) for a, w in zip(got, wrong)):
                    raise Mistake(f"for {where} {message}")
        for array, expected, name in zip(got, want, shapes):
            expect_close(array, expected, f"your d{name} for {where}", rtol=1e-4, atol=1e-6)
    states = [np.zeros(units)]
    for x_t in x:
        states.append(np.tanh(x_t @ W_x + states[-1] @ W_h + b))
    dh = g
    for t in range(steps, 0, -1):
        dh = (dh * (1 - states[t] ** 2)) @ W_h.T
    share = float(np.linalg.norm(dh) / np.linalg.norm(g))
    return (
        f"your backpropagation through time is right. In the checker's last case dL/dh_0 has "
        f"{share:.2g} times the norm of dL/dh_T after {steps} Jacobians."
    )


q7 = Exercise(
    "Backpropagation through time by hand",
    _check_q7,
    hint="Forward: keep h_0 = 0 and every h_t. Backward, dh = dL_dhT; for t = T down to 1: "
    "da = dh * (1 - h_t**2); dW_x += outer(x_t, da); dW_h += outer(h_{t-1}, da); db += da; "
    "dh = da @ W_h.T.",
    solution=simple_rnn_bptt,
    answer_is_function=True,
)
