"""The claims ledger: checkable statements from the five sources, each with computed evidence.

Every :class:`Claim` quotes its source briefly, names a category and the book page that shows
the evidence at length, and carries a ``check`` function that recomputes the evidence with the
package and returns an :class:`Evidence` with the verdict and the numbers. Nothing in a verdict
is typed in: run :func:`ledger` and every number is measured again. Verdicts:

* ``correct``: the computation agrees with the claim;
* ``wrong``: it contradicts the claim;
* ``imprecise``: right in spirit, wrong or overstated as written;
* ``unverifiable``: not checkable as stated (no task, model or data given);
* ``measured``: a performance number that depends on the machine; the measured value is shown.

Modules: :mod:`~actfuncs.claims.formulas` (formulas, identities, derivatives, ranges),
:mod:`~actfuncs.claims.code` (hand-written code of sources 003 and 004),
:mod:`~actfuncs.claims.training` (training claims and recommendations, with experiments),
:mod:`~actfuncs.claims.performance` (timings).
"""

from actfuncs.claims import code, formulas, performance, training  # noqa: F401  (registers the claims)
from actfuncs.claims._core import (
    CATEGORIES,
    CONTRADICTIONS,
    PAGES,
    SOURCES,
    VERDICTS,
    Claim,
    Evidence,
    backlinks,
    claims,
    contradictions_markdown,
    counts_by_source,
    counts_table,
    get,
    ledger,
    ledger_html,
    ledger_markdown,
    page_exists,
    verdict_counts,
)

__all__ = [
    "CATEGORIES", "CONTRADICTIONS", "PAGES", "SOURCES", "VERDICTS", "Claim", "Evidence", "backlinks",
    "claims", "contradictions_markdown", "counts_by_source", "counts_table", "get", "ledger", "ledger_html",
    "ledger_markdown", "page_exists", "verdict_counts",
]
