"""Helpers for the MNIST deep-learning course.

The notebooks use a handful of things from here: ``setup()`` (first cell of each
notebook), ``load_mnist()``, ``check_environment()``, the exercises in
``course_utils.exercises`` and the plots in ``course_utils.plotting``. Everything a
lesson is *about* is written out in the notebook itself.

Example:
    >>> import course_utils
    >>> (x_train, y_train), (x_test, y_test) = course_utils.load_mnist()
    >>> x_train.shape
    (60000, 28, 28)
"""

import os

# Quieten TensorFlow's C++ log (set TF_CPP_MIN_LOG_LEVEL=0 yourself to see it all).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from course_utils.data import DataFileError, load_mnist  # noqa: E402
from course_utils.environment import check_environment, setup  # noqa: E402
from course_utils.progress_record import progress, reset_progress  # noqa: E402

__version__ = "0.1.0"
__all__ = [
    "DataFileError",
    "check_environment",
    "load_mnist",
    "progress",
    "reset_progress",
    "setup",
]
