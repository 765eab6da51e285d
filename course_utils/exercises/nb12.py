"""Exercises for notebook 12 · Autoencoders and GANs.

Example:
    >>> from course_utils.exercises import nb12 as ex
    >>> ex.q2.evaluate(lambda n, k, s, p: n * s + max(k - s, 0) if p == "valid" else n * s).passed
    True
    >>> ex.q7.evaluate(ex.vae_sample_and_kl).passed
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


# q1 -- a transposed convolution by hand ------------------------------------------------------------
def conv_transpose_2d(x: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    n_h, n_w = x.shape
    k_h, k_w = kernel.shape
    out_h = n_h * stride + max(k_h - stride, 0)  # Keras' size for padding="valid"
    out_w = n_w * stride + max(k_w - stride, 0)
    out = np.zeros((out_h, out_w))
    for i in range(n_h):
        for j in range(n_w):  # each input pixel stamps a scaled copy of the kernel
            out[i * stride : i * stride + k_h, j * stride : j * stride + k_w] += x[i, j] * kernel
    return out


def _check_q1(learner: Any, reference: Any) -> None:
    rng = np.random.default_rng(1)
    cases = [
        (rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), 2),
        (rng.normal(size=(2, 4)), rng.normal(size=(2, 3)), 1),
        (rng.normal(size=(3, 2)), rng.normal(size=(2, 2)), 3),  # kernel smaller than stride
    ]
    for x, kernel, stride in cases:
        got = as_array(
            call_learner(learner, x.copy(), kernel.copy(), stride), "your transposed convolution"
        )
        want = reference(x, kernel, stride)
        if got.shape != want.shape:
            n_h, n_w = x.shape
            k_h, k_w = kernel.shape
            short = ((n_h - 1) * stride + k_h, (n_w - 1) * stride + k_w)
            if got.shape == short and stride > min(kernel.shape):
                raise Mistake(
                    f"with a {k_h}x{k_w} kernel and stride {stride} the kernel is smaller than the "
                    f"stride: Keras keeps n * s + max(k - s, 0) rows and columns, {want.shape}, "
                    f"so the last block ends in zeros; yours has shape {got.shape}."
                )
            raise Mistake(
                f"for a {x.shape} input, a {kernel.shape} kernel and stride {stride} the output "
                f"should have shape {want.shape}; yours has shape {got.shape}."
            )
        if np.allclose(got, reference(x, kernel[::-1, ::-1], stride)) and not np.allclose(
            got, want
        ):
            raise Mistake(
                "you flipped the kernel; a transposed convolution stamps it as it is: "
                "out[i*s + a, j*s + b] += x[i, j] * kernel[a, b]."
            )
        expect_close(got, want, f"your output (stride {stride})", atol=1e-8)


q1 = Exercise(
    "Transposed convolution by hand",
    _check_q1,
    hint="Start from zeros of shape (n*s + max(k - s, 0)) per side; for every input pixel (i, j) "
    "add x[i, j] * kernel into the window that starts at row i*s, column j*s.",
    solution=conv_transpose_2d,
    answer_is_function=True,
)


# q2 -- output size of a transposed convolution -----------------------------------------------------
def transposed_conv_output_size(n: int, kernel: int, stride: int, padding: str) -> int:
    if padding == "same":
        return n * stride  # each input position owns `stride` output positions
    return n * stride + max(kernel - stride, 0)  # "valid": the last stamp may overhang


def _check_q2(learner: Any, reference: Any) -> None:
    for args in [
        (7, 3, 2, "same"),
        (14, 3, 2, "same"),
        (7, 3, 2, "valid"),
        (5, 4, 1, "valid"),
        (3, 5, 3, "valid"),
        (4, 2, 3, "valid"),  # kernel smaller than the stride
        (6, 1, 2, "valid"),
    ]:
        n, k, s, padding = args
        got = as_number(
            call_learner(learner, *args),
            f"the output size (a whole number) for n={n}, kernel={k}, stride={s}, padding={padding!r}",
        )
        if padding == "valid" and got == (n - k) // s + 1 and got != reference(*args):
            raise Mistake(
                "that is the ordinary convolution's formula; a transposed convolution "
                "enlarges: n * s + max(k - s, 0)."
            )
        if padding == "valid" and k < s and got == (n - 1) * s + k:
            raise Mistake(
                f"(n - 1) * s + k is right only when the kernel is at least the stride; for "
                f"n={n}, kernel={k}, stride={s} Keras keeps the whole last block of {s} "
                f"positions: n * s + max(k - s, 0) = {reference(*args)}."
            )
        expect_equal(
            got,
            reference(*args),
            f"the output size for n={n}, kernel={k}, stride={s}, padding={padding!r}",
        )


q2 = Exercise(
    "Transposed convolution output size",
    _check_q2,
    hint="'same': n * stride. 'valid': n * stride + max(kernel - stride, 0), which is "
    "(n - 1) * stride + kernel whenever kernel >= stride.",
    solution=transposed_conv_output_size,
    answer_is_function=True,
)


# q3 -- predict, then check: a stride-3 transposed convolution with a 2-tap kernel ------------------
def predicted_output() -> list[float]:
    x, kernel, stride = [1.0, 2.0, 3.0], [1.0, -1.0], 3
    out = [0.0] * (len(x) * stride + max(len(kernel) - stride, 0))  # 9 positions
    for i, value in enumerate(x):
        for a, weight in enumerate(kernel):
            out[i * stride + a] += value * weight  # stamps never overlap: kernel < stride
    return out


def _check_q3(answer: Any, expected: list[float]) -> str:
    got = as_array(answer, "your prediction").ravel()
    want = np.asarray(expected)
    if got.shape == (8,) and np.allclose(got, want[:8]):
        raise Mistake(
            "right values, but Keras keeps n * s + max(k - s, 0) = 9 positions: the last block "
            "of 3 ends with a zero too."
        )
    if got.shape == want.shape and np.allclose(got, [-1, 1, 0, -2, 2, 0, -3, 3, 0]):
        raise Mistake("the kernel is stamped as it is, not flipped: x[i] * [1, -1].")
    if got.shape == (4,):
        raise Mistake(
            "with stride 3 each input value moves 3 places along; the stamps do not overlap."
        )
    expect_close(got, want, "your predicted output")
    return "right: with a kernel shorter than the stride, the stamps leave zeros between them."


q3 = Exercise(
    "Predict a stride-3 transposed convolution",
    _check_q3,
    hint="Each x[i] writes x[i] * [1, -1] at positions 3i and 3i + 1; position 3i + 2 stays 0. "
    "Count the length with n * s + max(k - s, 0).",
    solution=predicted_output,
)


# q4 -- design an autoencoder with a real bottleneck -------------------------------------------------
def build_autoencoder(code_size: int) -> Any:
    import keras

    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(code_size, name="code"),  # the bottleneck: code_size numbers
            layers.Dense(128, activation="relu"),
            layers.Dense(784, activation="sigmoid"),  # pixels in [0, 1]
            layers.Reshape((28, 28)),
        ]
    )


def _layer_sizes(model: Any) -> list[tuple[str, int]]:
    sizes = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        shape = getattr(layer, "output", None)
        shape = getattr(shape, "shape", None)
        if shape is None:
            continue
        sizes.append((layer.name, int(np.prod([d for d in shape[1:] if d is not None]))))
    return sizes


def _check_q4(learner: Any, reference: Any) -> str:
    for code_size in (16, 3):
        model = call_learner(learner, code_size)
        if not hasattr(model, "layers") or not hasattr(model, "predict"):
            raise Mistake("return a Keras model (keras.Sequential or keras.Model).")
        base = np.random.default_rng(0).random((4, 28, 28)).astype("float32")
        try:
            declared = tuple(model.input_shape[1:])
        except Exception:  # a model built without an Input: try the usual shapes
            declared = None
        shapes = [(28, 28), (28, 28, 1), (784,)]
        if declared in shapes:
            shapes.remove(declared)
            shapes.insert(0, declared)
        output, failure = None, None
        for shape in shapes:
            images = base.reshape((4, *shape))
            try:
                output = np.asarray(model(images))
                break
            except Exception as exc:
                failure = exc
        if output is None:
            raise Mistake(
                "your model should take a batch of 28x28 images (shape (28, 28), (28, 28, 1) "
                f"or (784,)); calling it failed: {failure}"
            )
        if output.shape != images.shape:
            raise Mistake(
                f"an autoencoder's output has the input's shape {images.shape[1:]}; "
                f"yours gives {output.shape[1:]}."
            )
        sizes = _layer_sizes(model)
        if not sizes:
            raise Mistake("build the model (start it with keras.Input) so its layers have shapes.")
        name, narrowest = min(sizes, key=lambda pair: pair[1])
        if narrowest > code_size:
            raise Mistake(
                f"for code_size={code_size} the narrowest layer ({name!r}) still holds "
                f"{narrowest} numbers; a real bottleneck squeezes each image into {code_size}."
            )
        if narrowest < code_size:
            raise Mistake(
                f"for code_size={code_size} layer {name!r} holds only {narrowest} numbers: "
                "make the code exactly code_size wide."
            )
        if output.min() < 0 or output.max() > 1:
            raise Mistake(
                "the pixels are in [0, 1]; end the decoder with a sigmoid so reconstructions are too."
            )
        rank = _jacobian_rank(model, base[0].reshape(images.shape[1:]), code_size)
        if rank is not None and rank > code_size:
            raise Mistake(
                f"for code_size={code_size} the output still changes in at least {rank} independent "
                f"directions when the input image changes, more than the {code_size} numbers "
                "of the code: information bypasses the bottleneck (a skip connection, a "
                "Concatenate of the input with the code, or a wider parallel branch). Every "
                "path from the image to the reconstruction must pass through the code layer."
            )
    return "right: the narrowest layer holds code_size numbers, far fewer than 784 pixels."


def _jacobian_rank(model: Any, image: np.ndarray, code_size: int) -> int | None:
    """The rank of d(output)/d(input) at ``image``, seen through a few random output directions.

    Whatever passes through a ``code_size``-number code has a Jacobian of rank at most
    ``code_size`` (chain rule: decoder Jacobian times encoder Jacobian); a bypass raises it.
    Returns None where the gradient cannot be taken (not a TensorFlow-backed model).
    """
    try:
        import tensorflow as tf

        m = code_size + 6  # more probes than a real bottleneck can fill
        inputs = tf.constant(np.repeat(image[None], m, axis=0).astype("float32"))
        probes = tf.constant(
            np.random.default_rng(5).normal(size=(m, image.size)).astype("float32")
        )
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            out = tf.reshape(tf.cast(model(inputs, training=False), tf.float32), (m, -1))
            total = tf.reduce_sum(out * probes[:, : out.shape[1]])
        rows = np.asarray(tape.gradient(total, inputs)).reshape(m, -1)  # row j: probe_j^T J
        singular = np.linalg.svd(rows, compute_uv=False)
    except Exception:
        return None
    if not np.all(np.isfinite(singular)) or singular[0] == 0:
        return None
    return int(np.sum(singular > 1e-3 * singular[0]))


q4 = Exercise(
    "An autoencoder with a real bottleneck",
    _check_q4,
    hint="Flatten, a Dense layer or two down to Dense(code_size), then back up to 784 numbers "
    "with a sigmoid, reshaped to the input's shape.",
    solution=build_autoencoder,
    answer_is_function=True,
)


# q5 -- PCA reconstruction by hand -------------------------------------------------------------------
def pca_reconstruct(x_train: np.ndarray, x: np.ndarray, k: int) -> np.ndarray:
    mean = x_train.mean(axis=0)  # statistics from the training rows only
    _, _, vt = np.linalg.svd(x_train - mean, full_matrices=False)
    components = vt[:k]  # (k, features): the top-k principal directions
    codes = (x - mean) @ components.T  # (rows, k): the k-number code of each row
    return codes @ components + mean  # back to the feature space


def _check_q5(learner: Any, reference: Any) -> None:
    rng = np.random.default_rng(3)
    x_train = rng.normal(size=(40, 6)) @ rng.normal(size=(6, 6)) + 5.0
    x = rng.normal(size=(7, 6)) @ rng.normal(size=(6, 6)) + 5.0
    for k in (2, 4):
        got = as_array(call_learner(learner, x_train.copy(), x.copy(), k), "your reconstruction")
        want = reference(x_train, x, k)
        if got.shape != want.shape:
            raise Mistake(
                f"return one reconstructed row per row of x, shape {want.shape}; yours is {got.shape}."
            )
        _, _, vt = np.linalg.svd(x_train, full_matrices=False)
        uncentred = (x @ vt[:k].T) @ vt[:k]
        if np.allclose(got, uncentred, atol=1e-6):
            raise Mistake("subtract the training mean before projecting, and add it back after.")
        mean_x = x.mean(axis=0)
        _, _, vt_c = np.linalg.svd(x_train - x_train.mean(axis=0), full_matrices=False)
        leaked = ((x - mean_x) @ vt_c[:k].T) @ vt_c[:k] + mean_x
        if np.allclose(got, leaked, atol=1e-6):
            raise Mistake("use the training mean, not the mean of the rows you reconstruct.")
        values, vectors = np.linalg.eigh(np.cov((x_train - x_train.mean(axis=0)).T))
        smallest = vectors[:, :k]  # eigh sorts eigenvalues in ascending order
        mean = x_train.mean(axis=0)
        if np.allclose(got, (x - mean) @ smallest @ smallest.T + mean, atol=1e-6):
            raise Mistake(
                "np.linalg.eigh returns the eigenvalues in ascending order, so its first k "
                "columns are the directions of *least* variance; take the last k "
                "(vectors[:, ::-1][:, :k]) or sort by the eigenvalues."
            )
        uncentred_directions = ((x - mean) @ vt[:k].T) @ vt[:k] + mean
        if np.allclose(got, uncentred_directions, atol=1e-6):
            raise Mistake(
                "you centred x but took the directions from the SVD of the uncentred training "
                "data; subtract the training mean before the SVD too."
            )
        expect_close(got, want, f"your reconstruction with k={k}", rtol=1e-4, atol=1e-6)


q5 = Exercise(
    "PCA reconstruction by hand",
    _check_q5,
    hint="mean = x_train.mean(0); the rows of Vt from np.linalg.svd(x_train - mean) are the "
    "directions; code = (x - mean) @ Vt[:k].T; reconstruction = code @ Vt[:k] + mean.",
    solution=pca_reconstruct,
    answer_is_function=True,
)


# q6 -- the GAN losses from logits --------------------------------------------------------------------
def gan_losses(real_logits: np.ndarray, fake_logits: np.ndarray) -> tuple[float, float]:
    def bce_with_logits(label: float, logits: np.ndarray) -> float:
        # -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))], written stably
        return float(
            np.mean(np.maximum(logits, 0) - logits * label + np.log1p(np.exp(-np.abs(logits))))
        )

    d_loss = bce_with_logits(1.0, real_logits) + bce_with_logits(0.0, fake_logits)
    g_loss = bce_with_logits(1.0, fake_logits)  # non-saturating: call the fakes real
    return d_loss, g_loss


def _check_q6(learner: Any, reference: Any) -> None:
    real = np.array([2.0, 0.5, -1.0, 3.0])
    fake = np.array([-2.0, 0.3, -0.5, 1.0])
    got = call_learner(learner, real.copy(), fake.copy())
    if isinstance(got, (tuple, list)) and len(got) == 2:  # each loss may be a tensor
        got = [as_number(v, "each loss") for v in got]
    pair = as_array(got, "your (discriminator loss, generator loss)")
    if pair.shape != (2,):
        raise Mistake("return two numbers: (discriminator loss, generator loss).")
    d_got, g_got = float(pair[0]), float(pair[1])
    d_want, g_want = reference(real, fake)
    sig = 1 / (1 + np.exp(-fake))
    if np.isclose(g_got, float(np.mean(np.log(1 - sig)))):
        raise Mistake(
            "your generator loss is the saturating minimax one, mean log(1 - D(G(z))); "
            "use the non-saturating loss -mean log D(G(z)), i.e. BCE with label 1 on the fakes."
        )
    d_swapped, _ = reference(-real, -fake)
    if np.isclose(d_got, d_swapped):
        raise Mistake("the labels are swapped: real images get label 1, generated ones label 0.")
    if np.isclose(d_got, d_want / 2, rtol=1e-5):
        raise Mistake(
            "your discriminator loss is half the sum: (real + fake) / 2 is a common convention, "
            "but section 4's L_D adds the two cross-entropies, BCE(1, real) + BCE(0, fake)."
        )
    if np.isclose(g_got, float(-np.mean(np.log(1 - sig))), rtol=1e-5):
        raise Mistake(
            "your generator loss is BCE with label 0 on the fakes, the discriminator's target "
            "(the minimax loss with its sign flipped); the generator wants its fakes called "
            "real: BCE with label 1, -mean log D(G(z))."
        )
    expect_close(d_got, d_want, "your discriminator loss", rtol=1e-5)
    expect_close(g_got, g_want, "your generator loss", rtol=1e-5)


q6 = Exercise(
    "The GAN losses from logits",
    _check_q6,
    hint="BCE(y, z) = mean(log(1 + exp(z)) - y z). Discriminator: BCE(1, real) + BCE(0, fake). "
    "Generator: BCE(1, fake).",
    solution=gan_losses,
    answer_is_function=True,
)


# q7 -- a VAE's reparameterised sample and its KL term, derived in closed form ----------------------
def vae_sample_and_kl(
    mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    sigma = np.exp(0.5 * log_var)  # log_var is log(sigma^2): halve it for the standard deviation
    z = mu + sigma * eps  # the reparameterisation trick: the randomness is all in eps
    # KL(N(mu, sigma^2) || N(0, 1)) = E_q[log q(z) - log p(z)]
    #   = E_q[-log sigma - (z - mu)^2 / (2 sigma^2) + z^2 / 2]   (the log(2 pi) terms cancel)
    #   = -log sigma - 1/2 + (mu^2 + sigma^2) / 2                (E(z-mu)^2 = s^2, Ez^2 = mu^2+s^2)
    kl_per_number = 0.5 * (mu**2 + np.exp(log_var) - 1.0 - log_var)
    return z, kl_per_number.sum(axis=1)  # independent code numbers: their KLs add


def _q7_parts(answer: Any, batch: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Mistake("return a pair (z, kl): the samples, then one KL value per row.")
    z = as_array(answer[0], "your z")
    kl = as_array(answer[1], "your kl")
    if z.shape != (batch, d):
        raise Mistake(
            f"z has one number per code number and row, shape {(batch, d)}; yours is {z.shape}."
        )
    if kl.size == 1 and batch > 1:
        raise Mistake(
            "return one KL value per row (an array of length batch), not one number for the "
            "whole batch; the loss averages them later."
        )
    if kl.shape == (batch, d):
        raise Mistake(
            "sum the KL over the code numbers (axis 1): the d numbers are independent, so "
            "their KL divergences add; return one value per row."
        )
    if kl.size != batch:
        raise Mistake(
            f"kl should hold one value per row, {batch} values; yours has shape {kl.shape}."
        )
    return z, kl.reshape(batch)


def _check_q7(learner: Any, reference: Any) -> str:
    rng = variant_rng(7)
    batch, d = 5, 3
    mu = rng.normal(size=(batch, d))
    log_var = rng.normal(scale=0.8, size=(batch, d))
    eps = rng.normal(size=(batch, d))
    z, kl = _q7_parts(call_learner(learner, mu.copy(), log_var.copy(), eps.copy()), batch, d)
    z_want, kl_want = reference(mu, log_var, eps)
    sigma2 = np.exp(log_var)
    if not np.allclose(z, z_want, rtol=1e-5, atol=1e-6):
        if np.allclose(z, mu + sigma2 * eps, rtol=1e-5, atol=1e-6):
            raise Mistake(
                "exp(log_var) is the variance sigma^2; the sample needs the standard deviation, "
                "sigma = exp(log_var / 2)."
            )
        if np.allclose(z, mu + log_var * eps, rtol=1e-5, atol=1e-6):
            raise Mistake("log_var is a logarithm of the variance: use sigma = exp(log_var / 2).")
        if np.allclose(z, mu, rtol=1e-5, atol=1e-6) or np.allclose(z, eps, rtol=1e-5, atol=1e-6):
            raise Mistake("the sample needs all three: z = mu + sigma * eps.")
        expect_close(z, z_want, "your z", rtol=1e-5, atol=1e-6)
    terms = {
        "half": 0.5 * (mu**2 + sigma2 - 1 - log_var),
        "no_half": mu**2 + sigma2 - 1 - log_var,
        "flipped": -0.5 * (mu**2 + sigma2 - 1 - log_var),
        "no_mu": 0.5 * (sigma2 - 1 - log_var),
        "no_one": 0.5 * (mu**2 + sigma2 - log_var),
        "sigma_for_var": 0.5 * (mu**2 + np.exp(0.5 * log_var) - 1 - 0.5 * log_var),
    }
    if np.allclose(kl, terms["half"].mean(axis=1), rtol=1e-5):
        raise Mistake(
            "you averaged over the code numbers; the KL of independent numbers is the sum "
            "over axis 1."
        )
    messages = {
        "no_half": "your KL is twice the right value: the closed form has a factor 1/2.",
        "flipped": "a KL divergence is never negative; check the sign of each term.",
        "no_mu": "your KL ignores mu: moving the mean away from 0 must cost (the mu^2 / 2 term).",
        "no_one": "with mu = 0 and sigma = 1 the two distributions are equal, so the KL must be "
        "0: you dropped the -1 (from E[(z - mu)^2] / sigma^2 = 1).",
        "sigma_for_var": "you used sigma where the formula has sigma^2 = exp(log_var).",
    }
    for name, message in messages.items():
        if np.allclose(kl, terms[name].sum(axis=1), rtol=1e-5) and not np.allclose(
            kl, kl_want, rtol=1e-5
        ):
            raise Mistake(message)
    expect_close(kl, kl_want, "your KL values", rtol=1e-5, atol=1e-8)
    return (
        "right: with the randomness moved into eps, the gradient reaches mu and log_var, and the "
        "KL term pulls every code towards N(0, 1)."
    )


q7 = Exercise(
    "A VAE's reparameterised sample and KL term",
    _check_q7,
    hint="sigma = exp(log_var / 2) and z = mu + sigma * eps. For the KL, write log q(z) and "
    "log p(z) of two normal densities, take the expectation under q using E[(z - mu)^2] = "
    "sigma^2 and E[z^2] = mu^2 + sigma^2, then sum over the code numbers (axis 1).",
    solution=vae_sample_and_kl,
    answer_is_function=True,
)
