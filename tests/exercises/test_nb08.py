"""Notebook 08's exercise checkers against typical wrong answers."""

import math

import numpy as np
import pytest

from course_utils.exercises import nb08
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 08 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n, k, p, s: (n + 2 * p - k) // s, "one short"),
        (lambda n, k, p, s: (n - k) // s + 1, "ignores the padding"),
        (lambda n, k, p, s: (n + p - k) // s + 1, "both sides"),
        (lambda n, k, p, s: (n + 2 * p - k) // s + 2, "should be"),
        (lambda n, k, p, s: math.ceil((n + 2 * p - k) / s) + 1, "ceil"),
        (lambda n, k, p, s: (n + 2 * p - k + 1) // s + 1, "should be"),
    ],
)
def test_nb08_q1_wrong(function, message):
    result = nb08.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _avg_pool(image):
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    return image[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))


def _max_pool(image):
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    return image[:h, :w].reshape(h // 2, 2, w // 2, 2).max(axis=(1, 3))


def _stride_one(image):
    return np.lib.stride_tricks.sliding_window_view(image, (2, 2)).max(axis=(2, 3))


@pytest.mark.parametrize(
    "function, message",
    [
        (_avg_pool, "average pooling"),
        (_stride_one, "stride 1"),
        (lambda x: x[::2, ::2], "a 5x6 image pools to"),
        (lambda x: -_max_pool(-np.asarray(x)), "min pooling"),
        (lambda x: _max_pool(x) if x.shape == (5, 6) else _avg_pool(x), "average pooling"),
    ],
)
def test_nb08_q2_wrong(function, message):
    result = nb08.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [
        (3 * 3 * 64 + 64, "all 32 input channels"),
        (3 * 3 * 32 * 64, "add one bias"),
        (100, "should be"),
    ],
)
def test_nb08_q3_wrong(answer, message):
    result = nb08.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb08_q1_float_division():
    result = nb08.q1.evaluate(lambda n, k, p, s: (n + 2 * p - k) / s + 1)
    assert result.status == INCORRECT and "floor division" in result.message, result.message


@pytest.mark.parametrize("answer", [18_496, 18_496.0, "18496", "18,496", np.int64(18_496)])
def test_nb08_q3_right_answers_written_other_ways(answer):
    assert nb08.q3.evaluate(answer).passed


def test_nb08_q3_not_a_number():
    result = nb08.q3.evaluate("many")
    assert result.status == INCORRECT and "give a number" in result.message, result.message


# --- q4: convolution with stride and padding -------------------------------------------
def _no_stride(image, kernel, stride, padding):
    return nb08.conv2d_strided(image, kernel, 1, padding)


def _no_padding(image, kernel, stride, padding):
    return nb08.conv2d_strided(image, kernel, stride, 0)


def _flipped(image, kernel, stride, padding):
    return nb08.conv2d_strided(image, np.asarray(kernel)[::-1, ::-1], stride, padding)


@pytest.mark.parametrize(
    "function, message",
    [
        (_no_stride, "stride 1"),
        (_no_padding, "without padding"),
        (_flipped, "flipped the kernel"),
        (lambda i, k, s, p: nb08.conv2d_strided(i, k, s, p) + 1, "off at index"),
        (lambda i, k, s, p: np.zeros((9, 9)), "should have shape"),
    ],
)
def test_nb08_q4_wrong(function, message):
    result = nb08.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _conv_with_tensorflow(image, kernel, stride, padding):
    import tensorflow as tf

    x = tf.constant(np.pad(image, padding)[None, :, :, None], tf.float32)
    k = tf.constant(np.asarray(kernel)[:, :, None, None], tf.float32)
    return tf.nn.conv2d(x, k, strides=stride, padding="VALID")[0, :, :, 0]


def _conv_as_lists(image, kernel, stride, padding):
    return nb08.conv2d_strided(image, kernel, stride, padding).tolist()


@pytest.mark.parametrize("function", [_conv_with_tensorflow, _conv_as_lists])
def test_nb08_q4_right_answers_written_other_ways(function):
    assert nb08.q4.evaluate(function).passed


# --- q5: receptive field, predict then check --------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [(11, "ignores the pooling strides"), (16, "adding the kernel sizes"), (20, "should be")],
)
def test_nb08_q5_wrong(answer, message):
    result = nb08.q5.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [22, 22.0, "22", np.int64(22)])
def test_nb08_q5_right_answers_written_other_ways(answer):
    assert nb08.q5.evaluate(answer).passed


def test_nb08_q5_matches_a_measurement():
    """The reference answer equals the receptive field measured with a gradient."""
    import keras
    import tensorflow as tf

    ones = keras.initializers.Constant(0.1)
    layers = []
    for k, s in nb08.Q5_STACK:
        layers.append(
            keras.layers.Conv2D(1, k, kernel_initializer=ones)
            if s == 1
            else keras.layers.AveragePooling2D(k)
        )
    stack = keras.Sequential([keras.Input(shape=(48, 48, 1)), *layers])
    x = tf.ones((1, 48, 48, 1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = stack(x)
        centre = y[0, y.shape[1] // 2, y.shape[2] // 2, 0]
    rows = np.flatnonzero(np.abs(tape.gradient(centre, x)[0, :, :, 0].numpy()).sum(axis=1))
    assert rows.max() - rows.min() + 1 == nb08.receptive_field() == 22


# --- q6: a CNN under a parameter budget -------------------------------------------------
def _keras():
    import keras

    return keras


def _too_big():
    k = _keras()
    return k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(32, 3),
            k.layers.Conv2D(32, 3),
            k.layers.Flatten(),
            k.layers.Dense(10),
        ]
    )


def _one_conv():
    k = _keras()
    return k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(4, 3),
            k.layers.MaxPooling2D(4),
            k.layers.Flatten(),
            k.layers.Dense(10),
        ]
    )


def _wrong_output():
    k = _keras()
    return k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(4, 5),
            k.layers.MaxPooling2D(),
            k.layers.Conv2D(4, 5),
            k.layers.GlobalAveragePooling2D(),
            k.layers.Dense(5),
        ]
    )


def _tiny_field():
    k = _keras()
    return k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(4, 1),
            k.layers.Conv2D(4, 1),
            k.layers.MaxPooling2D(4),
            k.layers.Flatten(),
            k.layers.Dense(10),
        ]
    )


def _softmax_output():
    k = _keras()
    model = nb08.small_cnn()
    return k.Sequential(model.layers[:-1] + [k.layers.Dense(10, activation="softmax")])


def _softmax_layer():
    k = _keras()
    return k.Sequential([*nb08.small_cnn().layers, k.layers.Softmax()])


def _linear_stack():
    k = _keras()
    return k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(8, 5),
            k.layers.MaxPooling2D(),
            k.layers.Conv2D(16, 5),
            k.layers.MaxPooling2D(),
            k.layers.Flatten(),
            k.layers.Dense(10),
        ]
    )


@pytest.mark.parametrize(
    "function, message",
    [
        (_too_big, "over the budget"),
        (_one_conv, "at least two"),
        (_wrong_output, "(2, 10)"),
        (_tiny_field, "sees only"),
        (_softmax_output, "ends in a softmax"),
        (_softmax_layer, "ends in a softmax"),
        (_linear_stack, "no non-linear activation"),
        (lambda: "model", "should return a Keras model"),
        (lambda: nb08.small_cnn().layers[0], "should return a Keras model"),
    ],
)
def test_nb08_q6_wrong(function, message):
    result = nb08.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _functional():
    k = _keras()
    inputs = k.Input((28, 28, 1))
    x = k.layers.Conv2D(8, 5, activation="relu")(inputs)
    x = k.layers.MaxPooling2D()(x)
    x = k.layers.Conv2D(16, 5, activation="relu")(x)
    x = k.layers.MaxPooling2D()(x)
    outputs = k.layers.Dense(10)(k.layers.Flatten()(x))
    return k.Model(inputs, outputs)


def _relu_layers_and_ops():
    k = _keras()
    inputs = k.Input((28, 28, 1))
    x = k.layers.ReLU()(k.layers.Conv2D(8, 5)(inputs))
    x = k.layers.MaxPooling2D()(x)
    x = k.ops.relu(k.layers.Conv2D(16, 5)(x))
    x = k.layers.GlobalAveragePooling2D()(x)
    return k.Model(inputs, k.layers.Dense(10)(x))


def _without_input():
    k = _keras()
    return k.Sequential(
        [
            k.layers.Conv2D(8, 5, activation="relu"),
            k.layers.MaxPooling2D(),
            k.layers.Conv2D(16, 5, activation="relu"),
            k.layers.MaxPooling2D(),
            k.layers.GlobalAveragePooling2D(),
            k.layers.Dense(10),
        ]
    )


@pytest.mark.parametrize("function", [_functional, _without_input, _relu_layers_and_ops])
def test_nb08_q6_right_answers_written_other_ways(function):
    result = nb08.q6.evaluate(function)
    assert result.passed, result.message


# --- issue 11: right answers written other ways; arrays never in a truth context ------------
def _tensor(value):
    import tensorflow as tf

    return tf.constant(value)


@pytest.mark.parametrize(
    "function",
    [
        lambda n, k, p, s: np.int64(nb08.conv_output_size(n, k, p, s)),
        lambda n, k, p, s: float(nb08.conv_output_size(n, k, p, s)),
        lambda n, k, p, s: np.array([nb08.conv_output_size(n, k, p, s)]),
        lambda n, k, p, s: _tensor(nb08.conv_output_size(n, k, p, s)),
        lambda n, k, p, s: (n + 2 * p - k) / s // 1 + 1,
    ],
)
def test_nb08_q1_other_right_forms(function):
    assert nb08.q1.evaluate(function).passed


@pytest.mark.parametrize(
    "answer", [18_496.0, np.int32(18_496), "18,496", [18_496], _tensor(18_496)]
)
def test_nb08_q3_other_right_forms(answer):
    assert nb08.q3.evaluate(answer).passed


@pytest.mark.parametrize("answer", [np.array([18_496, 1]), [1, 2, 3]])
def test_nb08_q3_several_numbers_get_a_clear_message(answer):
    result = nb08.q3.evaluate(answer)
    assert result.status == INCORRECT and "one number" in result.message, result.message


def test_nb08_q1_array_answer_gets_a_clear_message():
    result = nb08.q1.evaluate(lambda n, k, p, s: np.array([1, 2]))
    assert result.status == INCORRECT and "one number" in result.message, result.message


def test_nb08_q6_functional_and_input_less_models_pass():
    import keras

    def functional():
        inputs = keras.Input(shape=(28, 28, 1))
        x = keras.layers.Conv2D(8, 5, activation="relu")(inputs)
        x = keras.layers.MaxPooling2D()(x)
        x = keras.layers.Conv2D(16, 5, activation="relu")(x)
        x = keras.layers.MaxPooling2D()(x)
        outputs = keras.layers.Dense(10)(keras.layers.Flatten()(x))
        return keras.Model(inputs, outputs)

    def without_input():
        return keras.Sequential(nb08.small_cnn().layers)

    assert nb08.q6.evaluate(functional).passed
    assert nb08.q6.evaluate(without_input).passed


# --- q7: the gradient of a convolution with respect to its kernel ------------------------
def _q7_flipped(image, upstream, kernel_shape, stride):
    return nb08.conv_kernel_gradient(image, upstream, kernel_shape, stride)[::-1, ::-1]


def _q7_mean(image, upstream, kernel_shape, stride):
    return nb08.conv_kernel_gradient(image, upstream, kernel_shape, stride) / np.size(upstream)


def _q7_no_stride(image, upstream, kernel_shape, stride):
    return nb08.conv_kernel_gradient(image, upstream, kernel_shape, 1)


def _q7_input_gradient(image, upstream, kernel_shape, stride):
    return np.ones(np.shape(image))


def _q7_one_short(image, upstream, kernel_shape, stride):
    upstream = np.asarray(upstream)[:-1, :-1]
    return nb08.conv_kernel_gradient(image, upstream, kernel_shape, stride)


@pytest.mark.parametrize(
    "function, message",
    [
        (_q7_flipped, "flipped"),
        (_q7_mean, "a sum, not a mean"),
        (_q7_no_stride, "one pixel apart"),
        (_q7_input_gradient, "dL/dX"),
        (_q7_one_short, "off-by-one"),
        (lambda i, g, ks, s: np.zeros((2, 2)), "kernel's shape"),
        (lambda i, g, ks, s: nb08.conv_kernel_gradient(i, g, ks, s) * 2, "off at index"),
    ],
)
def test_nb08_q7_wrong(function, message):
    result = nb08.q7.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _q7_vectorised(image, upstream, kernel_shape, stride):
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel_shape)[::stride, ::stride]
    return np.einsum("ijab,ij->ab", windows, upstream).tolist()  # a nested list is fine


def _q7_with_gradient_tape(image, upstream, kernel_shape, stride):
    import tensorflow as tf

    kernel = tf.Variable(tf.zeros((*kernel_shape, 1, 1), tf.float64))
    x = tf.constant(np.asarray(image)[None, :, :, None])
    with tf.GradientTape() as tape:
        y = tf.nn.conv2d(x, kernel, strides=stride, padding="VALID")[0, :, :, 0]
        loss = tf.reduce_sum(y * upstream)
    return tape.gradient(loss, kernel)[:, :, 0, 0]  # a tensor is fine


@pytest.mark.parametrize(
    "function", [nb08.conv_kernel_gradient, _q7_vectorised, _q7_with_gradient_tape]
)
def test_nb08_q7_right_answers_written_other_ways(function):
    result = nb08.q7.evaluate(function)
    assert result.passed, result.message


def test_nb08_q7_not_attempted_and_raising():
    def shipped(image, upstream, kernel_shape, stride):
        raise NotImplementedError

    assert nb08.q7.evaluate(shipped).status == "not attempted"
    result = nb08.q7.evaluate(lambda i, g, ks, s: 1 / 0)
    assert result.status == INCORRECT and "ZeroDivisionError" in result.message


def test_nb08_q7_reference_matches_conv2d_kernel_gradient():
    """The reference equals what Keras' Conv2D gets from tf.GradientTape for its kernel."""
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(3)
    image = rng.normal(size=(9, 11)).astype("float32")
    conv = keras.layers.Conv2D(1, (3, 2), strides=2, use_bias=False)
    x = tf.constant(image[None, :, :, None])
    with tf.GradientTape() as tape:
        y = conv(x)[0, :, :, 0]
        upstream = rng.normal(size=tuple(y.shape)).astype("float32")
        loss = tf.reduce_sum(y * upstream)
    measured = tape.gradient(loss, conv.kernel)[:, :, 0, 0].numpy()
    assert np.allclose(nb08.conv_kernel_gradient(image, upstream, (3, 2), 2), measured, atol=1e-4)
