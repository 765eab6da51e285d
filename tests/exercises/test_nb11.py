"""Notebook 11's exercise checkers against typical wrong answers and alternative right forms."""

import numpy as np
import pytest
import tensorflow as tf

from course_utils.exercises import nb11
from course_utils.exercises.core import CORRECT, INCORRECT


def _check(exercise, answer, message):
    result = exercise.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q1: the SimpleRNN forward loop -------------------------------------------------------
def _rnn(x, W_x, W_h, b, step):
    h, states = np.zeros(W_h.shape[0]), []
    for x_t in x:
        h = step(x_t, h, W_x, W_h, b)
        states.append(h)
    return np.stack(states)


def _no_tanh(x, W_x, W_h, b):
    return _rnn(x, W_x, W_h, b, lambda x_t, h, W_x, W_h, b: x_t @ W_x + h @ W_h + b)


def _column_vectors(x, W_x, W_h, b):
    return _rnn(x, W_x, W_h, b, lambda x_t, h, W_x, W_h, b: np.tanh(x_t @ W_x + W_h @ h + b))


@pytest.mark.parametrize(
    "function, message",
    [
        (_no_tanh, "apply tanh"),
        (lambda x, W_x, W_h, b: np.tanh(x @ W_x + b), "ignore the previous state"),
        (_column_vectors, "W_h @ h"),
        (lambda x, W_x, W_h, b: nb11.simple_rnn_forward(x, W_x, W_h, b)[-1], "one state"),
        (lambda x, W_x, W_h, b: nb11.simple_rnn_forward(x, W_x, W_h, b).T, "one row per step"),
        (lambda x, W_x, W_h, b: nb11.simple_rnn_forward(x, W_x, W_h, b) + 0.01, "off at index"),
    ],
)
def test_nb11_q1_wrong(function, message):
    _check(nb11.q1, function, message)


def test_nb11_q1_tensorflow_and_list_answers_pass():
    def with_tf(x, W_x, W_h, b):
        h = tf.zeros((1, W_h.shape[0]), dtype=tf.float64)
        states = []
        for t in range(x.shape[0]):
            h = tf.tanh(x[t : t + 1] @ W_x + h @ W_h + b)
            states.append(h[0])
        return tf.stack(states)

    def as_list(x, W_x, W_h, b):
        return nb11.simple_rnn_forward(x, W_x, W_h, b).tolist()

    assert nb11.q1.evaluate(with_tf).status == CORRECT
    assert nb11.q1.evaluate(as_list).status == CORRECT


# --- q2: parameters of recurrent layers ---------------------------------------------------
def _blocks(count, extra_bias=0):
    def count_parameters(kind, units, features):
        block = units * (features + units) + units
        n = {"SimpleRNN": 1, "LSTM": 4, "GRU": count}[kind]
        return n * (block + extra_bias * units)

    return count_parameters


@pytest.mark.parametrize(
    "function, message",
    [
        (_blocks(3), "textbook count"),
        (_blocks(4), "counted 4 blocks"),
        (lambda kind, u, f: {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[kind] * (u * f + u), "W_h"),
        (lambda kind, u, f: u * (f + u) + u, "one block"),
        (lambda kind, u, f: 42, "should be"),
    ],
)
def test_nb11_q2_wrong(function, message):
    _check(nb11.q2, function, message)


def test_nb11_q2_matches_keras_and_accepts_floats():
    import keras

    for kind, units, features in [("SimpleRNN", 7, 3), ("LSTM", 9, 4), ("GRU", 5, 6)]:
        layer = getattr(keras.layers, kind)(units)
        layer.build((None, 10, features))
        assert nb11.recurrent_parameters(kind, units, features) == layer.count_params()
    as_float = lambda kind, u, f: float(nb11.recurrent_parameters(kind, u, f))  # noqa: E731
    assert nb11.q2.evaluate(as_float).status == CORRECT
    as_numpy = lambda kind, u, f: np.int64(nb11.recurrent_parameters(kind, u, f))  # noqa: E731
    assert nb11.q2.evaluate(as_numpy).status == CORRECT


# --- q3: LSTM(64) on 28 features ----------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (23_808 // 4, "that is one gate"),
        (4 * 64 * 92, "add the biases"),
        (4 * (64 * 28 + 64), "recurrent weights"),
        (18_000, "should be"),
        ("many", "give a number"),
    ],
)
def test_nb11_q3_wrong(answer, message):
    _check(nb11.q3, answer, message)


@pytest.mark.parametrize(
    "answer", [23_808, 23_808.0, np.int64(23_808), "23,808", tf.constant(23_808)]
)
def test_nb11_q3_right_forms(answer):
    assert nb11.q3.evaluate(answer).status == CORRECT


# --- q4: gradient of the loss with respect to each input step ------------------------------
def _summed_loss(model, x, y):
    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(
            tf.keras.losses.sparse_categorical_crossentropy(y, model(x), from_logits=True)
        )
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1).mean(axis=0)


def _per_sequence(model, x, y):
    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean(
            tf.keras.losses.sparse_categorical_crossentropy(y, model(x), from_logits=True)
        )
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1)


@pytest.mark.parametrize(
    "function, message",
    [
        (_summed_loss, "summed the loss"),
        (_per_sequence, "average the per-step norms"),
        (lambda m, x, y: nb11.input_gradient_norms(m, x, y)[::-1], "reverse order"),
        (lambda m, x, y: np.ones(3), "one number per step"),
        (lambda m, x, y: 2 * nb11.input_gradient_norms(m, x, y), "off at index"),
    ],
)
def test_nb11_q4_wrong(function, message):
    _check(nb11.q4, function, message)


def test_nb11_q4_tensor_answer_passes():
    def as_tensor(model, x, y):
        return tf.constant(nb11.input_gradient_norms(model, x, y))

    result = nb11.q4.evaluate(as_tensor)
    assert result.status == CORRECT and "first step" in result.message, result.message


# --- q5: cell state left after 20 steps (predict, then check) -----------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (0.9, "every one of the 20 steps"),
        (0.9 * 20, "multiply"),
        (12.16, "percentage"),
        (0.5, "should be"),
        ("a lot", "give a number"),
    ],
)
def test_nb11_q5_wrong(answer, message):
    _check(nb11.q5, answer, message)


@pytest.mark.parametrize("answer", [0.12, 0.1216, np.float32(0.9) ** 20, tf.constant(0.1216)])
def test_nb11_q5_right_forms(answer):
    assert nb11.q5.evaluate(answer).status == CORRECT


def test_nb11_q4_probability_loss_is_named():
    _check(nb11.q4, nb11._q4_probability_loss, "from_logits=True")


def test_nb11_q4_check_leaves_the_global_seed_alone():
    import keras

    keras.utils.set_random_seed(123)
    before = np.random.rand()  # noqa: NPY002 (the legacy global state set_random_seed sets)
    keras.utils.set_random_seed(123)
    nb11.q4.evaluate(nb11.input_gradient_norms)
    assert np.random.rand() == before  # noqa: NPY002


# --- q6: a Keras GRU layer in NumPy -------------------------------------------------------
def test_nb11_q6_reference_equals_keras_gru():
    import keras

    rng = np.random.default_rng(0)
    layer = keras.layers.GRU(4, return_sequences=True)
    layer.build((None, 7, 3))
    weights = [rng.normal(scale=0.6, size=w.shape) for w in layer.get_weights()]
    layer.set_weights(weights)
    x = rng.normal(size=(7, 3))
    keras_states = layer(x[None].astype("float32")).numpy()[0]
    assert np.abs(nb11.gru_forward(x, *weights) - keras_states).max() < 1e-5


def _gru_mistake(**options):
    return lambda x, W, U, bias: nb11._gru_variant(x, W, U, bias, **options)


@pytest.mark.parametrize(
    "function, message",
    [
        (_gru_mistake(order=(1, 0, 2)), "wrong order"),
        (_gru_mistake(order=(2, 0, 1)), "[z | r | candidate]"),
        (_gru_mistake(reset_after=False), "reset_after=True"),
        (_gru_mistake(swap_z=True), "z and 1 - z are swapped"),
        (_gru_mistake(transposed=True), "transposed"),
        (lambda x, W, U, bias: nb11.gru_forward(x, W, U, bias * [[1.0], [0.0]]), "recurrent bias"),
        (lambda x, W, U, bias: nb11.gru_forward(x, W, U, bias[::-1]), "bias rows are swapped"),
        (lambda x, W, U, bias: nb11.gru_forward(x, W, U, bias)[-1], "one state"),
        (lambda x, W, U, bias: nb11.gru_forward(x, W, U, bias).T, "one row per step"),
        (lambda x, W, U, bias: nb11.gru_forward(x, W, U, bias) + 1e-3, "off at index"),
    ],
)
def test_nb11_q6_wrong(function, message):
    _check(nb11.q6, function, message)


def test_nb11_q6_tensorflow_batch_answer_passes():
    def with_tf(x, kernel, recurrent_kernel, bias):
        n = recurrent_kernel.shape[0]
        x = tf.constant(x[None], tf.float32)  # a batch of one sequence
        W, U = tf.constant(kernel, tf.float32), tf.constant(recurrent_kernel, tf.float32)
        b = tf.constant(bias, tf.float32)
        h, states = tf.zeros((1, n)), []
        for t in range(x.shape[1]):
            xz, xr, xh = tf.split(x[:, t] @ W + b[0], 3, axis=-1)
            hz, hr, hh = tf.split(h @ U + b[1], 3, axis=-1)
            z, r = tf.sigmoid(xz + hz), tf.sigmoid(xr + hr)
            h = z * h + (1 - z) * tf.tanh(xh + r * hh)
            states.append(h)
        return tf.stack(states, axis=1)  # (1, T, n)

    result = nb11.q6.evaluate(with_tf)
    assert result.status == CORRECT and "keras.layers.GRU" in result.message, result.message


# --- q7: backpropagation through time by hand ---------------------------------------------
def test_nb11_q7_reference_equals_gradient_tape():
    rng = np.random.default_rng(1)
    x, g = rng.normal(size=(5, 3)), rng.normal(size=4)
    weights = [rng.normal(scale=0.5, size=s) for s in [(3, 4), (4, 4), (4,)]]
    variables = [tf.Variable(w) for w in weights]
    with tf.GradientTape() as tape:
        h = tf.zeros(4, tf.float64)
        for t in range(5):
            h = tf.tanh(
                tf.linalg.matvec(variables[0], x[t], transpose_a=True)
                + tf.linalg.matvec(variables[1], h, transpose_a=True)
                + variables[2]
            )
        loss = tf.reduce_sum(h * g)  # L = h_T . g, so dL/dh_T = g
    for mine, tape_grad in zip(
        nb11.simple_rnn_bptt(x, *weights, g), tape.gradient(loss, variables)
    ):
        assert np.allclose(mine, tape_grad.numpy(), atol=1e-10)


def _bptt_mistake(**options):
    return lambda x, W_x, W_h, b, g: tuple(nb11._bptt_variant(x, W_x, W_h, b, g, **options))


@pytest.mark.parametrize(
    "function, message",
    [
        (_bptt_mistake(slope=False), "slope of tanh"),
        (_bptt_mistake(transpose=False), "W_h transposed"),
        (_bptt_mistake(previous=False), "h_{t-1}, not h_t"),
        (_bptt_mistake(steps=1), "only have the last step"),
        (_bptt_mistake(accumulate=False), "add up (+=)"),
        (lambda *a: tuple(g.T for g in nb11.simple_rnn_bptt(*a)), "np.outer(input, da)"),
        (lambda *a: nb11.simple_rnn_bptt(*a)[:2], "three arrays"),
        (lambda *a: nb11.simple_rnn_bptt(*a)[::-1], "should have the shape"),
        (lambda *a: tuple(1.01 * g for g in nb11.simple_rnn_bptt(*a)), "off at index"),
    ],
)
def test_nb11_q7_wrong(function, message):
    _check(nb11.q7, function, message)


def test_nb11_q7_list_dict_and_tensorflow_answers_pass():
    def as_dict(*args):
        return dict(zip(["dW_x", "dW_h", "db"], nb11.simple_rnn_bptt(*args)))

    def with_tape(x, W_x, W_h, b, g):
        variables = [tf.Variable(w) for w in (W_x, W_h, b)]
        with tf.GradientTape() as tape:
            h = tf.zeros((1, W_h.shape[0]), tf.float64)
            for t in range(x.shape[0]):
                h = tf.tanh(x[t : t + 1] @ variables[0] + h @ variables[1] + variables[2])
            loss = tf.reduce_sum(h[0] * g)
        return tape.gradient(loss, variables)  # a list of tensors

    for answer in [as_dict, with_tape, lambda *a: [g.tolist() for g in nb11.simple_rnn_bptt(*a)]]:
        result = nb11.q7.evaluate(answer)
        assert result.status == CORRECT and "dL/dh_0" in result.message, result.message


def _gru_with_keras(x, kernel, recurrent_kernel, bias):
    import keras

    layer = keras.layers.GRU(kernel.shape[1] // 3, return_sequences=True)
    layer.build((1, *x.shape))
    layer.set_weights([kernel, recurrent_kernel, bias])
    return layer(x[None])[0]


def test_nb11_q6_refuses_the_library_shortcut():
    result = nb11.q6.evaluate(_gru_with_keras)
    assert not result.passed
    assert "`GRU`" in result.message and "by hand is the lesson" in result.message
