"""The exercise mechanism, and every checker against its solution and typical wrong answers."""

import importlib
import pkgutil

import numpy as np
import pytest

import course_utils.exercises as exercises_package
from course_utils.exercises import (
    nb00,
    nb01,
    nb02,
    nb03,
    nb04,
    nb05,
    nb06,
    nb07,
    nb08,
    nb09,
    nb10,
    nb11,
)
from course_utils.exercises.core import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    Exercise,
    Mistake,
    expect_close,
    expect_equal,
)


def all_exercises():
    for info in pkgutil.iter_modules(exercises_package.__path__):
        if info.name.startswith("nb"):
            module = importlib.import_module(f"course_utils.exercises.{info.name}")
            for name, value in sorted(vars(module).items()):
                if isinstance(value, Exercise):
                    yield pytest.param(value, id=f"{info.name}.{name}")


def test_every_notebook_module_has_three_exercises():
    modules = [
        i.name for i in pkgutil.iter_modules(exercises_package.__path__) if i.name.startswith("nb")
    ]
    assert modules, "no exercise modules found"
    for name in modules:
        module = importlib.import_module(f"course_utils.exercises.{name}")
        assert {"q1", "q2", "q3"} <= set(vars(module)), f"{name} needs q1, q2 and q3"


@pytest.mark.parametrize("exercise", list(all_exercises()))
def test_solution_passes_its_own_checker(exercise):
    result = exercise.evaluate(exercise.solution_answer())
    assert result.status == CORRECT, str(result)


@pytest.mark.parametrize("exercise", list(all_exercises()))
def test_placeholder_is_not_attempted(exercise):
    assert exercise.evaluate(...).status == NOT_ATTEMPTED
    if exercise.answer_is_function:

        def unfinished(*args):
            raise NotImplementedError

        assert exercise.evaluate(unfinished).status == NOT_ATTEMPTED


@pytest.mark.parametrize("exercise", list(all_exercises()))
def test_solution_and_hint_print_text(exercise, capsys):
    exercise.hint()
    exercise.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ")
    assert "def " in out and "return" in out  # the reference code itself


@pytest.mark.parametrize("exercise", [e for e in all_exercises() if e.values[0].answer_is_function])
def test_learner_exception_becomes_a_message(exercise):
    def broken(*args):
        return 1 / 0

    result = exercise.evaluate(broken)
    assert result.status == INCORRECT
    assert "ZeroDivisionError" in result.message


def test_value_given_where_a_function_is_expected():
    result = nb00.q2.evaluate(3.0)
    assert result.status == INCORRECT and "pass your function itself" in result.message


def test_check_prints_and_returns_nothing(capsys):
    assert nb00.q1.check(100480) is None
    assert capsys.readouterr().out.startswith("Correct!")


def test_checker_crash_never_reaches_the_learner():
    def bad_checker(answer, expected):
        raise KeyError("oops")

    exercise = Exercise("demo", bad_checker, hint="h", solution=lambda: 1)
    result = exercise.evaluate(1)
    assert result.status == INCORRECT and "could not be checked" in result.message


def test_expect_helpers():
    with pytest.raises(Mistake, match="should have shape"):
        expect_close([1, 2, 3], [1, 2], "x")
    with pytest.raises(Mistake, match="off at index"):
        expect_close([1, 2, 3], [1, 2, 4], "x")
    with pytest.raises(Mistake, match="NaN"):
        expect_close([np.nan], [1.0], "x")
    with pytest.raises(Mistake, match="whole number"):
        expect_equal(2.5, 3, "n")
    expect_equal(3.0, 3, "n")


# --- typical wrong answers, notebook 00 -------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (784 * 128, "weights only"),
        (784 + 128, "multiply"),
        (100000, "plus biases"),
        ("100480", "plus biases"),
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


# --- typical wrong answers, notebook 01 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: x / 255.0, "from 0 to 1"),
        (lambda x: x / 127.5, "from 0 to 2"),
        (lambda x: x * 2 - 1, "outside [-1, 1]"),
        (lambda x: (x / 127.5 - 1.0).ravel(), "keep the shape"),
    ],
)
def test_nb01_q1_wrong(function, message):
    result = nb01.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _leaky(train, other):
    train, other = train.astype(float), other.astype(float)
    return (train - train.mean()) / train.std(), (other - other.mean()) / other.std()


@pytest.mark.parametrize(
    "function, message",
    [
        (_leaky, "its own mean and std"),
        (lambda t, o: (t / 255.0, o / 255.0), "off at index"),
        (lambda t, o: (t - t.mean()) / t.std(), "return two arrays"),
    ],
)
def test_nb01_q2_wrong(function, message):
    result = nb01.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [(656, "last, smaller batch"), (656.25, "whole number"), (1500, "should be 657")],
)
def test_nb01_q3_wrong(answer, message):
    result = nb01.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 02 -------------------------------------------------
def _grad_sum(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()


@pytest.mark.parametrize(
    "function, message",
    [
        (
            lambda X, y, w, b: (2 * X.T @ (y - X @ w - b) / len(y), 2 * np.mean(y - X @ w - b)),
            "wrong sign",
        ),
        (_grad_sum, "mean over examples"),
        (
            lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y)),
            "half the right size",
        ),
        (lambda X, y, w, b: (X @ w, 0.0), "shape of w"),
        (lambda X, y, w, b: X.T @ (X @ w + b - y), "return a pair"),
    ],
)
def test_nb02_q1_wrong(function, message):
    result = nb02.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [(lambda w, g, lr: w + lr * g, "climbs the loss"), (lambda w, g, lr: w - g, "learning rate")],
)
def test_nb02_q2_wrong(function, message):
    result = nb02.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [([-2.5, -5.0], "half the right size"), ([5.0, 10.0], "sign is wrong"), ([-5.0], "2 numbers")],
)
def test_nb02_q3_wrong(answer, message):
    result = nb02.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 03 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: np.max(x, 0), "np.maximum"),
        (np.abs, "|x|"),
        (lambda x: np.maximum(x, 1), "off at index"),
    ],
)
def test_nb03_q1_wrong(function, message):
    result = nb03.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize(
    "function, message",
    [
        (_sigmoid, "sigmoid itself"),
        (lambda x: x * (1 - x), "not x itself"),
        (lambda x: _sigmoid(x) * (1 + _sigmoid(x)), "check the sign"),
    ],
)
def test_nb03_q2_wrong(function, message):
    result = nb03.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), "exp(1000) overflows"),
        (
            lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=-1, keepdims=True),
            "own maximum",
        ),
        (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "each row"),
    ],
)
def test_nb03_q3_wrong(function, message):
    result = nb03.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 04 -------------------------------------------------
def _huber_no_half(y, p, delta=1.0):
    e = np.abs(p - y)
    return np.mean(np.where(e <= delta, e**2, delta * (e - 0.5 * delta)))


def _huber_sum(y, p, delta=1.0):
    e = np.abs(p - y)
    return np.sum(np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta)))


@pytest.mark.parametrize(
    "function, message",
    [
        (_huber_no_half, "0.5 * error**2"),
        (_huber_sum, "summed over examples"),
        (lambda y, p, delta=1.0: 0.5 * (p - y) ** 2, "one number"),
        (lambda y, p, delta=1.0: np.mean(0.5 * (p - y) ** 2), "should be"),
    ],
)
def test_nb04_q1_wrong(function, message):
    result = nb04.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _naive_bce(y, z):
    p = 1 / (1 + np.exp(-z))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


@pytest.mark.parametrize(
    "function, message",
    [(_naive_bce, "overflows"), (lambda y, z: np.mean(_naive_bce(y, z)), "one loss per example")],
)
def test_nb04_q2_wrong(function, message):
    result = nb04.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda p, q: nb04.kl_divergence(q, p), "KL(q || p)"),
        (lambda p, q: -nb04.kl_divergence(p, q), "sign is flipped"),
        (lambda p, q: np.sum(p * np.log(p / q)), "0 * log 0"),
    ],
)
def test_nb04_q3_wrong(function, message):
    result = nb04.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 05 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda w, v, g, lr, m: (w + m * v - g, m * v - g), "scaled by the learning rate"),
        (lambda w, v, g, lr, m: (w + m * v + lr * g, m * v + lr * g), "against the gradient"),
        (lambda w, v, g, lr, m: (w + v, m * v - lr * g), "update the velocity first"),
        (lambda w, v, g, lr, m: w - lr * g, "return a pair"),
    ],
)
def test_nb05_q1_wrong(function, message):
    result = nb05.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _adam_no_correction(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    return w - lr * m / (np.sqrt(v) + eps), m, v


def _adam_t_from_zero(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    return nb05.adam_step(w, m, v, g, t + 1, lr, b1, b2, eps)


@pytest.mark.parametrize(
    "function, message",
    [
        (_adam_no_correction, "bias correction"),
        (_adam_t_from_zero, "after step 1"),
        (lambda *args: args[0], "three arrays"),
    ],
)
def test_nb05_q2_wrong(function, message):
    result = nb05.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message", [(-38.0, "gradient step"), (18.0, "sign is wrong"), (3.0, "should be 2")]
)
def test_nb05_q3_wrong(answer, message):
    result = nb05.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 06 -------------------------------------------------
def _ce_naive(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.log(p[np.arange(len(labels)), labels]).mean())


def _ce_sum(logits, labels):
    return nb06.softmax_cross_entropy(logits, labels) * len(labels)


@pytest.mark.parametrize(
    "function, message",
    [
        (_ce_naive, "subtract each row's max"),
        (_ce_sum, "summed over the batch"),
        (lambda z, y: np.zeros(len(y)), "one number"),
    ],
)
def test_nb06_q1_wrong(function, message):
    result = nb06.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z, y: nb06.cross_entropy_gradient(z, y) * len(y), "divide by n"),
        (lambda z, y: -nb06.cross_entropy_gradient(z, y), "sign is flipped"),
        (lambda z, y: nb06.cross_entropy_gradient(z, y).sum(axis=0), "one entry per logit"),
    ],
)
def test_nb06_q2_wrong(function, message):
    result = nb06.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n: np.sqrt(1 / n), "LeCun"),
        (lambda n: 2 / n, "square root"),
        (lambda n: np.sqrt(2 / (n + 10)), "should be"),
    ],
)
def test_nb06_q3_wrong(function, message):
    result = nb06.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 07 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "weights only"),
        (lambda s: sum(s), "should be"),
        (lambda s: str(nb07.count_dense_parameters(s)), "whole number"),
    ],
)
def test_nb07_q1_wrong(function, message):
    result = nb07.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


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


# --- typical wrong answers, notebook 08 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n, k, p, s: (n + 2 * p - k) // s, "one short"),
        (lambda n, k, p, s: (n - k) // s + 1, "ignores the padding"),
        (lambda n, k, p, s: (n + p - k) // s + 1, "both sides"),
        (lambda n, k, p, s: (n + 2 * p - k) // s + 2, "should be"),
    ],
)
def test_nb08_q1_wrong(function, message):
    result = nb08.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _avg_pool(image):
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    return image[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))


def _stride_one(image):
    return np.lib.stride_tricks.sliding_window_view(image, (2, 2)).max(axis=(2, 3))


@pytest.mark.parametrize(
    "function, message",
    [
        (_avg_pool, "average pooling"),
        (_stride_one, "stride 1"),
        (lambda x: x[::2, ::2], "a 5x6 image pools to"),
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


# --- typical wrong answers, notebook 09 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda cm, k: nb09.precision_recall_from_confusion(cm, k)[::-1], "swapped"),
        (lambda cm, k: (cm[k, k] / cm.sum(), cm[k, k] / cm.sum()), "off at index"),
        (lambda cm, k: cm[k, k], "return a pair"),
    ],
)
def test_nb09_q1_wrong(function, message):
    result = nb09.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda y, p: np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2), "1 minus that"),
        (lambda y, p: 1 - np.mean((y - p) ** 2), "1 - MSE"),
        (lambda y, p: np.corrcoef(y, p)[0, 1], "should be"),
    ],
)
def test_nb09_q2_wrong(function, message):
    result = nb09.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda c, r: sum(w in r for w in c) / len(c), "did not clip"),
        (lambda c, r: nb09.clipped_unigram_precision(c, r) * len(c) / len(r), "should be"),
    ],
)
def test_nb09_q3_wrong(function, message):
    result = nb09.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 10 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda ks, s: s * sum(np.abs(k).sum() for k in ks), "L1 penalty"),
        (lambda ks, s: s * np.mean(np.concatenate([k.ravel() ** 2 for k in ks])), "took the mean"),
        (lambda ks, s: sum(np.sum(k**2) for k in ks), "multiply the sum of squares"),
        (lambda ks, s: [s * np.sum(k**2) for k in ks], "one number"),
    ],
)
def test_nb10_q1_wrong(function, message):
    result = nb10.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb10_q2_wrong():
    import keras

    D, Dr, L2 = keras.layers.Dense, keras.layers.Dropout, keras.regularizers.L2
    cases = [
        (
            lambda: _model(D(128, activation="relu"), Dr(0.5), D(10, activation="softmax")),
            "kernel_regularizer",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-2)), Dr(0.5), D(10)),
            "strength should be",
        ),
        (
            lambda: _model(
                D(128, activation="relu", kernel_regularizer=keras.regularizers.L1(1e-4)),
                Dr(0.5),
                D(10),
            ),
            "found L1",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-4)), Dr(0.2), D(10)),
            "dropout rate",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-4)), D(10)),
            "expected layers",
        ),
        (
            lambda: _model(D(64, activation="relu", kernel_regularizer=L2(1e-4)), Dr(0.5), D(10)),
            "128 and 10 units",
        ),
    ]
    for function, message in cases:
        result = nb10.q2.evaluate(function)
        assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (
            lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x, 0.0),
            "scaled by 1 / (1 - rate)",
        ),
        (
            lambda x, rate, rng: np.where(rng.random(x.shape) >= 1 - rate, x / rate, 0.0),
            "25% of the units",
        ),
        (lambda x, rate, rng: x * (1 - rate), "25% of the units"),
    ],
)
def test_nb10_q3_wrong(function, message):
    result = nb10.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 11 -------------------------------------------------
def _attention_unscaled(Q, K, V):
    s = Q @ K.T
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ V


def _attention_wrong_axis(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[-1])
    return (np.exp(s) / np.exp(s).sum(axis=0, keepdims=True)) @ V


@pytest.mark.parametrize(
    "function, message",
    [
        (_attention_unscaled, "sqrt(d_k)"),
        (_attention_wrong_axis, "over the keys"),
        (lambda Q, K, V: Q @ K.T, "one output row per query"),
    ],
)
def test_nb11_q1_wrong(function, message):
    result = nb11.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n, k, s, p: n * s if p == "same" else (n - k) // s + 1, "ordinary convolution"),
        (lambda n, k, s, p: n * s, "should be"),
    ],
)
def test_nb11_q2_wrong(function, message):
    result = nb11.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [(23_808 // 4, "that is one gate"), (4 * 64 * 92, "add the biases"), (18_000, "should be")],
)
def test_nb11_q3_wrong(answer, message):
    result = nb11.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
