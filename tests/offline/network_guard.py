"""The course's network guard, under the name the test set-up imports (see course_utils.offline)."""

from course_utils.offline import NetworkBlockedError, install

__all__ = ["NetworkBlockedError", "install"]
