"""The formulas, one module per family; importing this package registers them all."""

from actfuncs.functions import (  # noqa: F401  (import order = catalog order)
    exponential,
    gated,
    hard,
    learnable,
    rectifiers,
    sigmoidal,
    smooth,
    vector,
)
