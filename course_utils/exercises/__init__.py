"""Exercises for each notebook: ``from course_utils.exercises import nb01 as ex``.

Each module ``nbNN`` holds that notebook's exercises ``q1``, ``q2``, ... built on the
mechanism in ``core`` (``check``, ``hint``, ``solution``).
"""

from course_utils.exercises.core import CheckResult, Exercise, Mistake

__all__ = ["CheckResult", "Exercise", "Mistake"]
