"""Notebook 00's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb00
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 00 -------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (784 * 128, "weights only"),
        (784 + 128, "multiply"),
        (100000, "plus the biases"),
        ("100000", "plus the biases"),
        (784 * 128 + 784, "one bias per unit"),
        ("many", "give a number"),
        ([1, 2], "give one number"),
    ],
)
def test_nb00_q1_wrong(answer, message):
    result = nb00.q1.evaluate(answer)
    assert result.status == INCORRECT and message in result.message


@pytest.mark.parametrize(
    "neuron, message",
    [
        (lambda x, w, b: float(np.dot(w, x) + b), "forget the activation"),
        (lambda x, w, b: max(float(np.dot(w, x)), 0.0), "misses the bias"),
        (lambda x, w, b: np.maximum(w * x + b, 0), "returns one number"),
        (lambda x, w, b: max(float(np.dot(w, x)) - b, 0.0), "should be 0.5"),
    ],
)
def test_nb00_q2_wrong(neuron, message):
    result = nb00.q2.evaluate(neuron)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [
        ([(128, 784), (10, 128)], "transposed"),
        ([(784, 128)], "2 Dense layers"),
        ([(784, 128), (128, 11)], "expected"),
        (42, "list of (rows, columns)"),
    ],
)
def test_nb00_q3_wrong(answer, message):
    result = nb00.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer",
    [100480, 100480.0, "100480", "100,480", "100_480", np.int64(100480), 784 * 128 + 128.0],
)
def test_nb00_q1_right_answers_written_other_ways(answer):
    assert nb00.q1.evaluate(answer).passed


def test_nb00_q1_solution_shows_the_number():
    import inspect

    source = inspect.getsource(nb00.dense_layer_parameters)
    assert "q1_answer = 784 * 128 + 128" in source


def test_nb00_q3_biases_included():
    result = nb00.q3.evaluate([(784, 128), (128,), (128, 10), (10,)])
    assert result.status == INCORRECT and "bias vectors" in result.message, result.message


@pytest.mark.parametrize(
    "answer", [[(784, 128), (128, 10)], [[784, 128], [128, 10]], np.array([[784, 128], [128, 10]])]
)
def test_nb00_q3_right_forms(answer):
    assert nb00.q3.evaluate(answer).passed


# --- q4: forward pass ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda X, W1, b1, W2, b2: (X @ W1 + b1) @ W2 + b2, "needs its ReLU"),
        (
            lambda X, W1, b1, W2, b2: np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0),
            "never negative",
        ),
        (lambda X, W1, b1, W2, b2: np.maximum(X @ W1, 0) @ W2, "bias"),
        (lambda X, W1, b1, W2, b2: np.maximum(X @ W1, 0) @ W2 + b2, "hidden layer misses its bias"),
        (lambda X, W1, b1, W2, b2: W2.T @ np.maximum(W1.T @ X.T, 0), "shape"),
    ],
)
def test_nb00_q4_wrong(function, message):
    result = nb00.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb00_q4_tensorflow_and_keras_forms():
    import keras
    import tensorflow as tf

    def tf_forward(X, W1, b1, W2, b2):
        hidden = tf.nn.relu(tf.matmul(X, W1) + b1)
        return tf.matmul(hidden, W2) + b2

    assert nb00.q4.evaluate(tf_forward).passed

    def keras_forward(X, W1, b1, W2, b2):
        model = keras.Sequential(
            [
                keras.Input(shape=(W1.shape[0],)),
                keras.layers.Dense(W1.shape[1], activation="relu"),
                keras.layers.Dense(W2.shape[1]),
            ]
        )
        model.set_weights([W1, b1, W2, b2])
        return model.predict(X, verbose=0)

    result = nb00.q4.evaluate(keras_forward)
    assert result.passed, result.message


# --- q5: the 16-unit experiment -----------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (92.07, "fraction"),
        (0.1, "far too low"),
        (0.99, "outside the range"),
        ("abc", "give a number"),
    ],
)
def test_nb00_q5_wrong(answer, message):
    result = nb00.q5.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [0.9207, np.float32(0.9207), "0.92"])
def test_nb00_q5_right_forms(answer):
    result = nb00.q5.evaluate(answer)
    assert result.passed and "logistic regression" in result.message, result.message


def test_nb00_q5_message_does_not_blame_capacity():
    result = nb00.q5.evaluate(0.9207)
    assert result.passed and "not a lack of capacity" in result.message, result.message
    assert "bottleneck" not in result.message and "reference run" in result.message
    closer = nb00.q5.evaluate(0.938)
    assert closer.passed and "closer to the 128-unit network" in closer.message, closer.message
