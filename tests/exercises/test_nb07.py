"""Notebook 07's exercise checkers against typical wrong answers and right answers written other ways."""

import numpy as np
import pytest

from course_utils.exercises import nb07
from course_utils.exercises.core import INCORRECT


# --- q1: parameters of a dense network ---------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "weights only"),
        (lambda s: nb07.count_dense_parameters(s) + s[0], "input layer has no biases"),
        (lambda s: sum(s), "should be"),
        (lambda s: str(nb07.count_dense_parameters(s)), "return a whole number"),
        (lambda s: np.array([1, 2]), "one number"),
    ],
)
def test_nb07_q1_wrong(function, message):
    result = nb07.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function",
    [
        lambda s: float(nb07.count_dense_parameters(s)),
        lambda s: np.int64(nb07.count_dense_parameters(s)),
        lambda s: np.array(nb07.count_dense_parameters(s)),
        lambda s: int(np.sum(np.multiply(s[:-1], s[1:])) + np.sum(s[1:])),
    ],
)
def test_nb07_q1_right_answers_written_other_ways(function):
    assert nb07.q1.evaluate(function).passed


def test_nb07_q1_array_answers_never_reach_a_truth_test():
    """An array answer gets a message, not 'the truth value of an array is ambiguous'."""
    result = nb07.q1.evaluate(lambda s: np.array([3, 4, 5]))
    assert result.status == INCORRECT and "ambiguous" not in result.message, result.message


# --- q2: build a model -------------------------------------------------------------------
def _model(*layers, shape=(784,)):
    import keras

    return keras.Sequential([keras.Input(shape=shape), *layers])


def test_nb07_q2_wrong():
    import keras

    D, Dr = keras.layers.Dense, keras.layers.Dropout
    cases = [
        (
            lambda: _model(D(256, activation="relu"), D(10, activation="softmax")),
            "should have 3 layers",
        ),
        (
            lambda: _model(D(256, activation="relu"), Dr(0.5), D(10, activation="softmax")),
            "layer 2 should be",
        ),
        (lambda: _model(D(256), Dr(0.3), D(10, activation="softmax")), "layer 1 should be"),
        (lambda: _model(D(256, activation="relu"), Dr(0.3), D(10)), "layer 3 should be"),
        (
            lambda: _model(
                D(256, activation="relu"), Dr(0.3), D(10, activation="softmax"), shape=(28, 28)
            ),
            "input",
        ),
        (lambda: "a model", "should return a Keras model"),
    ]
    for function, message in cases:
        result = nb07.q2.evaluate(function)
        assert result.status == INCORRECT and message in result.message, result.message


def _functional():
    import keras

    inputs = keras.Input(shape=(784,))
    x = keras.layers.Dense(256, activation="relu")(inputs)
    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def _sequential_without_input():
    import keras

    return keras.Sequential(
        [
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _activation_objects():
    import keras

    return _model(
        keras.layers.Dense(256, activation=keras.activations.relu),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation=keras.activations.softmax),
    )


def _separate_activation_layers():
    import keras

    return _model(
        keras.layers.Flatten(),  # a no-op on flat inputs
        keras.layers.Dense(256),
        keras.layers.ReLU(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10),
        keras.layers.Activation("softmax"),
    )


def _activation_layer_functional():
    import keras

    inputs = keras.Input(shape=(784,))
    x = keras.layers.Activation("relu")(keras.layers.Dense(256)(inputs))
    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Softmax()(keras.layers.Dense(10)(x))
    return keras.Model(inputs, outputs)


def test_nb07_q2_a_capped_relu_layer_is_not_relu():
    import keras

    result = nb07.q2.evaluate(
        lambda: _model(
            keras.layers.Dense(256),
            keras.layers.ReLU(max_value=6.0),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        )
    )
    assert result.status == INCORRECT and "yours has 4" in result.message, result.message


@pytest.mark.parametrize(
    "function",
    [
        _functional,
        _sequential_without_input,
        _activation_objects,
        _separate_activation_layers,
        _activation_layer_functional,
    ],
)
def test_nb07_q2_right_answers_written_other_ways(function):
    result = nb07.q2.evaluate(function)
    assert result.passed, result.message


# --- q3: predicted labels ----------------------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda p: np.argmax(p, axis=0), "axis=0"),
        (lambda p: p.max(axis=1), "largest probability"),
        (lambda p: np.argmin(p, axis=1), "expected labels"),
    ],
)
def test_nb07_q3_wrong(function, message):
    result = nb07.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _argmax_tensorflow(p):
    import tensorflow as tf

    return tf.argmax(p, axis=1)


@pytest.mark.parametrize(
    "function",
    [_argmax_tensorflow, lambda p: np.argmax(p, axis=-1).tolist(), lambda p: p.argmax(1)],
)
def test_nb07_q3_right_answers_written_other_ways(function):
    assert nb07.q3.evaluate(function).passed


# --- q4: predict, then check -------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [("fit", "dropout switches off"), ("same", "not in the same conditions"), (3, "with a word")],
)
def test_nb07_q4_wrong(answer, message):
    result = nb07.q4.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", ["evaluate", "Evaluate", " evaluate() ", "b"])
def test_nb07_q4_right_answers_written_other_ways(answer):
    assert nb07.q4.evaluate(answer).passed


def test_nb07_q4_matches_a_measurement():
    """With dropout, evaluate() on the training images beats fit()'s reported accuracy."""
    import keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(512, 20)).astype("float32")
    y = (x[:, :10].sum(axis=1) > 0).astype(int)
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(2, activation="softmax"),
        ]
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    assert model.evaluate(x, y, verbose=0)[1] > history.history["accuracy"][-1]


# --- q5: forward pass in NumPy -------------------------------------------------------------
def _no_softmax(images, weights):
    return nb07._variant(np.asarray(images), weights, out=False)


def _no_relu(images, weights):
    return nb07._variant(np.asarray(images), weights, relu=False)


def _no_bias(images, weights):
    return nb07._variant(np.asarray(images), weights, bias=False)


def _relu_on_output(images, weights):
    return nb07._softmax(nb07._variant(np.asarray(images), weights, out=False))


def _not_flattened(images, weights):
    return images @ weights[0]


@pytest.mark.parametrize(
    "function, message",
    [
        (_no_softmax, "apply softmax"),
        (_no_relu, "apply ReLU"),
        (_no_bias, "biases"),
        (_relu_on_output, "ReLU to the output layer"),
        (_not_flattened, "Flatten"),
        (lambda i, w: nb07.mlp_forward(i, w)[:, ::-1], "off at index"),
    ],
)
def test_nb07_q5_wrong(function, message):
    result = nb07.q5.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _forward_keras(images, weights):
    import keras

    sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights[0::2]]
    model = keras.Sequential(
        [keras.Input((sizes[0],))]
        + [keras.layers.Dense(n, activation="relu") for n in sizes[1:-1]]
        + [keras.layers.Dense(sizes[-1], activation="softmax")]
    )
    model.set_weights(weights)
    return model.predict(np.reshape(images, (len(images), -1)), verbose=0)


def _forward_tensorflow(images, weights):
    import tensorflow as tf

    x = tf.reshape(tf.constant(images, tf.float64), (len(images), -1))
    for i in range(0, len(weights) - 2, 2):
        x = tf.nn.relu(x @ weights[i] + weights[i + 1])
    return tf.nn.softmax(x @ weights[-2] + weights[-1])


@pytest.mark.parametrize("function", [_forward_tensorflow, _forward_keras])
def test_nb07_q5_right_answers_written_other_ways(function):
    result = nb07.q5.evaluate(function)
    assert result.passed, result.message


# --- q6: one training step ---------------------------------------------------------------
def _step_with(transform_gradient=lambda g: g, reduce="mean"):
    import tensorflow as tf

    def step(model, images, labels, learning_rate):
        with tf.GradientTape() as tape:
            losses = tf.keras.losses.sparse_categorical_crossentropy(labels, model(images))
            loss = tf.reduce_mean(losses) if reduce == "mean" else tf.reduce_sum(losses)
        gradients = tape.gradient(loss, model.trainable_variables)
        for v, g in zip(model.trainable_variables, gradients):
            v.assign_sub(learning_rate * transform_gradient(g))
        return float(loss)

    return step


def _last_layer_only(model, images, labels, learning_rate):
    import tensorflow as tf

    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(
            tf.keras.losses.sparse_categorical_crossentropy(labels, model(images))
        )
    variables = model.layers[-1].trainable_variables
    for v, g in zip(variables, tape.gradient(loss, variables)):
        v.assign_sub(learning_rate * g)
    return float(loss)


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda m, x, y, lr: 1.0, "did not change"),
        (_step_with(lambda g: -g), "uphill"),
        (_step_with(reduce="sum"), "8 times too large"),
        (_last_layer_only, "weight arrays changed"),
        (_step_with(lambda g: 2 * g), "after the step"),
    ],
)
def test_nb07_q6_wrong(function, message):
    result = nb07.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _step_with_keras_sgd(model, images, labels, learning_rate):
    import keras
    import tensorflow as tf

    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(images, training=True))
    optimizer = keras.optimizers.SGD(learning_rate)
    optimizer.apply_gradients(
        zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
    )
    return loss


@pytest.mark.parametrize("function", [_step_with(), _step_with_keras_sgd])
def test_nb07_q6_right_answers_written_other_ways(function):
    result = nb07.q6.evaluate(function)
    assert result.passed, result.message
