"""actfuncs.selection.paired_differences and plot_differences, on known numbers and a real run."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as st

from actfuncs import selection
from actfuncs.experiments import comparison


def test_paired_interval_matches_a_t_interval():
    base = np.array([0.90, 0.92, 0.91, 0.93])
    other = base + np.array([0.01, 0.03, 0.02, 0.02])
    (d,) = selection.paired_differences({"relu": base, "elu": other})
    diff = other - base
    half = st.t.ppf(0.975, 3) * diff.std(ddof=1) / 2
    assert d.mean == pytest.approx(0.02) and d.lo == pytest.approx(0.02 - half)
    assert d.hi == pytest.approx(0.02 + half) and d.wins == 4 and d.seeds == 4
    assert not d.inside_noise and "better" in str(d)


def test_pairing_removes_shared_noise():
    # big seed-to-seed swings shared by both: unpaired intervals overlap, the paired one does not
    base = np.array([0.80, 0.95, 0.85, 0.99, 0.90])
    acc = {"relu": base, "tanh": base - 0.01 + np.array([0, 0.001, -0.001, 0, 0.0005])}
    (d,) = selection.paired_differences(acc)
    assert d.hi < 0 and "worse" in str(d)
    res = comparison.ComparisonResult(("relu", "tanh"), tuple(range(5)), acc, 1)
    assert ("relu", "tanh") in res.indistinguishable()


def test_inside_noise_and_order():
    rng = np.random.default_rng(0)
    base = rng.normal(0.9, 0.01, 6)
    acc = {"relu": base, "a": base + rng.normal(0, 0.01, 6), "b": base + 0.05}
    diffs = selection.paired_differences(acc)
    assert [d.name for d in diffs] == ["b", "a"]
    assert diffs[1].inside_noise and "inside the noise" in str(diffs[1])


def test_errors():
    with pytest.raises(ValueError, match="baseline"):
        selection.paired_differences({"a": np.ones(3)}, baseline="relu")
    with pytest.raises(ValueError, match="2 seeds"):
        selection.paired_differences({"relu": np.ones(1), "a": np.ones(1)})
    with pytest.raises(ValueError, match="seeds"):
        selection.paired_differences({"relu": np.ones(3), "a": np.ones(4)})


def test_plot_colours_and_alt_text():
    base = np.array([0.9, 0.91, 0.92])
    diffs = selection.paired_differences({"relu": base, "up": base + 0.02, "same": base + [0.01, -0.01, 0]})
    fig = selection.plot_differences(diffs)
    colours = [line.get_color() for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    assert colours == ["#4c72b0", "0.5"]
    assert "up - relu" in fig.alt_text and "inside the noise" in fig.alt_text


def test_on_a_real_comparison():
    res = comparison.comparison(("relu", "tanh"), seeds=(0, 1, 2), steps=20)
    (d,) = selection.paired_differences(res.accuracies)
    manual = res.accuracies["tanh"] - res.accuracies["relu"]
    assert d.mean == pytest.approx(manual.mean()) and d.seeds == 3


def test_plot_comparison_alt_text_lists_every_activation():
    import matplotlib.pyplot as plt

    res = comparison.comparison(("relu", "sigmoid"), seeds=(0, 1), steps=10)
    fig = selection.plot_comparison(res)
    assert "2 seeds" in fig.alt_text
    for name in res.activations:
        lo, hi = res.interval(name)
        assert f"{name} {res.mean(name):.3f} [{lo:.3f}, {hi:.3f}]" in fig.alt_text
    plt.close(fig)
