"""Recompute the stored GELU/normal-tail polynomial table (``actfuncs/data/normal_table.json``).

Run after changing ``DEG``, ``K_N``, ``H_N`` or ``K_END`` in ``actfuncs/functions/_normal.py``;
``tests/test_normal.py`` fails until the file is current.
"""

from actfuncs.functions._normal import write_table

if __name__ == "__main__":
    print(f"wrote {write_table()}")
