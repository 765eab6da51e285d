"""Unit-test settings: draw plots off-screen."""

import matplotlib

matplotlib.use("Agg")
