"""The formulas, one module per family; importing this package registers them all.

The import order below is the catalog order (tables, gallery, widgets' dropdowns).
"""
# isort: skip_file

from actfuncs.functions import rectifiers  # noqa: F401
from actfuncs.functions import sigmoidal  # noqa: F401
from actfuncs.functions import hard  # noqa: F401
from actfuncs.functions import exponential  # noqa: F401
from actfuncs.functions import smooth  # noqa: F401
from actfuncs.functions import vector  # noqa: F401
from actfuncs.functions import gated  # noqa: F401
from actfuncs.functions import learnable  # noqa: F401
