"""The Q&A chapter's evidence: one test per question, each failing if the answer's conclusion flips."""

from __future__ import annotations

import numpy as np
import pytest

from actfuncs import qa


def test_what_is_an_activation_only_the_step_is_a_switch():
    r = qa.switch_or_dial()
    assert r.distinct["binary_step"] == 2
    for name in ("sigmoid", "tanh", "gelu"):
        assert r.distinct[name] == r.points  # graded: every input gives its own output
    assert r.distinct["relu"] == r.points // 2 + 1  # 0 on the left half, graded on the right


def test_linear_hidden_layers_collapse_but_backprop_works():
    r = qa.linear_hidden_layers()
    assert r.collapse_error < 1e-12
    assert r.xor_linear <= 0.75 and r.xor_deep_linear <= 0.75
    assert r.xor_nonlinear == 1.0
    # source 001 says back-propagation is impossible with a linear activation: it trains fine
    assert r.deep_linear_loss_end < 1e-6 * r.deep_linear_loss_start


def test_vanishing_gradients_sigmoid_shrinks_tanh_and_relu_do_not():
    r = qa.vanishing_gradients()
    assert r.bound == pytest.approx(0.25**10)
    assert 0.2 < r.mean_sigmoid_grad < 0.25
    assert r.ratio[("sigmoid", "xavier")] < 1e-4
    assert 0.15 < r.factor[("sigmoid", "xavier")] < 0.3
    # with matched initialisation neither tanh nor ReLU vanishes at depth 10
    assert 0.5 < r.ratio[("tanh", "xavier")] < 2
    assert 0.5 < r.ratio[("relu", "he")] < 2


def test_zero_centred_sign_pattern_and_shifted_tanh():
    r = qa.zero_centred()
    assert r.same_sign["sigmoid"] == 1.0 and r.same_sign["relu"] == 1.0
    assert r.same_sign["tanh"] < 0.01
    assert abs(r.tanh_mean[0.0]) < 0.01
    assert r.tanh_mean[1.0] > 0.5  # tanh is zero-centred only for inputs centred at 0


def test_tanh_vs_sigmoid_four_times_only_at_the_peak():
    r = qa.tanh_vs_sigmoid()
    assert r.identity_error < 1e-14
    assert r.peak_ratio == pytest.approx(4.0)
    assert 2.5 < r.mean_ratio < 3.2
    assert r.ratio["sigmoid"] < 1e-4 < 0.5 < r.ratio["tanh"]


def test_relu_cost_result_is_well_formed():
    # timings are machine-dependent and never asserted; the shape and sanity of the result are
    r = qa.relu_cost(names=("sigmoid",), batch=16, width=32, repeats=2)
    assert set(r.relative) == {"sigmoid"} and r.relative["sigmoid"] > 0
    assert set(r.layer_share) == {"relu", "sigmoid"}
    assert all(0 < v < 1 for v in r.layer_share.values())


def test_dying_relu_leaky_never_dies_and_lower_rate_helps():
    r = qa.dying_relu()
    for (a, _lr, _b), v in r.dead.items():
        if a == "leaky_relu":
            assert v == 0.0
    assert r.dead[("relu", 3.0, -1.0)] > 0.25
    assert r.dead[("relu", 0.1, 0.0)] < r.dead[("relu", 3.0, 0.0)]


def test_relu_vs_leaky_sparse_but_same_accuracy():
    r = qa.relu_vs_leaky()
    assert r.zero_fraction["relu"] > 0.3 and r.zero_fraction["leaky_relu"] == 0.0
    diff = abs(r.accuracy["relu"].mean() - r.accuracy["leaky_relu"].mean())
    assert diff < 2 * max(r.accuracy["relu"].std(ddof=1), r.accuracy["leaky_relu"].std(ddof=1))


def test_relu_hidden_layers_fit_negative_targets():
    r = qa.negative_targets()
    assert r.target_max < 0
    assert r.prediction_max < 0
    assert r.mse["relu"] < 1e-3 and r.mse["leaky_relu"] < 1e-3


def test_elu_gain_is_inside_the_seed_noise():
    r = qa.versus_relu(others=("elu",))
    assert r.overlaps["elu"]
    assert abs(r.difference["elu"]) < 0.03
    assert r.result.zero_fraction["elu"] == 0.0 < r.result.zero_fraction["relu"]


def test_gelu_is_the_mean_of_a_stochastic_mask():
    r = qa.gelu_facts()
    assert r.dropout_error < 0.02
    assert r.tanh_error < 1e-3
    assert r.minimum[0] == pytest.approx(-0.7518, abs=1e-3)
    assert r.minimum[1] == pytest.approx(-0.1700, abs=1e-3)


def test_swish_interpolates_between_half_x_and_relu():
    r = qa.swish_beta()
    gaps = [r.gap_to_relu[b] for b in (1.0, 10.0, 100.0)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 0.01
    assert r.gap_to_half[0.01] < 0.1
    assert r.minimum[1] == pytest.approx(-0.2785, abs=1e-3)


def test_selu_needs_lecun_init():
    r = qa.selu_depth()
    assert abs(r.final_mean[("selu", "lecun")]) < 0.1
    assert 0.8 < r.final_var[("selu", "lecun")] < 1.2
    assert r.final_var[("selu", "he")] > 10
    assert 0.5 < r.ratio[("relu", "he")] < 2  # ReLU with He init does not vanish either


def test_mish_is_smooth_and_close_to_swish():
    r = qa.mish_facts()
    assert r.grad_jump["relu"] > 0.9
    assert r.grad_jump["mish"] < 1e-2 and r.grad_jump["silu"] < 1e-2
    assert r.minimum["mish"][1] < r.minimum["silu"][1] < 0
    assert r.max_gap < 0.25


def test_source_leaf_is_prelu_and_paper_leaf_contains_silu():
    r = qa.leaf_and_kan()
    assert r.source_vs_prelu == 0.0
    assert r.leaf_vs_silu < 1e-14 and r.leaf_vs_sigmoid < 1e-14 and r.leaf_vs_tanh < 1e-14
    assert r.kan_params > 0


def test_sigmoid_for_multi_label_softmax_for_one_class():
    r = qa.sigmoid_or_softmax()
    assert r.two_class_error < 1e-15
    assert r.exact_match[("sigmoid", "multi-label")] > 0.9
    assert r.exact_match[("softmax", "multi-label")] < 0.5
    assert r.exact_match[("softmax", "multi-class")] > 0.9


def test_task_table_agrees_with_tree_and_flags_transformers():
    rows = {r.task: r for r in qa.task_table()}
    assert set(rows) == set(qa.TASKS)
    assert all(r.agrees for r in rows.values())
    assert {"swiglu", "geglu"} <= set(rows["transformer feed-forward"].practice)


def test_results_are_seeded():
    a, b = qa.relu_vs_leaky(seeds=(0, 1), steps=20), qa.relu_vs_leaky(seeds=(0, 1), steps=20)
    assert np.array_equal(a.accuracy["relu"], b.accuracy["relu"])


def test_exploding_gradients_come_from_the_weights():
    r = qa.exploding_gradients()
    for name, (lo, hi) in r.grad_range.items():
        assert 0 <= lo and hi <= 1.0 + 1e-12, name
    assert r.grad_range["sigmoid"][1] == pytest.approx(0.25)
    assert r.grad_range["leaky_relu"][0] == pytest.approx(0.01)
    assert r.growth["relu"] == pytest.approx(r.scale ** (r.depth - 1), rel=1e-9)  # ReLU is homogeneous
    assert 1 < r.growth["elu"] < r.growth["relu"]  # ELU grows, but less than ReLU: not its own problem


def test_softmax_sums_to_one_sigmoids_need_not():
    r = qa.sigmoid_or_softmax()
    assert r.sum_error[("softmax", "multi-class")] < 1e-12
    assert r.sum_error[("sigmoid", "multi-class")] > 1e-3


def test_every_question_in_the_chapter_has_evidence_from_the_package():
    """Each H2 section of the Q&A notebooks has a code cell that calls ``actfuncs.qa`` (directly or
    through the result computed at the top of its page) and every page is listed on the index."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "chapters" / "qa"
    index = (root / "index.md").read_text()
    pages = sorted(root.glob("*.ipynb"))
    assert len(pages) >= 4
    for page in pages:
        assert f"{{doc}}`{page.stem}`" in index, page.name
        cells = json.loads(page.read_text())["cells"]
        sections: list[list[dict]] = []
        for c in cells:
            text = "".join(c["source"])
            if c["cell_type"] == "markdown" and any(ln.startswith("## ") for ln in text.splitlines()):
                sections.append([])
            if sections:
                sections[-1].append(c)
        assert sections, page.name
        for sec in sections:
            if "".join(sec[0]["source"]).startswith("## Claims checked on this page"):
                continue  # the generated back-links to the ledger, not a question
            code = ["".join(c["source"]) for c in sec if c["cell_type"] == "code"]
            assert any("qa." in src or "vs." in src for src in code), (page.name, sec[0]["source"][:2])
