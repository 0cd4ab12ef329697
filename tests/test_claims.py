"""Each claim of the ledger recomputes its verdict; a changed number or a broken function flips it."""

from __future__ import annotations

import pytest

from actfuncs import claims

EXPECTED = {
    "tanh-sigmoid-identity": "correct",
    "sigmoid-grad-max": "correct",
    "tanh-4x-gradient": "imprecise",
    "sigmoid-10-layers": "correct",
    "sigmoid-significant-range": "imprecise",
    "derivative-ranges": "correct",
    "gelu-range": "wrong",
    "swish-range": "wrong",
    "swish-range-003": "correct",
    "elu-range": "correct",
    "elu-derivative": "correct",
    "gelu-tanh-approx": "correct",
    "softmax-example": "correct",
    "softmax-one-hot": "wrong",
    "selu-constants": "imprecise",
    "leaf-definition": "wrong",
    "relu-6x-faster": "measured",
    "elu-2x-cost": "unverifiable",
    "clip-sigmoid": "wrong",
    "clip-softplus": "wrong",
    "sigmoid-deriv-s1ms": "wrong",
    "softmax-no-axis": "wrong",
    "softmax-deriv-placeholder": "wrong",
    "elu-exp-minus-one": "wrong",
    "tanh-deriv-1mt2": "wrong",
    "dead-30-40": "unverifiable",
    "swish-40-layers": "unverifiable",
}


def test_every_claim_has_an_expected_verdict():
    assert {c.id for c in claims.claims()} == set(EXPECTED)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_claim_verdict(claim_id):
    c = claims.get(claim_id)
    ev = c.check()
    assert ev.verdict == EXPECTED[claim_id], ev.summary
    assert c.source in claims.SOURCES and c.quote and ev.summary


def test_numbers_behind_key_corrections():
    assert claims.get("gelu-range").check().numbers["min"] == pytest.approx(-0.16997, abs=1e-5)
    assert claims.get("swish-range").check().numbers["min"] == pytest.approx(-0.278465, abs=1e-6)
    assert claims.get("clip-softplus").check().numbers["clipped"] == 500.0
    perf = claims.get("relu-6x-faster").check().numbers
    assert perf["bare_numpy_ratio"] > 0 and perf["actfuncs_ratio"] > 0


def test_ledger_html_filter_and_links():
    rows = [(c, c.check()) for c in claims.claims() if c.category != "performance"]
    page = claims.ledger_html(rows)
    assert page.count("<tr data-verdict=") == len(rows)
    assert 'class="af-ledger-filter"' in page and "addEventListener('change'" in page
    assert "../../chapters/foundations/neuron-pipeline.html" in page


def test_unknown_claim_suggests():
    with pytest.raises(KeyError, match="closest"):
        claims.get("gelu-rang")
