"""The exercise sets, one module per chapter; importing this package registers them all."""

from actfuncs.exercises.sets import catalog, catalog_more, debugging, foundations, selection  # noqa: F401
