"""Recompute the stored Taylor windows (``actfuncs/data/root_windows.json``) with mpmath.

Run after changing ``ROOT_FUNCTIONS``, ``ORDER`` or ``HALF_WIDTH`` in
``actfuncs/functions/_roots.py``; ``tests/test_roots.py`` fails until the file is current.
"""

from actfuncs.functions._roots import write_store

if __name__ == "__main__":
    print(f"wrote {write_store()}")
