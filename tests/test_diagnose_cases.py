"""actfuncs.experiments.debugging_cases: every broken setup shows its symptom, is detected, and the
fix removes both; the measurements behind the pages' "What the sources get wrong" boxes hold."""

from __future__ import annotations

import math

import pytest

from actfuncs.experiments import debugging_cases as dc

#: key -> True when a smaller number is the better one
LOWER_IS_BETTER = {
    "sigmoid_deep": True,
    "no_output_activation": True,
    "softmax_multilabel": False,
    "bad_init": False,
    "copied_architecture": True,
    "dying_relu": True,
    "linear_hidden": False,
    "loss_flat": False,
    "slow_convergence": True,
    "overfitting": True,
}


@pytest.fixture(scope="module")
def cases():
    return {k: dc.run(k) for k in dc.CASES}


def test_tables_cover_the_source_rows():
    assert len(dc.MISTAKES) == 7 and len(dc.SYMPTOMS) == 4
    assert set(dc.CASES) == set(LOWER_IS_BETTER) | {"loss_nan"}


@pytest.mark.parametrize("key", list(dc.CASES))
def test_broken_is_detected_and_fixed_is_clean(cases, key):
    c = cases[key]
    assert c.detected, f"{key}: the diagnostic missed the broken setup"
    assert c.cleared, f"{key}: the diagnostic still flags the fixed setup: {c.fixed.findings}"
    assert c.table == ("mistake" if key in dc.MISTAKES else "symptom")


@pytest.mark.parametrize("key", list(LOWER_IS_BETTER))
def test_fix_improves_the_measured_number(cases, key):
    c = cases[key]
    assert math.isfinite(c.before) and math.isfinite(c.after)
    if LOWER_IS_BETTER[key]:
        assert c.after < c.before
    else:
        assert c.after > c.before


def test_specific_symptoms(cases):
    assert cases["sigmoid_deep"].before == pytest.approx(0.693, abs=0.01)  # log 2: a coin flip
    assert cases["no_output_activation"].before > 0.05
    assert cases["copied_architecture"].extra["targets_out_of_reach"] > 0.4
    assert cases["loss_flat"].before < 0.01 < cases["loss_flat"].after
    assert cases["linear_hidden"].extra["gap_broken"] < 1e-12 < cases["linear_hidden"].extra["gap_fixed"]


def test_loss_nan_diverges_only_when_broken(cases):
    c = cases["loss_nan"]
    assert c.broken.diverged_at is not None and c.before == c.broken.diverged_at
    assert c.fixed.diverged_at is None and math.isnan(c.after)
    assert c.broken.losses.size == c.broken.diverged_at  # losses kept up to the divergence


def test_sources_wrong_elu_does_not_stop_the_explosion(cases):
    assert not math.isnan(cases["loss_nan"].extra["elu_diverged_at"])


def test_sources_wrong_tanh_is_not_sigmoid_in_depth(cases):
    e = cases["sigmoid_deep"].extra
    assert e["tanh_final_loss"] < 0.3 and e["tanh_flagged"] == 0.0


def test_sources_wrong_gelu_mish_do_not_cure_overfitting(cases):
    e, c = cases["overfitting"].extra, cases["overfitting"]
    for name in ("gelu_64", "mish_64"):  # ranges overlap ReLU's, far above the small network's
        assert e[f"{name}_min"] <= e["relu_64_max"] and e["relu_64_min"] <= e[f"{name}_max"]
        assert e[name] > 3 * c.after


def test_steps_to_and_run_errors():
    assert dc.steps_to([1.0, 0.5, 0.2, 0.1], 0.3) == 2
    assert dc.steps_to([1.0, 0.9], 0.3) is None
    with pytest.raises(ValueError, match="unknown case"):
        dc.run("nope")


def test_text_table_and_plot(cases):
    import matplotlib.pyplot as plt

    c = cases["loss_nan"]
    assert "diverged" in str(c) and "exploding" in str(c)
    t = dc.table(list(cases.values()))
    assert t.count("\n") == len(cases) + 1 and "| yes | yes |" in t
    fig = dc.plot(c)
    labels = [h.get_label() for h in fig.axes[0].get_lines()]
    assert any("NaN at step" in s for s in labels)
    plt.close(fig)
