"""The formulas, one module per family; importing this package registers them all."""

from actfuncs.functions import rectifiers  # noqa: F401
