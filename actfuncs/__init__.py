"""actfuncs: exact, calm activation functions and the tools the book teaches with.

>>> import actfuncs
>>> actfuncs.get("sigmoid")(0.0)
np.float64(0.5)
"""

from actfuncs.registry import (
    Activation,
    Param,
    Properties,
    Spec,
    UnknownActivationError,
    aliases,
    catalog,
    get,
    names,
    spec,
)

__all__ = [
    "Activation",
    "Param",
    "Properties",
    "Spec",
    "UnknownActivationError",
    "aliases",
    "catalog",
    "get",
    "names",
    "spec",
]
__version__ = "0.1.0"
