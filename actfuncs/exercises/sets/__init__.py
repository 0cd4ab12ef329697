"""The exercise sets, one module per chapter; importing this package registers them all."""

from actfuncs.exercises.sets import catalog, debugging, foundations, selection  # noqa: F401
