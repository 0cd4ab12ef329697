"""Each claim of the ledger recomputes its verdict; a changed number or a broken function flips it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from actfuncs import claims
from actfuncs.claims import _core

EXPECTED = {
    "linear-collapse": "correct",
    "linear-derivative": "correct",
    "sigmoid-derivative": "correct",
    "softmax-jacobian": "correct",
    "softmax-max-shift": "correct",
    "tanh-two-forms": "correct",
    "tanh-derivative": "correct",
    "tanh-sigmoid-identity": "correct",
    "sigmoid-grad-max": "correct",
    "tanh-4x-gradient": "imprecise",
    "relu-derivative-at-0": "correct",
    "leaky-alpha-001": "correct",
    "prelu-max-form": "imprecise",
    "rrelu-bounds": "correct",
    "elu-derivative-000": "correct",
    "gelu-definition": "correct",
    "gelu-tanh-approx": "correct",
    "swish-formula": "correct",
    "mish-formula": "correct",
    "range-table-bounded": "correct",
    "gelu-range": "wrong",
    "swish-range": "wrong",
    "softmax-range-000": "correct",
    "relu-6x-faster": "measured",
    "cost-table": "measured",
    "elu-2x-cost": "unverifiable",
    "elu-2-3x-slower": "measured",
    "relu-vs-leaky-speed": "measured",
    "sigmoid-10-layers": "correct",
    "relu-no-vanishing": "imprecise",
    "relu-sparse": "correct",
    "init-he-xavier": "correct",
    "sigmoid-tanh-deep": "imprecise",
    "softmax-multilabel": "correct",
    "linear-hidden": "correct",
    "dead-30-40": "imprecise",
    "exploding-use-elu": "wrong",
    "zigzag": "correct",
    "implicit-regularisation": "unverifiable",
    "dying-fix-leaky": "correct",
    "dying-fix-lower-lr": "imprecise",
    "tanh-zero-centred-q5": "correct",
    "leaky-noise": "wrong",
    "leaky-regression": "imprecise",
    "elu-lower-error": "unverifiable",
    "swish-40-layers": "unverifiable",
    "binary-step-definition": "correct",
    "binary-step-gradient": "imprecise",
    "binary-step-multiclass": "correct",
    "linear-no-backprop": "wrong",
    "sigmoid-range-001": "correct",
    "sigmoid-significant-range": "imprecise",
    "tanh-steeper": "imprecise",
    "relu-derivative-001": "imprecise",
    "leaky-slope-mismatch": "wrong",
    "prelu-max-form-001": "imprecise",
    "elu-log-curve": "wrong",
    "elu-reaches-alpha": "imprecise",
    "elu-exploding": "wrong",
    "elu-derivative": "correct",
    "softmax-example": "correct",
    "softmax-one-hot": "wrong",
    "softmax-sum-to-one": "imprecise",
    "softmax-of-sigmoids": "imprecise",
    "swish-bounded-below": "correct",
    "swish-non-monotonic": "correct",
    "gelu-bernoulli": "correct",
    "gelu-tanh-equals": "imprecise",
    "selu-formula-001": "correct",
    "selu-slope-above-one": "correct",
    "exploding-nan": "imprecise",
    "relu-sparsity-speed": "wrong",
    "elu-exp-cost": "measured",
    "sigmoid-same-sign": "correct",
    "tanh-mean-zero": "imprecise",
    "tanh-always-preferred": "imprecise",
    "relu-convergence": "imprecise",
    "leaky-no-dead": "correct",
    "leaky-slow": "unverifiable",
    "swish-outperforms": "unverifiable",
    "gelu-better-all": "unverifiable",
    "selu-preserves": "imprecise",
    "selu-converges-faster": "measured",
    "vanishing-shallow": "correct",
    "relu-hidden-only": "imprecise",
    "no-sigmoid-tanh-hidden": "imprecise",
    "swish-40-001": "unverifiable",
    "output-rules": "correct",
    "relu-regression-output": "imprecise",
    "relu-definition-002": "correct",
    "linear-2x-collapse": "correct",
    "swish-beta": "correct",
    "mish-smooth": "correct",
    "leaf-definition": "wrong",
    "leaf-name": "wrong",
    "kan-description": "imprecise",
    "selu-constants": "imprecise",
    "tanh-cost-002": "measured",
    "smooth-cost-002": "measured",
    "selu-cost-002": "measured",
    "relu-no-vanishing-002": "imprecise",
    "leaky-deep": "imprecise",
    "selu-self-normalise": "correct",
    "swish-better-002": "unverifiable",
    "kan-applications": "unverifiable",
    "sigmoid-code-003": "imprecise",
    "gelu-erf-code": "imprecise",
    "softmax-code-003": "wrong",
    "tanh-formula-003": "correct",
    "leaky-range-003": "correct",
    "derivative-ranges": "correct",
    "elu-range": "correct",
    "elu-negative-vanishing": "imprecise",
    "swish-range-003": "correct",
    "gelu-range-003": "wrong",
    "softmax-large-logits": "imprecise",
    "sigmoid-vanishing-003": "correct",
    "tanh-swish-cost-003": "measured",
    "tanh-centres-relu-sparse": "correct",
    "exploding-init": "correct",
    "elu-faster-robust": "unverifiable",
    "clip-sigmoid": "wrong",
    "clip-softplus": "wrong",
    "sigmoid-deriv-s1ms": "wrong",
    "tanh-deriv-1mt2": "wrong",
    "relu-nan": "imprecise",
    "relu-maximum": "correct",
    "elu-exp-minus-one": "wrong",
    "elu-deriv-overflow": "imprecise",
    "softplus-deriv-sigmoid": "correct",
    "softmax-no-axis": "wrong",
    "softmax-deriv-placeholder": "wrong",
    "softmax-example-004": "imprecise",
    "softmax-ce-gradient": "correct",
    "sigmoid-first": "wrong",
    "softplus-slower-004": "measured",
    "tanh-trains-better": "correct",
    "leaky-fixes-dead": "correct",
    "softplus-no-dead": "correct",
    "elu-trains-faster-004": "unverifiable",
    "neuron-output": "correct",
    "decides-activation": "imprecise",
    "chain-rule-weight": "correct",
    "lstm-gates-sigmoid": "correct",
    "segmentation-sigmoid": "imprecise",
    "transformers-gelu": "unverifiable",
    "gan-leaky": "unverifiable",
    "linear-model-003": "correct",
    "sigmoid-003": "correct",
    "prelu-003": "imprecise",
    "prelu-derivative-range": "imprecise",
    "sigmoid-tanh-002": "correct",
    "gelu-definition-002": "correct",
}


@pytest.fixture(scope="module")
def rows():
    return claims.ledger()


def test_every_claim_has_an_expected_verdict():
    assert [c.id for c in claims.claims()] and {c.id for c in claims.claims()} == set(EXPECTED)
    assert len(EXPECTED) >= 80


@pytest.mark.parametrize("claim_id", list(EXPECTED))
def test_claim_verdict(claim_id):
    c = claims.get(claim_id)
    ev = c.check()
    assert ev.verdict == EXPECTED[claim_id], ev.summary
    assert c.source in claims.SOURCES and c.category in claims.CATEGORIES and ev.summary


def test_quotes_are_short_and_attributed():
    for c in claims.claims():
        assert 0 < len(c.quote.split()) <= 25, c.id
        assert c.source in claims.SOURCES


def test_every_section_is_a_book_page():
    """Every claim names a page that exists or is being written (the list the lead merges)."""
    for c in claims.claims():
        assert c.section in claims.PAGES, (c.id, c.section)
    assert all(p.startswith("chapters/") and "." not in p for p in claims.PAGES)


def test_every_source_and_verdict_appears(rows):
    table = claims.counts_by_source(rows)
    assert all(sum(row.values()) > 0 for row in table.values())
    assert sum(sum(r.values()) for r in table.values()) == len(rows)
    counts = claims.verdict_counts(rows)
    assert all(counts[v] > 0 for v in claims.VERDICTS)
    md = claims.counts_table(rows)
    assert md.count("\n") == len(claims.SOURCES) + 2 and f"| {len(rows)} |" in md


def test_numbers_behind_key_corrections():
    assert claims.get("gelu-range").check().numbers["min"] == pytest.approx(-0.16997, abs=1e-5)
    assert claims.get("swish-range").check().numbers["min"] == pytest.approx(-0.278465, abs=1e-6)
    assert claims.get("clip-softplus").check().numbers["clipped"] == 500.0
    assert claims.get("leaky-slope-mismatch").check().numbers["slope"] == pytest.approx(0.1, abs=1e-6)
    assert claims.get("softmax-example").check().numbers["probs"][0] == pytest.approx(0.5771, abs=1e-4)
    perf = claims.get("relu-6x-faster").check().numbers
    assert perf["bare_numpy_ratio"] > 0 and perf["actfuncs_ratio"] > 0
    leaky = claims.get("relu-vs-leaky-speed").check().numbers  # numba is installed: both paths timed
    assert leaky["leaky_relu"] > 0 and leaky["leaky_relu_numpy_path"] > 0


def test_ledger_html_filter_and_links_only_to_existing_pages(rows, tmp_path):
    (tmp_path / "chapters" / "catalog").mkdir(parents=True)
    (tmp_path / "chapters" / "catalog" / "softmax.ipynb").write_text("{}")
    page = claims.ledger_html(rows, root_dir=tmp_path)
    assert page.count("<tr id=\"claim-") == len(rows)
    assert 'class="af-ledger-filter"' in page and "addEventListener('change'" in page
    n_softmax = sum(c.section == "chapters/catalog/softmax" for c, _ in rows)
    assert n_softmax > 0
    assert page.count('href="../../chapters/catalog/softmax.html"') == n_softmax
    assert page.count("evidence in the book") == n_softmax  # no link to a page that is not there
    md = claims.ledger_markdown(rows, root_dir=tmp_path)
    assert md.count("(/chapters/catalog/softmax)") == n_softmax and md.count("[more]") == n_softmax


def test_page_exists_uses_the_book_root():
    assert claims.page_exists("chapters/appendix/claims-ledger")
    assert not claims.page_exists("chapters/nowhere/page")


def test_contradictions_name_real_claims_and_show_each_verdict(rows):
    md = claims.contradictions_markdown(rows)
    assert len(claims.CONTRADICTIONS) >= 5
    verdicts = {c.id: e.verdict for c, e in rows}
    for topic, ids, right in claims.CONTRADICTIONS:
        assert len(ids) >= 2 and all(i in verdicts for i in ids), topic
        assert topic in md and right in md
        # at least one side of every contradiction is found wrong or imprecise by its evidence
        assert {verdicts[i] for i in ids} & {"wrong", "imprecise"}, topic
    assert md.count("\n") == len(claims.CONTRADICTIONS) + 1


def test_backlinks_lists_the_page_claims():
    out = claims.backlinks("chapters/catalog/softmax").data
    ids = [c.id for c in claims.claims() if c.section == "chapters/catalog/softmax"]
    assert all(f"`{i}`" in out for i in ids)
    assert "{doc}`claims ledger </chapters/appendix/claims-ledger>`" in out
    with pytest.raises(ValueError, match="pages with claims"):
        claims.backlinks("chapters/nowhere/page")


def test_registration_rejects_bad_entries():
    with pytest.raises(ValueError, match="registered twice"):
        _core.claim("gelu-range", "000", "q", "range")(lambda: None)
    with pytest.raises(ValueError, match="not a book page"):
        _core.claim("new-one", "000", "q", "range", "chapters/nowhere")(lambda: None)
    with pytest.raises(ValueError, match="unknown source"):
        _core.claim("new-two", "009", "q", "range")(lambda: None)
    with pytest.raises(ValueError, match="verdict"):
        claims.Evidence("maybe", "x")
    assert "new-one" not in {c.id for c in claims.claims()}
    assert dataclasses.is_dataclass(claims.Claim)


def test_unknown_claim_suggests():
    with pytest.raises(KeyError, match="closest"):
        claims.get("gelu-rang")


def test_measured_claims_report_positive_timings():
    measured = [c for c in claims.claims() if c.category == "performance"]
    assert len(measured) >= 10
    for c in measured:
        ev = c.check()
        nums = [v for v in ev.numbers.values() if isinstance(v, float)]
        if ev.verdict == "measured":
            assert nums and all(v > 0 for v in nums), c.id
            assert "x" in ev.summary, c.id  # the ratio is in the text


def test_every_page_named_by_a_claim_links_back_to_the_ledger() -> None:
    """A claim's section page exists and calls backlinks() for itself, so the reader of that page
    sees the verdict and the link to the ledger (generated, never typed)."""
    import nbformat

    root = Path(__file__).resolve().parents[1]
    missing_pages, missing_calls = [], []
    for page in sorted({c.section for c in claims.claims() if c.section}):
        path = root / f"{page}.ipynb"
        if not path.exists():
            missing_pages.append(page)
            continue
        sources = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        if not any(f'backlinks("{page}")' in s for s in sources):
            missing_calls.append(page)
    assert not missing_pages, f"claims name pages that do not exist: {missing_pages}"
    assert not missing_calls, f"pages with claims that do not call backlinks(): {missing_calls}"
