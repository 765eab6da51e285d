"""Loaded by every Python process started with this folder on PYTHONPATH (Jupyter kernels
started by the notebook tests): switches the network guard on before any user code."""

import network_guard

network_guard.install()
