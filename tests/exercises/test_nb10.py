"""Notebook 10's exercise checkers against typical wrong answers and alternative right ones."""

import numpy as np
import pytest

from course_utils.exercises import nb10
from course_utils.exercises.core import CORRECT, INCORRECT


def _passes(exercise, answer):
    result = exercise.evaluate(answer)
    assert result.status == CORRECT, result.message


def _fails(exercise, answer, message):
    result = exercise.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q1: the L2 penalty ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda ks, s: s * sum(np.abs(k).sum() for k in ks), "L1 penalty"),
        (lambda ks, s: s * np.mean(np.concatenate([k.ravel() ** 2 for k in ks])), "took the mean"),
        (lambda ks, s: sum(np.sum(k**2) for k in ks), "multiply the sum of squares"),
        (lambda ks, s: [s * np.sum(k**2) for k in ks], "one number"),
        (lambda ks, s: s * sum(np.sum(k**2) for k in ks) / 2, "no factor 1/2"),
        (lambda ks, s: s * np.sum(ks[0] ** 2), "every"),
    ],
)
def test_nb10_q1_wrong(function, message):
    _fails(nb10.q1, function, message)


def test_nb10_q1_alternative_forms():
    import tensorflow as tf

    _passes(nb10.q1, lambda ks, s: s * sum(float((k**2).sum()) for k in ks))
    _passes(nb10.q1, lambda ks, s: tf.add_n([s * tf.reduce_sum(tf.square(k)) for k in ks]))
    _passes(nb10.q1, lambda ks, s: np.array([s * sum(np.sum(k * k) for k in ks)]))


# --- q2: a model with L2 and dropout -----------------------------------------------------------
def _model(*layers):
    import keras

    return keras.Sequential([keras.Input((784,)), *layers])


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
        (
            lambda: _model(
                D(128, kernel_regularizer=L2(1e-4)), Dr(0.5), D(10, activation="softmax")
            ),
            "ReLU",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-4)), Dr(0.5), D(10)),
            "softmax",
        ),
        (lambda: "a model", "Keras model"),
    ]
    for function, message in cases:
        _fails(nb10.q2, function, message)


def test_nb10_q2_wrong_input_size():
    import keras

    def model():
        return keras.Sequential(
            [
                keras.Input((100,)),
                keras.layers.Dense(
                    128, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-4)
                ),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )

    _fails(nb10.q2, model, "784")


def test_nb10_q2_functional_and_without_input():
    import keras

    def hidden():
        return keras.layers.Dense(
            128, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-4)
        )

    def functional():
        inputs = keras.Input(shape=(784,))
        x = keras.layers.Dropout(0.5)(hidden()(inputs))
        return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))

    def without_input():
        return keras.Sequential(
            [hidden(), keras.layers.Dropout(0.5), keras.layers.Dense(10, activation="softmax")]
        )

    def separate_activations():
        L = keras.layers
        return keras.Sequential(
            [
                keras.Input((784,)),
                L.Dense(128, kernel_regularizer=keras.regularizers.L2(1e-4)),
                L.ReLU(),
                L.Dropout(0.5),
                L.Dense(10),
                L.Softmax(),
            ]
        )

    def l1l2_without_l1():  # L1L2(l2=1e-4) adds the same penalty as L2(1e-4)
        return _model(
            keras.layers.Dense(
                128, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l2=1e-4)
            ),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),
        )

    for function in (functional, without_input, separate_activations, l1l2_without_l1):
        _passes(nb10.q2, function)


def test_nb10_q2_l1l2_with_an_l1_part():
    import keras

    def model():
        return _model(
            keras.layers.Dense(
                128,
                activation="relu",
                kernel_regularizer=keras.regularizers.L1L2(l1=1e-4, l2=1e-4),
            ),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),
        )

    _fails(nb10.q2, model, "also has an L1 part")


# --- q3: inverted dropout ----------------------------------------------------------------------
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
        (
            lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x * (1 - rate), 0.0),
            "divides",
        ),
        (lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, 2.0 / 0.75, 0.0), "surviving"),
    ],
)
def test_nb10_q3_wrong(function, message):
    _fails(nb10.q3, function, message)


def test_nb10_q3_alternative_forms():
    import tensorflow as tf

    _passes(nb10.q3, lambda x, rate, rng: x * (rng.random(x.shape) < 1 - rate) / (1 - rate))
    _passes(
        nb10.q3,
        lambda x, rate, rng: tf.constant(x * rng.binomial(1, 1 - rate, x.shape) / (1 - rate)),
    )


# --- q4: batch normalisation backward ----------------------------------------------------------
def _bn_parts(x, gamma, dy):
    s = np.sqrt(x.var(axis=0) + 1e-3)
    x_hat = (x - x.mean(axis=0)) / s
    return s, x_hat


def _constant_stats(x, gamma, dy):
    s, x_hat = _bn_parts(x, gamma, dy)
    return gamma * dy / s, (dy * x_hat).sum(axis=0), dy.sum(axis=0)


def _mean_only(x, gamma, dy):
    s, x_hat = _bn_parts(x, gamma, dy)
    return gamma / s * (dy - dy.mean(axis=0)), (dy * x_hat).sum(axis=0), dy.sum(axis=0)


def _wrong_dgamma(x, gamma, dy):
    dx, _, dbeta = nb10.batch_norm_backward(x, gamma, dy)
    return dx, (dy * x).sum(axis=0), dbeta


def _mean_dbeta(x, gamma, dy):
    dx, dgamma, _ = nb10.batch_norm_backward(x, gamma, dy)
    return dx, dgamma, dy.mean(axis=0)


@pytest.mark.parametrize(
    "function, message",
    [
        (_constant_stats, "constants"),
        (_mean_only, "not through the variance"),
        (_wrong_dgamma, "normalised"),
        (_mean_dbeta, "sum"),
        (lambda x, g, dy: nb10.batch_norm_backward(x, g, dy)[0], "three things"),
    ],
)
def test_nb10_q4_wrong(function, message):
    _fails(nb10.q4, function, message)


def test_nb10_q4_alternative_forms():
    import tensorflow as tf

    def with_tape(x, gamma, dy):
        xv, gv, bv = tf.constant(x), tf.constant(gamma), tf.zeros_like(tf.constant(gamma))
        with tf.GradientTape() as tape:
            tape.watch([xv, gv, bv])
            mean, var = tf.nn.moments(xv, axes=[0])
            y = gv * (xv - mean) / tf.sqrt(var + 1e-3) + bv
            loss = tf.reduce_sum(y * dy)
        return tape.gradient(loss, [xv, gv, bv])  # a list of tensors

    _passes(nb10.q4, with_tape)


# --- q5: early stopping -------------------------------------------------------------------------
def _zero_based(losses, patience):
    stop, best = nb10.early_stopping_epochs(losses, patience)
    return stop - 1, best - 1


def _global_best(losses, patience):
    stop, _ = nb10.early_stopping_epochs(losses, patience)
    return stop, int(np.argmin(losses)) + 1


def _one_late(losses, patience):
    stop, best = nb10.early_stopping_epochs(losses, patience)
    return min(stop + 1, len(losses)), best


def _ties_improve(losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss <= best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(losses), best_epoch


@pytest.mark.parametrize(
    "function, message",
    [
        (_zero_based, "from 0"),
        (_global_best, "after the stop"),
        (_one_late, "in a row"),
        (_ties_improve, "strictly lower"),
        (lambda losses, patience: len(losses), "two whole numbers"),
    ],
)
def test_nb10_q5_wrong(function, message):
    _fails(nb10.q5, function, message)


def test_nb10_q5_alternative_forms_and_keras():
    import keras

    _passes(nb10.q5, lambda losses, p: np.array(nb10.early_stopping_epochs(losses, p), float))
    # the reference agrees with Keras' own callback on the worked example
    losses = [0.50, 0.42, 0.40, 0.41, 0.43, 0.39, 0.44, 0.45, 0.46]
    callback = keras.callbacks.EarlyStopping(patience=3)
    callback.set_model(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]))
    callback.model.stop_training = False
    callback.on_train_begin()
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": loss})
        if callback.model.stop_training:
            break
    assert (epoch + 1, callback.best_epoch + 1) == nb10.early_stopping_epochs(losses, 3) == (9, 6)


# --- q6: predict a fresh BatchNormalization in inference -----------------------------------------
def test_nb10_q6():
    _fails(nb10.q6, [-1.2247, 0.0, 1.2247], "training mode")
    _fails(nb10.q6, np.array([-1.0, 0.0, 1.0]), "training mode")
    _fails(nb10.q6, [0, 0, 0], "not zero")
    _fails(nb10.q6, [1, 2], "three numbers")
    _passes(nb10.q6, [1.999, 3.998, 5.997])
    _passes(nb10.q6, np.array([[1.999], [3.998], [5.997]]))


def test_nb10_q6_matches_keras():
    import keras

    layer = keras.layers.BatchNormalization()
    out = np.asarray(layer(np.array([[2.0], [4.0], [6.0]]), training=False)).ravel()
    assert np.allclose(out, nb10.fresh_batch_norm_inference(), atol=1e-5)


# --- q7: an L2 sweep, measured --------------------------------------------------------------------
def _fake_val_acc(strength):
    # a made-up but deterministic "measurement": a multiple of 1/2,000 like the notebook's
    return round((0.905 - 0.004 * abs(np.log10(strength) + 3.3)) * 2_000) / 2_000


def _notebook(monkeypatch):
    """A stand-in for notebook 10's namespace: `run`, `results`, `models`, `seed_val`, with
    section 2's three L2 runs already recorded, as in the notebook."""
    import keras

    namespace = {"keras": keras, "results": {}, "models": {}}

    def run(name, regularizer=None, **options):  # records what the notebook's `run` records
        model = keras.Sequential(
            [keras.Input((4,)), keras.layers.Dense(2, kernel_regularizer=regularizer)]
        )
        val = _fake_val_acc(regularizer.l2) if regularizer is not None else 0.9
        namespace["results"][name] = {"train acc": 1.0, "val acc": val, "gap": 1.0 - val}
        namespace["models"][name] = model

    namespace["run"] = run
    namespace["seed_val"] = np.array([0.9, 0.905, 0.8975])
    for strength in (1e-4, 1e-3, 1e-2):
        run(f"L2 {strength:.0e}", regularizer=keras.regularizers.L2(strength))
    monkeypatch.setattr(nb10, "_notebook_namespace", lambda: namespace)
    return namespace


def _solution_code():
    """The notebook code the solution prints (its comment lines), ready to run."""
    import inspect
    import textwrap

    lines = [
        line.strip()[2:]
        for line in inspect.getsource(nb10.l2_sweep).splitlines()
        if line.strip().startswith("#     ")
    ]
    return textwrap.dedent("\n".join(lines))


def test_nb10_q7_the_solution_code_passes_in_the_notebook(monkeypatch):
    namespace = _notebook(monkeypatch)
    exec(_solution_code(), namespace)
    assert set(namespace["results"]) == {f"L2 {s:.0e}" for s in (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)}
    result = nb10.q7.evaluate(namespace["q7_sweep"])
    assert result.status == CORRECT, result.message
    assert "best strength is 0.0003" in result.message and "seed" in result.message, result.message


def test_nb10_q7_made_up_numbers_fail_in_the_notebook(monkeypatch):
    namespace = _notebook(monkeypatch)
    # the solution's illustrative numbers: 3e-4 and 3e-3 were never run here
    _fails(nb10.q7, nb10.l2_sweep(), "no run with L2 strength 0.0003 is recorded")
    exec(_solution_code(), namespace)
    measured = namespace["q7_sweep"]
    invented = {s: a + 0.01 for s, a in measured.items()}
    _fails(nb10.q7, invented, "but the run recorded in `results` measured")
    training = {s: 1.0 for s in measured} | {1e-4: measured[1e-4]}
    _fails(nb10.q7, training, "*training* accuracy")


def test_nb10_q7_typical_mistakes(monkeypatch):
    namespace = _notebook(monkeypatch)
    exec(_solution_code(), namespace)
    results = namespace["results"]
    # copying the solution's dict comprehension with section 2's list `strengths`
    strengths = [1e-4, 1e-3, 1e-2]
    _fails(nb10.q7, {s: results[f"L2 {s:.0e}"]["val acc"] for s in strengths}, "section 2's")
    _fails(nb10.q7, {1e-5: 0.9, 1e-4: 0.9, 1e-3: 0.91, 1e-2: 0.89}, "between")
    _fails(nb10.q7, {name: r["val acc"] for name, r in results.items()}, "not the run's name")
    _fails(nb10.q7, {float(n[3:]): r for n, r in results.items()}, "not the whole results")
    _fails(nb10.q7, {a: s for s, a in namespace["q7_sweep"].items()}, "look like accuracies")
    _fails(nb10.q7, {1e-4: 0.9, 2e-4: 0.92, 3e-4: 0.91, 5e-4: 0.9}, "factor of 100")
    _fails(nb10.q7, {1e-4: 90, 1e-3: 92, 3e-3: 91, 1e-1: 80}, "fractions")
    _fails(nb10.q7, {1e-4: 0.3, 1e-3: 0.2, 3e-3: 0.25, 1e-1: 0.4}, "below 0.5")
    _fails(nb10.q7, 0.91, "dictionary")


def test_nb10_q7_right_answers_written_other_ways(monkeypatch):
    import keras

    namespace = _notebook(monkeypatch)
    exec(_solution_code(), namespace)
    measured = namespace["q7_sweep"]
    _passes(nb10.q7, [(s, np.float32(a)) for s, a in measured.items()])
    _passes(nb10.q7, {s: round(a, 3) for s, a in measured.items()})  # as `run` prints them
    # a run under another name is found by its regulariser; L1L2(l2=...) counts as L2
    namespace["run"]("my 5e-4 run", regularizer=keras.regularizers.L1L2(l2=5e-4))
    _passes(nb10.q7, {**measured, 5e-4: _fake_val_acc(5e-4)})


def test_nb10_q7_outside_the_notebook_checks_plausibility_only(monkeypatch):
    monkeypatch.setattr(nb10, "_notebook_namespace", lambda: None)
    result = nb10.q7.evaluate(nb10.l2_sweep())
    assert result.status == CORRECT and "not verified" in result.message, result.message


def test_nb10_q7_reads_the_notebook_variables_from_main(monkeypatch):
    import sys

    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "results", {}, raising=False)
    monkeypatch.setattr(main, "models", {}, raising=False)
    _fails(nb10.q7, nb10.l2_sweep(), "no run with L2 strength")
