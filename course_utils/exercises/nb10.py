"""Exercises for notebook 10 · Regularisation, generalisation and tuning.

Example:
    >>> from course_utils.exercises import nb10 as ex
    >>> ex.q1.evaluate(ex.l2_penalty).passed
    True
    >>> ex.q5.evaluate(ex.early_stopping_epochs).passed
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
    variant_rng,
)


def _number(value: Any, what: str) -> float:
    """One number from an int, float, NumPy scalar, size-1 array or tensor."""
    array = as_array(value, what)
    if array.size != 1:
        raise Mistake(f"{what} should be one number, not an array of shape {array.shape}.")
    return float(array.reshape(()))


# q1 -- the L2 penalty ----------------------------------------------------------------------------------
def l2_penalty(kernels: list[np.ndarray], strength: float) -> float:
    # Keras' L2(strength) adds strength * sum(w**2) for every regularised kernel
    return float(strength * sum(np.sum(np.asarray(w) ** 2) for w in kernels))


def _check_q1(learner: Any, reference: Any) -> None:
    rng = variant_rng(10)
    cases = [
        ([np.array([[0.5, -1.0, 2.0]])], 0.01),
        ([rng.normal(size=(4, 3)), rng.normal(size=(3, 1))], 0.01),
        ([rng.normal(size=(5, 2)), rng.normal(size=(2, 2)), rng.normal(size=(2,))], 3e-4),
    ]
    for kernels, strength in cases:
        got = as_array(call_learner(learner, [k.copy() for k in kernels], strength), "your penalty")
        if got.size != 1:
            raise Mistake(
                f"the penalty is one number added to the loss, not an array of shape {got.shape}."
            )
        got = got.reshape(())
        flat = np.concatenate([k.ravel() for k in kernels])
        if np.isclose(got, strength * np.abs(flat).sum()):
            raise Mistake("that is the L1 penalty (absolute values); L2 squares the weights.")
        if np.isclose(got, strength * np.mean(flat**2)):
            raise Mistake("Keras' L2 sums the squared weights; you took the mean.")
        if np.isclose(got, np.sum(flat**2)):
            raise Mistake(f"multiply the sum of squares by the strength ({strength:g} here).")
        if np.isclose(got, strength * np.sum(flat**2) / 2):
            raise Mistake("Keras' L2 has no factor 1/2: strength * sum(w**2).")
        if len(kernels) > 1 and np.isclose(got, strength * np.sum(kernels[0] ** 2)):
            raise Mistake("add the squares of *every* kernel in the list, not only the first.")
        expect_close(got, reference(kernels, strength), "your penalty", inputs=strength)


q1 = Exercise(
    "L2 penalty",
    _check_q1,
    hint="strength * (sum of w**2 over all weights of all kernels).",
    solution=l2_penalty,
    answer_is_function=True,
)


# q2 -- a model with L2 and dropout --------------------------------------------------------------------
def regularised_model() -> Any:
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(
                128, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-4)
            ),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _activation_name(layer: Any) -> str:
    return getattr(layer.activation, "__name__", str(layer.activation))


def _structure(model: Any) -> list[tuple[str, Any]]:
    """The model's layers as (kind, layer), with input layers dropped and activation layers
    folded into the Dense layer before them (Dense + ReLU is Dense with activation='relu')."""
    out: list[tuple[str, Any]] = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        activation = None
        if kind == "ReLU":
            activation = "relu"
        elif kind == "Softmax":
            activation = "softmax"
        elif kind == "Activation":
            activation = _activation_name(layer)
        if activation is not None:
            if out and out[-1][0] == "Dense" and out[-1][2] == "linear":
                out[-1] = ("Dense", out[-1][1], activation)
                continue
            out.append((kind, layer, activation))
            continue
        extra = _activation_name(layer) if kind == "Dense" else None
        out.append((kind, layer, extra))
    return out


def _check_q2(learner: Any, reference: Any) -> None:
    import keras

    model = call_learner(learner)
    if not isinstance(model, keras.Model):
        raise Mistake(
            f"regularised_model() should return a Keras model, not {type(model).__name__}."
        )
    parts = _structure(model)
    kinds = [kind for kind, *_ in parts]
    if kinds != ["Dense", "Dropout", "Dense"]:
        raise Mistake(f"expected layers Dense, Dropout, Dense; yours are {', '.join(kinds)}.")
    (_, hidden, hidden_act), (_, dropout, _), (_, output, output_act) = parts
    if hidden.units != 128 or output.units != 10:
        raise Mistake(
            f"the Dense layers should have 128 and 10 units; yours have {hidden.units} and {output.units}."
        )
    regulariser = hidden.kernel_regularizer
    if isinstance(regulariser, keras.regularizers.L1L2) and float(regulariser.l1) != 0:
        raise Mistake(
            f"your L1L2 regulariser also has an L1 part (l1={float(regulariser.l1):g}); the "
            "exercise asks for L2 only: keras.regularizers.L2(1e-4), or L1L2(l2=1e-4)."
        )
    if not isinstance(regulariser, (keras.regularizers.L2, keras.regularizers.L1L2)):
        found = "none" if regulariser is None else type(regulariser).__name__
        raise Mistake(
            f"the hidden layer needs kernel_regularizer=keras.regularizers.L2(1e-4); found {found}."
        )
    if not np.isclose(float(regulariser.l2), 1e-4):
        raise Mistake(f"the L2 strength should be 1e-4, yours is {float(regulariser.l2):g}.")
    if not np.isclose(float(dropout.rate), 0.5):
        raise Mistake(f"the dropout rate should be 0.5, yours is {float(dropout.rate):g}.")
    if hidden_act != "relu":
        raise Mistake(f"the hidden Dense layer should use ReLU; yours uses {hidden_act}.")
    if output_act != "softmax":
        raise Mistake(f"the output layer should use softmax; yours uses {output_act}.")
    try:  # works for Sequential with or without Input, and for functional models
        probabilities = np.asarray(model(np.zeros((2, 784), dtype="float32"), training=False))
    except Exception as exc:
        raise Mistake(
            f"your model does not accept a batch of 784-value inputs ({type(exc).__name__}: {exc})."
        ) from None
    if probabilities.shape != (2, 10):
        raise Mistake(
            f"for 2 inputs of 784 values the output should have shape (2, 10), not {probabilities.shape}."
        )


q2 = Exercise(
    "Add L2 and dropout to a model",
    _check_q2,
    hint="Dense(128, activation='relu', kernel_regularizer=keras.regularizers.L2(1e-4)), then Dropout(0.5), then Dense(10, activation='softmax').",
    solution=regularised_model,
    answer_is_function=True,
)


# q3 -- inverted dropout ------------------------------------------------------------------------------
def dropout_forward(x: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    keep = rng.random(np.shape(x)) >= rate  # each unit survives with probability 1 - rate
    return np.where(keep, np.asarray(x) / (1.0 - rate), 0.0)  # scale survivors: mean unchanged


def _check_q3(learner: Any, reference: Any) -> None:
    x = np.full((200, 100), 2.0)
    got = as_array(call_learner(learner, x.copy(), 0.25, np.random.default_rng(0)), "your output")
    if got.shape != x.shape:
        raise Mistake(f"dropout keeps the shape {x.shape}; yours returned {got.shape}.")
    dropped = np.mean(got == 0)
    if abs(dropped - 0.25) > 0.03:
        raise Mistake(
            f"with rate 0.25 about 25% of the units should be zeroed; you zeroed {dropped:.0%}."
        )
    survivors = got[got != 0]
    if np.allclose(survivors, 2.0):
        raise Mistake(
            "the surviving units must be scaled by 1 / (1 - rate); otherwise the mean shrinks during training."
        )
    if np.allclose(survivors, 2.0 * 0.75):
        raise Mistake(
            "you multiplied by (1 - rate); inverted dropout *divides* the survivors by 1 - rate."
        )
    expect_close(survivors, np.full(survivors.shape, 2.0 / 0.75), "the surviving values")
    # random values and another rate: each survivor is its own input divided by 1 - rate
    values = variant_rng(3).normal(size=(50, 40))
    got = as_array(
        call_learner(learner, values.copy(), 0.5, np.random.default_rng(1)), "your output"
    )
    if got.shape != values.shape:
        raise Mistake(f"dropout keeps the shape {values.shape}; yours returned {got.shape}.")
    kept = got != 0
    if abs(kept.mean() - 0.5) > 0.05:
        raise Mistake(f"with rate 0.5 about half should survive; {kept.mean():.0%} did.")
    expect_close(got[kept], values[kept] / 0.5, "each surviving value (input / (1 - rate))")


q3 = Exercise(
    "Inverted dropout",
    _check_q3,
    hint="Keep each unit with probability 1 - rate (rng.random(x.shape) >= rate), divide the kept ones by 1 - rate.",
    solution=dropout_forward,
    answer_is_function=True,
)


# q4 -- batch normalisation backward ---------------------------------------------------------------------
def batch_norm_backward(
    x: np.ndarray, gamma: np.ndarray, dy: np.ndarray, epsilon: float = 1e-3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, gamma, dy = (np.asarray(a, dtype=float) for a in (x, gamma, dy))
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)  # the batch statistics, per channel
    s = np.sqrt(var + epsilon)
    x_hat = (x - mean) / s
    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)
    # dx_hat = gamma * dy; mean and variance depend on every x of the channel, hence two sums
    dx = gamma / (n * s) * (n * dy - dy.sum(axis=0) - x_hat * (dy * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


def _tape_gradients(x: np.ndarray, gamma: np.ndarray, dy: np.ndarray) -> list[np.ndarray]:
    import tensorflow as tf

    xv, gv = tf.constant(x), tf.constant(gamma)
    bv = tf.constant(np.zeros_like(gamma))
    with tf.GradientTape() as tape:
        tape.watch([xv, gv, bv])
        mean = tf.reduce_mean(xv, axis=0)
        var = tf.reduce_mean((xv - mean) ** 2, axis=0)
        y = gv * (xv - mean) / tf.sqrt(var + 1e-3) + bv
        loss = tf.reduce_sum(y * tf.constant(dy))  # so that dL/dy = dy
    return [g.numpy() for g in tape.gradient(loss, [xv, gv, bv])]


def _check_q4(learner: Any, reference: Any) -> None:
    rng = variant_rng(4)
    for n, c in [(6, 3), (16, 2)]:
        x = rng.normal(1.0, 2.0, size=(n, c))
        gamma = rng.normal(1.0, 0.5, size=c)
        dy = rng.normal(size=(n, c))
        answer = call_learner(learner, x.copy(), gamma.copy(), dy.copy())
        if not isinstance(answer, (tuple, list)) or len(answer) != 3:
            raise Mistake("return three things: dx, dgamma, dbeta (in that order).")
        dx, dgamma, dbeta = (
            as_array(a, name) for a, name in zip(answer, ("dx", "dgamma", "dbeta"))
        )
        want_dx, want_dgamma, want_dbeta = _tape_gradients(x, gamma, dy)
        if dbeta.shape == (n, c) or dgamma.shape == (n, c):
            raise Mistake(
                "dgamma and dbeta have one number per channel: sum over the batch (axis 0)."
            )
        if dbeta.shape == want_dbeta.shape and np.allclose(dbeta, dy.mean(axis=0)):
            raise Mistake("dbeta is the *sum* of dy over the batch, not its mean.")
        expect_close(dbeta, want_dbeta, "dbeta", rtol=1e-4, atol=1e-6)
        if dgamma.shape == want_dgamma.shape and np.allclose(dgamma, (dy * x).sum(axis=0)):
            raise Mistake("dgamma multiplies dy by the *normalised* input x_hat, not by x.")
        expect_close(dgamma, want_dgamma, "dgamma", rtol=1e-4, atol=1e-6)
        s = np.sqrt(x.var(axis=0) + 1e-3)
        if dx.shape == want_dx.shape and np.allclose(dx, gamma * dy / s):
            raise Mistake(
                "your dx treats the batch mean and variance as constants; they are computed from "
                "x, so dx has two more terms (one through the mean, one through the variance)."
            )
        x_hat = (x - x.mean(axis=0)) / s
        if dx.shape == want_dx.shape and np.allclose(dx, gamma / s * (dy - dy.mean(axis=0))):
            raise Mistake("you kept the path through the mean but not through the variance.")
        if dx.shape == want_dx.shape and np.allclose(
            dx, gamma / s * (dy - x_hat * (dy * x_hat).mean(axis=0))
        ):
            raise Mistake("you kept the path through the variance but not through the mean.")
        expect_close(dx, want_dx, "dx", rtol=1e-4, atol=1e-6)


q4 = Exercise(
    "Batch normalisation, backward pass",
    _check_q4,
    hint=(
        "dbeta = sum(dy), dgamma = sum(dy * x_hat) over axis 0. For dx, go backwards through "
        "the graph: dx_hat = gamma * dy; the variance collects dvar = sum(dx_hat * (x - mean)) "
        "* (-1/2) * s**-3; the mean collects dmean = -sum(dx_hat) / s (its path through the "
        "variance sums to zero); then dx = dx_hat / s + dvar * 2 (x - mean) / N + dmean / N."
    ),
    solution=batch_norm_backward,
    answer_is_function=True,
)


# q5 -- early stopping from a validation curve --------------------------------------------------------------
def early_stopping_epochs(val_losses: Any, patience: int) -> tuple[int, int]:
    losses = [float(v) for v in val_losses]
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:  # a strict improvement resets the counter
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch  # stop after this epoch, restore the best one
    return len(losses), best_epoch


def _ties_count(losses: list[float], patience: int) -> tuple[int, int]:
    """The typical mistake: a loss equal to the best counts as an improvement."""
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss <= best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(losses), best_epoch


_Q5_CASES = [
    ([0.50, 0.42, 0.40, 0.41, 0.43, 0.39, 0.44, 0.45, 0.46], 3),  # section 5: (9, 6)
    ([0.9, 0.8, 0.7, 0.6, 0.5], 2),  # never stops
    ([0.5, 0.4, 0.4, 0.4, 0.3], 2),  # equal is not better: stops after epoch 4
    ([0.3, 0.5, 0.2, 0.6, 0.7, 0.1], 1),
]


def _check_q5(learner: Any, reference: Any) -> None:
    rng = variant_rng(5)
    random_curve = list(np.round(1 / np.arange(1, 16) + rng.normal(0, 0.05, 15) + 0.3, 3))
    for losses, patience in [*_Q5_CASES, (random_curve, 3)]:
        answer = call_learner(learner, list(losses), patience)
        if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 2:
            raise Mistake("return two whole numbers: (stop_epoch, best_epoch).")
        got = tuple(_number(a, "each epoch") for a in answer)
        want = reference(losses, patience)
        shown = f"for losses {list(losses)} and patience {patience}"
        if got == want:
            continue
        if got == _ties_count(losses, patience):
            raise Mistake(
                f"{shown} you counted a loss equal to the best as an improvement; Keras needs a "
                "strictly lower loss to reset its patience."
            )
        if got == (want[0] - 1, want[1] - 1):
            raise Mistake(
                f"{shown} you counted epochs from 0; count them from 1, as Keras prints them."
            )
        if got[1] == int(np.argmin(losses)) + 1 and got[1] > want[0]:
            raise Mistake(
                f"{shown} your best epoch {got[1]:g} lies after the stop: training never saw it. "
                "Look only at the epochs up to the stop."
            )
        if got[0] in (want[0] - 1, want[0] + 1) and want[0] < len(losses):
            raise Mistake(
                f"{shown} you stop after epoch {got[0]:g}, Keras after {want[0]}: it stops once "
                "`patience` epochs in a row brought no improvement."
            )
        raise Mistake(f"{shown} the answer is {want}, yours is {got}.")


q5 = Exercise(
    "Early stopping from a validation curve",
    _check_q5,
    hint=(
        "Walk through the losses keeping the best value, its epoch and a counter of epochs "
        "without strict improvement; stop when the counter reaches patience."
    ),
    solution=early_stopping_epochs,
    answer_is_function=True,
)


# q6 -- predict: a fresh BatchNormalization in inference mode ------------------------------------------------------
def fresh_batch_norm_inference() -> list[float]:
    x = np.array([2.0, 4.0, 6.0])
    moving_mean, moving_var, epsilon = 0.0, 1.0, 1e-3  # a layer that was never trained
    return list((x - moving_mean) / np.sqrt(moving_var + epsilon))  # gamma 1, beta 0


def _check_q6(answer: Any, expected: Any) -> str:
    got = as_array(answer, "your prediction").ravel()
    if got.size != 3:
        raise Mistake(f"give three numbers, one per example; yours has {got.size}.")
    x = np.array([2.0, 4.0, 6.0])
    if np.allclose(got, (x - 4) / x.std(), atol=0.01) or np.allclose(
        got, (x - 4) / x.std(ddof=1), atol=0.01
    ):
        raise Mistake(
            "that is what training mode gives (the batch's own mean and variance). In inference the "
            "layer uses its moving averages, which a fresh layer starts at mean 0 and variance 1."
        )
    if np.allclose(got, 0.0, atol=0.01):
        raise Mistake("the output is not zero: the moving mean is 0, so nothing is subtracted.")
    expect_close(got, expected, "your prediction", atol=0.005)
    return (
        "An untrained layer in inference mode barely changes its input (x / sqrt(1 + 0.001)); "
        "only the moving averages, updated in training, make it normalise."
    )


q6 = Exercise(
    "Predict: a fresh BatchNormalization in inference",
    _check_q6,
    hint="Inference uses moving_mean and moving_variance, not the batch's statistics. What are they before any training?",
    solution=fresh_batch_norm_inference,
)


# q7 -- an L2-strength sweep, measured ---------------------------------------------------------------------
_SECTION_2 = (1e-4, 1e-3, 1e-2)  # the strengths section 2 already ran (its list `strengths`)


def l2_sweep() -> dict[float, float]:
    # In the notebook, train the strengths section 2 did not (a few seconds each):
    #     sweep = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]  # a new list: `strengths` has only 3
    #     for s in sweep:
    #         if f"L2 {s:.0e}" not in results:  # section 2 ran 1e-4, 1e-3 and 1e-2
    #             run(f"L2 {s:.0e}", regularizer=keras.regularizers.L2(s))
    #     q7_sweep = {s: results[f"L2 {s:.0e}"]["val acc"] for s in sweep}
    # The numbers below are one such run's, for reading only: in the notebook the checker
    # accepts only the accuracies of your own runs, which it finds in `results`.
    return {1e-4: 0.8695, 3e-4: 0.8725, 1e-3: 0.8665, 3e-3: 0.887, 1e-2: 0.8695}


def _notebook_namespace() -> dict[str, Any] | None:
    """The notebook's variables (the kernel's user namespace), or None outside a notebook."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except Exception:
        shell = None
    if shell is not None:
        return shell.user_ns
    import sys

    main = sys.modules.get("__main__")
    return vars(main) if main is not None else None


def _l2_strength(model: Any) -> float | None:
    """The L2 strength of the model's first regularised kernel (L2, or L1L2 without L1)."""
    for layer in getattr(model, "layers", []):
        regulariser = getattr(layer, "kernel_regularizer", None)
        if regulariser is None:
            continue
        l1, l2 = getattr(regulariser, "l1", 0.0), getattr(regulariser, "l2", None)
        if l2 is None or float(l1) != 0:
            return None
        return float(l2)
    return None


def _recorded_runs(namespace: dict[str, Any]) -> list[tuple[str, float | None, dict]] | None:
    """Each run the notebook's ``run`` helper recorded: (name, its L2 strength, its scores)."""
    results, models = namespace.get("results"), namespace.get("models")
    if not isinstance(results, dict):
        return None
    runs = []
    for name, scores in results.items():
        if not isinstance(scores, dict) or "val acc" not in scores:
            continue
        model = models.get(name) if isinstance(models, dict) else None
        runs.append((str(name), None if model is None else _l2_strength(model), scores))
    return runs


def _matching_run(strength: float, runs: list[tuple[str, float | None, dict]]) -> list[dict]:
    by_model = [sc for _, l2, sc in runs if l2 is not None and np.isclose(l2, strength, rtol=1e-4)]
    by_name = [sc for name, l2, sc in runs if l2 is None and name == f"L2 {strength:.0e}"]
    return by_model + by_name


def _check_q7(answer: Any, expected: Any) -> str:
    if isinstance(answer, dict):
        pairs = list(answer.items())
    else:
        try:
            pairs = [tuple(p) for p in answer]
        except TypeError:
            raise Mistake(
                "give a dictionary {strength: validation accuracy}, e.g. {1e-4: 0.91, ...}."
            ) from None
        if any(len(p) != 2 for p in pairs):
            raise Mistake("give a dictionary {strength: validation accuracy}.")
    if any(isinstance(s, str) for s, _ in pairs):
        raise Mistake("use the strength itself as the key (3e-4), not the run's name ('L2 3e-04').")
    if any(isinstance(a, dict) for _, a in pairs):
        raise Mistake(
            "each value should be one number, the validation accuracy: results[name]['val acc'], "
            "not the whole results[name]."
        )
    strengths = np.array([_number(s, "each strength") for s, _ in pairs])
    accuracies = np.array([_number(a, "each validation accuracy") for _, a in pairs])
    if np.all((strengths > 0.3) & (strengths <= 1)) and np.all(accuracies < 0.1):
        raise Mistake(
            "your keys look like accuracies and your values like strengths: write "
            "{strength: validation accuracy}."
        )
    if len(np.unique(strengths)) < 4:
        section_2 = len(strengths) == 3 and np.allclose(np.sort(strengths), _SECTION_2)
        raise Mistake(
            "those are section 2's three strengths (its list `strengths`); make a new list "
            "with values between them, e.g. 3e-4 and 3e-3."
            if section_2
            else f"sweep at least four different strengths; you have {len(np.unique(strengths))}."
        )
    if np.any(strengths <= 0):
        raise Mistake("L2 strengths are positive numbers, e.g. 1e-4.")
    if strengths.max() / strengths.min() < 100:
        raise Mistake(
            "span at least a factor of 100 (e.g. 1e-4 to 1e-2): strengths are searched on a log scale."
        )
    between = (strengths > 1e-4 * 1.01) & (strengths < 1e-2 / 1.01)
    between &= ~np.isclose(strengths, 1e-3, rtol=0.01)
    if not np.any(between):
        raise Mistake(
            "include at least one strength *between* section 2's 1e-4, 1e-3 and 1e-2 "
            "(e.g. 3e-4 or 3e-3): a finer sweep is the point of the exercise."
        )
    if np.any(accuracies > 1) and np.all(accuracies <= 100):
        raise Mistake("give accuracies as fractions (0.91), not percentages (91).")
    if np.any((accuracies < 0) | (accuracies > 1)):
        raise Mistake("validation accuracies lie between 0 and 1.")
    if np.any(accuracies < 0.5):
        raise Mistake(
            "an accuracy below 0.5 is far below what these runs give (about 0.9); did you record the "
            "loss, or a strength far too large?"
        )
    if np.ptp(accuracies) == 0:
        raise Mistake(
            "all your accuracies are identical: did each run really use its own strength?"
        )
    namespace = _notebook_namespace() or {}
    runs = _recorded_runs(namespace)
    if runs is not None:  # in the notebook: every number must be a run's measurement
        found_runs = [_matching_run(float(strength), runs) for strength in strengths]
        for strength, found in zip(strengths, found_runs):
            if not found:
                raise Mistake(
                    f"no run with L2 strength {strength:g} is recorded in `results`: train it "
                    f'first, run("L2 {strength:.0e}", regularizer=keras.regularizers.L2({strength:g})). '
                    "The checker accepts only accuracies measured in this notebook."
                )
        for strength, accuracy, found in zip(strengths, accuracies, found_runs):
            measured = [float(sc["val acc"]) for sc in found]
            if any(abs(accuracy - m) <= 5e-4 + 1e-9 for m in measured):
                continue  # the run's number, perhaps rounded to 3 decimals as `run` prints it
            if any(abs(accuracy - float(sc.get("train acc", -9))) <= 5e-4 for sc in found):
                raise Mistake(
                    f"for strength {strength:g} you give the *training* accuracy; the sweep "
                    "compares validation accuracies, results[name]['val acc']."
                )
            raise Mistake(
                f"for strength {strength:g} you give {accuracy:.4f}, but the run recorded in "
                f"`results` measured a validation accuracy of {measured[-1]:.4f}. Give the "
                "measured numbers, e.g. {s: results[f'L2 {s:.0e}']['val acc'] for s in sweep}."
            )
    best = int(np.argmax(accuracies))
    message = (
        f"your best strength is {strengths[best]:g} (validation accuracy {accuracies[best]:.4f}); "
        f"the spread over your sweep is {np.ptp(accuracies):.4f}."
    )
    seeds = namespace.get("seed_val")
    try:
        seeds = np.asarray(seeds, dtype=float).ravel() if seeds is not None else None
    except (TypeError, ValueError):
        seeds = None
    if seeds is not None and seeds.size >= 2:
        gain = accuracies[best] - seeds.mean()
        verdict = (
            "above every baseline seed"
            if accuracies[best] > seeds.max()
            else "within the baseline's seed spread"
        )
        message += (
            f" Against the baseline's seeds (mean {seeds.mean():.4f}, spread {np.ptp(seeds):.4f}) "
            f"it gains {gain:+.4f}: {verdict}, and it was picked as the best of "
            f"{len(strengths)} runs on these same images, so expect less on new data."
        )
    elif runs is None:
        message += (
            " (Outside notebook 10 there is no `results` to compare with, so the numbers "
            "themselves were not verified.)"
        )
    else:
        message += " Compare it with the seed spread of section 1."
    return message


q7 = Exercise(
    "An L2-strength sweep",
    _check_q7,
    hint=(
        "Make a new list, sweep = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]; train each strength that is not "
        "yet in `results` with run(f'L2 {s:.0e}', regularizer=keras.regularizers.L2(s)); then "
        "{s: results[f'L2 {s:.0e}']['val acc'] for s in sweep}."
    ),
    solution=l2_sweep,
)
