"""``python -m course_utils``: run the environment check; exit status 1 on a problem."""

import sys

from course_utils.environment import check_environment

try:
    ok = check_environment().ok
except Exception as exc:  # one clear line, never a traceback
    print(f"The environment check itself failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
