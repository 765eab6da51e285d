"""``python -m course_utils``: run the environment check; exit status 1 on a problem."""

import sys

from course_utils.environment import check_environment

sys.exit(0 if check_environment().ok else 1)
