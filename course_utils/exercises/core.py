"""The exercise mechanism: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``.

An exercise holds a checker, a hint and a reference solution. The solution is real
code: ``solution()`` prints its source and the tests run that same code through the
checker, so what the learner is shown is exactly what is tested.

Answers come in two kinds. A *value* exercise is checked against what the solution
function returns; a *function* exercise receives the learner's function and calls it
against the reference on test inputs. An answer left as ``...`` (or ``None``), or a
function that still raises ``NotImplementedError``, is "not attempted yet": nothing
is raised, so the notebooks run top to bottom as shipped.

Example:
    >>> def solution():
    ...     return 48_000 // 32
    >>> def checker(answer, expected):
    ...     expect_equal(answer, expected, "the number of steps")
    >>> q1 = Exercise("Steps per epoch", checker, hint="Divide.", solution=solution)
    >>> q1.evaluate(...).status
    'not attempted'
    >>> q1.evaluate(1500).passed
    True
    >>> print(q1.evaluate(1000))
    Not quite: the number of steps should be 1500, but your answer is 1000.
"""

from __future__ import annotations

import inspect
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

CORRECT, INCORRECT, NOT_ATTEMPTED = "correct", "incorrect", "not attempted"
_PREFIX = {CORRECT: "Correct!", INCORRECT: "Not quite:", NOT_ATTEMPTED: "Not attempted yet:"}


def solutions_shown() -> bool:
    """Whether ``solution()`` prints solutions; an instructor sets ``COURSE_SOLUTIONS=off``.

    Example:
        >>> solutions_shown()
        True
    """
    return os.environ.get("COURSE_SOLUTIONS", "on").strip().lower() not in {
        "off",
        "0",
        "false",
        "no",
    }


def variant_rng(seed: int) -> np.random.Generator:
    """Random test inputs for a checker: ``seed`` as learners see it, another under grading.

    The grader's ``--variant N`` sets ``COURSE_VARIANT``, which changes the inputs of every
    checker that draws them from here, so an answer tuned to the shown cases fails.

    Example:
        >>> int(variant_rng(0).integers(100)) == int(np.random.default_rng(0).integers(100))
        True
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise TypeError(f"seed must be a non-negative int, got {seed!r}.")
    variant = os.environ.get("COURSE_VARIANT", "").strip()
    if not variant:
        return np.random.default_rng(seed)
    try:
        return np.random.default_rng([seed, int(variant)])
    except ValueError:
        raise ValueError(
            f"COURSE_VARIANT should be a whole number (a grading seed), got {variant!r}."
        ) from None


class Mistake(Exception):
    """Raised inside a checker to say, in the learner's terms, what is wrong."""


class NotAttempted(Exception):
    """Raised when the answer is still the placeholder."""


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check: its status and the message shown to the learner."""

    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        return f"{_PREFIX[self.status]} {self.message}".strip()


def _describe(value: Any) -> str:
    try:
        if isinstance(value, np.ndarray):
            if value.size <= 6:
                return f"array {np.array2string(value, precision=4, separator=', ')}"
            return f"an array of shape {value.shape} and dtype {value.dtype}"
        text = repr(value)
    except Exception:  # a learner's object whose repr() fails must not break the message
        return f"a {type(value).__name__} object (its repr() fails)"
    return text if len(text) <= 60 else text[:57] + "..."


def _error_text(exc: BaseException) -> str:
    """``TypeName: message`` for an exception, even one whose ``str()`` fails."""
    try:
        text = str(exc)
    except Exception:
        text = "(its message cannot be shown)"
    if isinstance(exc, SystemExit):
        text = f"sys.exit({text}) was called; a function should return its result instead"
    return f"{type(exc).__name__}: {text}"


def call_learner(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the learner's function; turn its errors into a ``Mistake`` with the inputs.

    Example:
        >>> call_learner(lambda x: x + 1, 1)
        2
    """
    try:
        result = function(*args, **kwargs)
    except NotImplementedError:
        raise NotAttempted from None
    except KeyboardInterrupt:  # the learner pressed stop: let it stop
        raise
    except BaseException as exc:  # the learner's code (sys.exit too): report it, no traceback
        inputs = ", ".join(_describe(a) for a in args)
        raise Mistake(
            f"your function raised {_error_text(exc)} (when called with {inputs})."
        ) from None
    if result is Ellipsis:
        raise NotAttempted
    return result


def as_array(value: Any, what: str) -> np.ndarray:
    """Convert an answer to a float NumPy array, or raise a ``Mistake`` saying why not.

    Example:
        >>> as_array([1, 2], "the gradient")
        array([1., 2.])
    """
    if value is None:
        raise Mistake(f"{what} is None; did you forget a `return`?")
    try:
        if hasattr(value, "numpy"):  # a TensorFlow tensor
            value = value.numpy()
        return np.asarray(value, dtype=float)
    except Exception:
        raise Mistake(
            f"{what} should be numbers (an array), but it is {_describe(value)}."
        ) from None


def expect_shape(actual: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """Check an array's shape, with a message naming both shapes.

    Example:
        >>> expect_shape([[1, 2]], (1, 2), "the output").shape
        (1, 2)
    """
    array = as_array(actual, what)
    if array.shape != tuple(shape):
        raise Mistake(
            f"{what} should have shape {tuple(shape)}, but yours has shape {array.shape}."
        )
    return array


def expect_close(
    actual: Any,
    expected: Any,
    what: str,
    *,
    rtol: float = 1e-5,
    atol: float = 1e-6,
    inputs: Any = None,
) -> None:
    """Check numbers (scalars or arrays) against the reference, showing the first difference.

    Example:
        >>> expect_close(0.5000001, 0.5, "the probability")
    """
    expected_array = np.asarray(expected, dtype=float)
    array = expect_shape(actual, expected_array.shape, what)
    if not np.all(np.isfinite(array)) and np.all(np.isfinite(expected_array)):
        raise Mistake(f"{what} contains NaN or infinity; expected finite numbers.")
    close = np.isclose(array, expected_array, rtol=rtol, atol=atol)
    if np.all(close):
        return
    where = ""
    if inputs is not None:
        where = f" for input {_describe(inputs)}"
    if array.ndim == 0:
        raise Mistake(
            f"{what}{where} should be {float(expected_array):.6g}, but yours is {float(array):.6g}."
        )
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    raise Mistake(
        f"{what}{where} is off at index {index}: expected {expected_array[index]:.6g}, "
        f"got {array[index]:.6g}."
    )


def expect_equal(actual: Any, expected: Any, what: str) -> None:
    """Check an exact answer (an int, a string, a tuple).

    Example:
        >>> expect_equal(3, 3, "the count")
    """
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        if isinstance(actual, bool):
            raise Mistake(f"{what} should be a whole number, but your answer is {actual!r}.")
        if isinstance(actual, str):
            raise Mistake(
                f"{what} should be a whole number, but your answer is the text {actual!r}: "
                "give the number itself, without quotes."
            )
        number = as_number(actual, what)
        if isinstance(number, float):
            raise Mistake(f"{what} should be a whole number, but your answer is {number!r}.")
        actual = number
    if not _same(actual, expected):
        raise Mistake(f"{what} should be {expected!r}, but your answer is {_describe(actual)}.")


def _same(actual: Any, expected: Any) -> bool:
    """``actual == expected`` without ever using an array in a truth context."""
    try:
        result = actual == expected
        if isinstance(result, bool):
            return result
        if np.ndim(result) == 0:
            return bool(result)
        return np.shape(actual) == np.shape(expected) and bool(np.all(result))
    except Exception:
        return False


class Exercise:
    """One exercise: ``check(answer)``, ``hint()`` and ``solution()``.

    Args:
        title: a few words shown in messages.
        checker: ``checker(answer, expected)``; raises ``Mistake`` when the answer is
            wrong, may return a sentence to add to the "Correct!" message.
        hint: text shown by ``hint()``.
        solution: the reference code. For a value exercise, a function of no arguments
            that returns the answer; for a function exercise, the reference function.
        answer_is_function: whether the learner answers with a function.
    """

    def __init__(
        self,
        title: str,
        checker: Callable[[Any, Any], str | None],
        *,
        hint: str,
        solution: Callable[..., Any],
        answer_is_function: bool = False,
    ) -> None:
        if not callable(checker) or not callable(solution):
            raise TypeError("checker and solution must be functions.")
        self.title = title
        self._checker = checker
        self._hint = hint
        self._solution = solution
        self.answer_is_function = answer_is_function

    def __repr__(self) -> str:
        return f"Exercise({self.title!r})"

    def solution_answer(self) -> Any:
        """The answer the reference solution gives (what the tests feed to ``check``)."""
        return self._solution if self.answer_is_function else self._solution()

    def evaluate(self, answer: Any) -> CheckResult:
        """Check an answer and return the result without printing it."""
        if answer is Ellipsis or answer is None:
            return CheckResult(
                NOT_ATTEMPTED, f"replace the `...` with your answer to '{self.title}'."
            )
        if self.answer_is_function and not callable(answer):
            return CheckResult(
                INCORRECT,
                f"pass your function itself, e.g. check(my_function) without parentheses; "
                f"got {_describe(answer)}.",
            )
        try:
            extra = self._checker(answer, self.solution_answer())
        except KeyboardInterrupt:
            raise
        except NotAttempted:
            return CheckResult(
                NOT_ATTEMPTED,
                f"your function for '{self.title}' still raises NotImplementedError "
                "or returns `...`; write its body.",
            )
        except Mistake as mistake:
            return CheckResult(INCORRECT, str(mistake))
        except BaseException as exc:  # never show the learner a traceback (sys.exit too)
            return CheckResult(INCORRECT, f"your answer could not be checked ({_error_text(exc)}).")
        return CheckResult(CORRECT, extra or f"'{self.title}' is right.")

    def check(self, answer: Any) -> None:
        """Print whether ``answer`` is right, and if not, what is wrong.

        The outcome is also written to your progress record (see ``course_utils.progress_record``).
        """
        result = self.evaluate(answer)
        print(result)
        if result.status != NOT_ATTEMPTED:
            from course_utils import progress_record

            progress_record.record(self, result.passed)

    def hint(self) -> None:
        """Print the hint."""
        print(f"Hint: {self._hint}")

    def solution(self) -> None:
        """Print the reference solution's code (unless ``COURSE_SOLUTIONS=off``)."""
        if not solutions_shown():
            print(
                f"Solutions are turned off for this lab (COURSE_SOLUTIONS=off), so the solution "
                f"to '{self.title}' is not shown; hint() still works."
            )
            return
        source = textwrap.dedent(inspect.getsource(self._solution))
        print(f"Solution to '{self.title}':\n\n{source}")


def as_number(value: Any, what: str) -> int | float:
    """One number from an answer written any reasonable way, or a ``Mistake`` saying why not.

    Accepts an int or float, a NumPy scalar, a one-element list / array / tensor, and a
    numeric string such as ``"100,480"``. A float that is a whole number comes back as an
    ``int``, so ``784 * 128 + 128.0`` and ``100480`` compare the same.

    Example:
        >>> as_number(784 * 128 + 128.0, "the count"), as_number("1_024", "the count")
        (100480, 1024)
        >>> as_number(np.array([0.5]), "the rate")
        0.5
    """
    if value is None:
        raise Mistake(f"{what} is None; did you forget a `return`?")
    if isinstance(value, bool):
        raise Mistake(f"{what} should be a number, but your answer is {value!r}.")
    if isinstance(value, (str, bytes)):
        text = value.decode() if isinstance(value, bytes) else value
        try:
            value = float(text.replace(",", "").replace("_", "").strip())
        except ValueError:
            raise Mistake(
                f"{what} should be a number: give a number such as 12 or 0.5, not the text "
                f"{text!r}."
            ) from None
    try:
        if hasattr(value, "numpy"):  # a TensorFlow tensor
            value = value.numpy()
        array = np.asarray(value)
    except Exception:
        array = np.asarray(None)
    if array.dtype.kind not in "iuf" or array.size != 1:
        if array.dtype.kind in "iuf":
            raise Mistake(
                f"{what} should be one number, but your answer has {array.size} numbers "
                f"(shape {array.shape})."
            )
        raise Mistake(f"{what} should be a number, but your answer is {_describe(value)}.")
    number = array.reshape(()).item()
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def names_used(function: Callable[..., Any]) -> set[str]:
    """The identifiers in a function's source code (comments and strings left out).

    Returns an empty set when the source cannot be read (a built-in, a function made by
    ``exec``), so a check built on it never blocks a right answer.

    Example:
        >>> def f(x):
        ...     # GradientTape is only mentioned here
        ...     return np.sqrt(x)
        >>> sorted(names_used(f))
        ['def', 'f', 'np', 'return', 'sqrt', 'x']
    """
    import io
    import tokenize

    try:
        source = textwrap.dedent(inspect.getsource(function))
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (OSError, TypeError, SyntaxError, tokenize.TokenError, IndentationError):
        return set()
    return {token.string for token in tokens if token.type == tokenize.NAME}


def refuse_shortcut(function: Callable[..., Any], shortcuts: dict[str, str], task: str) -> None:
    """Raise a ``Mistake`` when ``function`` calls a library routine the exercise forbids.

    ``shortcuts`` maps an identifier to the routine's plain name, and ``task`` says what the
    learner is asked to write. Only names in the function's own code count, not comments.

    Example:
        >>> def lazy(x):
        ...     return tf.GradientTape()
        >>> refuse_shortcut(lazy, {"GradientTape": "TensorFlow's tape"}, "the gradient")
        Traceback (most recent call last):
        ...
        course_utils.exercises.core.Mistake: your function uses TensorFlow's tape (`GradientTape`); the exercise asks you to write the gradient yourself, with NumPy: doing it by hand is the lesson.
    """
    used = names_used(function)
    for name, what in shortcuts.items():
        if name in used:
            raise Mistake(
                f"your function uses {what} (`{name}`); the exercise asks you to write {task} "
                "yourself, with NumPy: doing it by hand is the lesson."
            )
