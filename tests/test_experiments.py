"""Each experiment is seeded and its headline conclusion holds (timings live in
benchmarks/training.py, not here)."""

from __future__ import annotations

import importlib

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from actfuncs import datasets  # noqa: E402
from actfuncs.diagnose import diagnose  # noqa: E402
from actfuncs.experiments import (  # noqa: E402
    EXPERIMENTS,
    comparison,
    cost,
    dead_units,
    gradient_flow,
    linearity,
    output_layers,
    selu_norm,
    zero_centring,
)
from actfuncs.nn import MLP  # noqa: E402


def _check_plot(module, result):
    fig = module.plot(result)
    try:
        titles = [ax.get_title() for ax in fig.axes]
        assert any(len(t) > 15 for t in titles), titles
    finally:
        plt.close(fig)


def test_listing_names_real_functions():
    for mod, (fn, desc) in EXPERIMENTS.items():
        m = importlib.import_module(f"actfuncs.experiments.{mod}")
        assert callable(getattr(m, fn)) and desc


def test_linear_collapse_and_xor():
    r = linearity.linear_collapse(depth=10, width=8)
    assert r.max_abs_error < 1e-12 * r.max_abs_output
    x = linearity.xor_experiment()
    assert x.linear_accuracy <= 0.75 and x.deep_linear_accuracy <= 0.75
    assert x.nonlinear_accuracy == 1.0 and x.nonlinear_loss < 0.05 < x.linear_loss
    # the trained deep linear network is still one affine map; its best loss is that of p = 1/2
    assert x.deep_linear_collapse_error < 1e-12
    assert x.deep_linear_loss == pytest.approx(np.log(2), abs=1e-6)
    _check_plot(linearity, x)


def test_collapse_holds_at_every_depth_and_matches_the_closed_form():
    d = linearity.collapse_vs_depth()
    assert np.all(d.relative_error < 1e-13) and d.depths[-1] == 100
    _check_plot(type("M", (), {"plot": staticmethod(linearity.plot_collapse)}), d)
    # b = sum_k W_L ... W_{k+1} b_k, written out for three layers
    rng = np.random.default_rng(3)
    Ws = [rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=(2, 4))]
    bs = [rng.normal(size=4), rng.normal(size=4), rng.normal(size=2)]
    W, b = linearity.collapse(Ws, bs)
    np.testing.assert_allclose(W, Ws[2] @ Ws[1] @ Ws[0], rtol=1e-14)
    np.testing.assert_allclose(b, Ws[2] @ Ws[1] @ bs[0] + Ws[2] @ bs[1] + bs[2], rtol=1e-13)
    with pytest.raises(ValueError, match=r"expected W of shape \(m, 4\)"):
        linearity.collapse([Ws[0], Ws[0]], bs[:2])


def test_collapse_mlp_refuses_a_nonlinear_network_and_matches_a_linear_one():
    net = MLP([3, 5, 4, 2], activation="identity", seed=1, bias_init=0.3)
    W, b = linearity.collapse_mlp(net)
    x = np.random.default_rng(0).normal(size=(10, 3))
    np.testing.assert_allclose(net.forward(x), x @ W + b, rtol=1e-13, atol=1e-14)
    with pytest.raises(ValueError, match="applies relu"):
        linearity.collapse_mlp(MLP([3, 5, 2], activation="relu"))


def test_no_line_solves_xor_but_backprop_trains_a_linear_network():
    assert linearity.best_linear_xor_accuracy() == 0.75
    fit = linearity.deep_linear_regression()
    assert fit.losses[-1] < 1e-10 < fit.losses[0] and fit.max_param_error < 1e-5
    _check_plot(type("M", (), {"plot": staticmethod(linearity.plot_linear_fit)}), fit)


def test_gradient_flow_headline():
    sig = gradient_flow.layer_gradient_norms("sigmoid", 20, "he")
    relu = gradient_flow.layer_gradient_norms("relu", 20, "he")
    assert sig.shape == relu.shape == (20,)
    # sigmoid: norms fall by > 1000x from the last layer to the first; relu + He stays level
    assert sig[0] / sig[-1] < 1e-3 and 0.1 < relu[0] / relu[-1] < 10
    np.testing.assert_array_equal(sig, gradient_flow.layer_gradient_norms("sigmoid", 20, "he"))
    res = gradient_flow.gradient_flow(depth=20)
    assert res.ratio("tanh", "xavier") > res.ratio("sigmoid", "xavier") * 100
    # He keeps ReLU's backward signal within 2x from layer 20 to layer 1; Xavier (variance 1/64
    # instead of 2/64 here) halves its variance per layer: 2^(-19/2) ~ 1.4e-3 of it is left
    assert 0.5 < res.signal_ratio("relu", "he") < 2
    assert res.signal_ratio("relu", "xavier") < 3e-3
    # ... while the weight gradients are level under both, Xavier's at 2^(-19/2) of He's level
    assert 0.5 < res.ratio("relu", "xavier") < 2
    level = np.median(res.norms[("relu", "he")] / res.norms[("relu", "xavier")])
    assert level == pytest.approx(2 ** 9.5, rel=0.05)
    assert res.signal_ratio("sigmoid", "he") < 1e-6 and res.signal_ratio("sigmoid", "xavier") < 1e-6
    assert "signal layer 1" in res.table()
    _check_plot(gradient_flow, res)
    with pytest.raises(ValueError, match="depth"):
        gradient_flow.layer_gradient_norms("relu", 0, "he")


def test_dead_units_headline():
    d = dead_units.dead_fraction()
    assert 0.0 <= d < 0.3 and d == dead_units.dead_fraction()
    assert dead_units.dead_fraction(bias_init=-3.0) > 0.8
    assert dead_units.dead_fraction(lr=10.0) > dead_units.dead_fraction(lr=0.1) + 0.5
    assert dead_units.dead_fraction("leaky_relu", lr=10.0, bias_init=-3.0) == 0.0
    assert np.isfinite(dead_units.dead_fraction(lr=10.0, bias_init=3.0))  # clipped, never NaN
    res = dead_units.dead_units()
    assert res.mean(activation="leaky_relu") == 0.0
    assert res.mean(activation="relu", optimizer="adam", lr=3.0) > res.mean(
        activation="relu", optimizer="sgd", lr=0.01) + 0.3
    for opt in ("sgd", "adam"):
        for init in ("he", "xavier"):  # a negative bias init kills units in every setting
            assert res.mean(activation="relu", optimizer=opt, init=init, bias_init=-1.0) > res.mean(
                activation="relu", optimizer=opt, init=init, bias_init=0.0) + 0.2
    # careful init: with bias -1, He's larger weights keep most units alive, Xavier's do not
    assert res.mean(activation="relu", init="xavier", bias_init=-1.0) > 0.9
    assert res.mean(activation="relu", init="he", bias_init=-1.0) < 0.6
    # Leaky ReLU still learns where ReLU lost most units (Adam, lr 3, bias -1)
    harsh = {"optimizer": "adam", "lr": 3.0, "bias_init": -1.0, "init": "he"}
    assert res.mean_accuracy(activation="leaky_relu", **harsh) > res.mean_accuracy(
        activation="relu", **harsh) + 0.1
    fig = dead_units.plot(res)
    colours = {}
    for ax in fig.axes:  # one colour per (activation, bias) line in every panel
        for line in ax.get_lines():
            assert colours.setdefault(line.get_label(), line.get_color()) == line.get_color()
    assert len(colours) == 6
    plt.close(fig)


def test_zero_centring_sign_pattern():
    res = zero_centring.zero_centring()
    assert res.same_sign["sigmoid"] == 1.0 and res.same_sign["relu"] == 1.0
    assert res.same_sign["tanh"] < 0.01
    assert res.mean_input["sigmoid"] > 0.4 and abs(res.mean_input["tanh"]) < 0.05
    _check_plot(zero_centring, res)


def test_zigzag_path_after_sigmoid():
    res = zero_centring.zigzag()
    # every update after a sigmoid moves both weights one way; after tanh about half do
    assert res.same_sign["sigmoid"] == 1.0 and 0.3 < res.same_sign["tanh"] < 0.7
    # so the sigmoid path is longer (zig-zag) and still far from the target when tanh's arrived
    assert res.path_ratio["sigmoid"] > 2 * res.path_ratio["tanh"]
    assert res.distance["tanh"] < 1e-6 < 0.01 < res.distance["sigmoid"]
    fig = zero_centring.plot_zigzag(res)
    assert "100%" in fig.axes[0].get_title()
    plt.close(fig)


def test_selu_self_normalises_with_lecun_init():
    res = selu_norm.selu_norm()
    m, v = res.means[("selu", "lecun")], res.variances[("selu", "lecun")]
    assert np.all(np.abs(m) < 0.1) and np.all(np.abs(v - 1) < 0.1)
    assert res.variances[("selu", "he")][-1] > 10  # He init moves the fixed point
    assert res.variances[("relu", "lecun")][-1] < 1e-3  # ReLU with LeCun init fades
    _check_plot(selu_norm, res)


def test_comparison_reports_noise():
    res = comparison.comparison()
    for a in res.activations:
        acc = res.accuracies[a]
        assert acc.shape == (len(res.seeds),) and acc.min() > 0.85
        lo, hi = res.interval(a)
        assert lo <= res.mean(a) <= hi
    pairs = res.indistinguishable()
    for a, b in pairs:
        assert res.interval(a)[0] <= res.interval(b)[1]
    assert "mean" in res.table() and res.activations[0] in res.table()
    _check_plot(comparison, res)
    with pytest.raises(ValueError, match="2 seeds"):
        comparison.comparison(seeds=(0,))


def test_comparison_intervals_and_noise_verdicts_on_known_numbers():
    acc = {"a": np.array([0.90, 0.92, 0.94]), "b": np.array([0.91, 0.93, 0.95]),
           "c": np.array([0.70, 0.71, 0.72])}
    r = comparison.ComparisonResult(("a", "b", "c"), (0, 1, 2), acc, 1)
    # t_{0.975, 2} = 4.302653; s = 0.02 for "a": half-width 4.302653 * 0.02 / sqrt(3)
    lo, hi = r.interval("a")
    assert hi - 0.92 == pytest.approx(4.302653 * 0.02 / np.sqrt(3), rel=1e-6)
    assert lo == pytest.approx(0.92 - (hi - 0.92))
    assert r.indistinguishable() == [("a", "b")]  # c is far below both
    assert r.table().splitlines()[1].startswith("b")


def test_cost_measures_ratios_at_run_time():
    res = cost.cost(size=20_000, rounds=3, number=2)
    assert ("torch" in res.steps) == (cost.torch is not None)
    for a in ("relu", "sigmoid", "tanh"):
        r = res.op_ratio(a, "actfuncs")
        assert np.isfinite(r) and r > 0 and res.op_ratio(a, "numpy") == 1.0
    assert all(v > 0 for v in res.steps.values())
    _check_plot(cost, res)


def test_cost_runs_without_pytorch(monkeypatch):
    monkeypatch.setattr(cost, "torch", None)
    res = cost.cost(size=5_000, rounds=2, number=1)
    assert res.torch_version is None and set(res.steps) == {"actfuncs"}
    assert {c for _, c in res.ops} == {"actfuncs", "numpy"}
    _check_plot(cost, res)


def test_output_layers():
    res = output_layers.output_layers()
    em = res.exact_match
    assert em[("sigmoid", "multi-label")] > 0.9 and em[("softmax", "multi-class")] > 0.9
    # softmax can give at most one label p > 1/2: every multi-label example is missed
    assert em[("softmax", "multi-label")] <= 1 - res.multi_label_share + 1e-12
    assert res.sum_error[("softmax", "multi-class")] < 1e-12
    assert res.sum_error[("sigmoid", "multi-label")] > 0.1
    _check_plot(output_layers, res)


def test_diagnose_flags_vanishing_and_dead_layers():
    X, y = datasets.moons(200)
    d = diagnose(MLP([2] + [32] * 8 + [1], activation="sigmoid", init="xavier"), X)
    assert d.layers[0].vanishing and not d.layers[-1].vanishing
    assert d.dead_fraction == 0.0 and "vanishing" in str(d) and "<table>" in d._repr_html_()
    d = diagnose(MLP([2, 32, 32, 1], activation="relu", bias_init=-3.0), X, y, loss="bce")
    assert d.layers[0].dead_fraction > 0.5 and d.loss is not None
    assert f"{d.layers[0].dead_fraction:.1%}" in str(d)
    with pytest.raises(ValueError, match="needs targets"):
        diagnose(MLP([2, 4, 1]), X, loss="bce")


def test_first_step_below_smooths_and_counts_from_one():
    losses = np.array([1.0] * 10 + [0.0] * 10)
    # the 10-step mean first reaches 0.5 when five zeros are in the window: step 15
    assert selu_norm.first_step_below(losses, 0.5) == 15
    assert selu_norm.first_step_below(losses, -1.0) is None
    assert selu_norm.first_step_below(losses[:5], 2.0) is None


def test_selu_vs_batchnorm_is_seeded_and_counts_steps():
    a = selu_norm.selu_vs_batchnorm(seeds=(0,), max_steps=200)
    b = selu_norm.selu_vs_batchnorm(seeds=(0,), max_steps=200)
    assert a == b
    assert set(a.steps) == set(selu_norm.RACE_SETUPS)
    selu = a.steps["SELU, LeCun init"][0]
    assert selu is not None and 10 <= selu <= 200
    # a lower bar is reached no later
    easy = selu_norm.selu_vs_batchnorm(seeds=(0,), max_steps=200, target=0.5)
    assert easy.steps["SELU, LeCun init"][0] <= selu
