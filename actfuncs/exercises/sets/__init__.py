"""The exercise sets, one module per chapter; importing this package registers them all."""

from actfuncs.exercises.sets import catalog, debugging, foundations, selection  # noqa: F401
from actfuncs.exercises.sets import catalog_more  # noqa: F401  (after debugging: it uses fix())
