"""actfuncs.diagnose: dead, saturated, vanishing and exploding layers; outputs; linearity."""

from __future__ import annotations

import math

import numpy as np
import pytest

from actfuncs import datasets
from actfuncs.diagnose import check_outputs, diagnose, linearity_gap
from actfuncs.nn import MLP, TrainingDiverged, normal


@pytest.fixture(scope="module")
def moons():
    X, y = datasets.moons(200, noise=0.1, seed=0)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def test_relu_flat_side_is_not_saturation(moons):
    X, y = moons
    d = diagnose(MLP([2, 32, 32, 1], activation="relu", seed=0), X, y, loss="bce")
    for r in d.layers:
        assert r.zero_fraction > 0.2  # about half the entries sit on the flat side
        assert r.saturated_fraction == 0.0
    assert not any("saturated" in p for p in d.problems)


def test_large_weights_saturate_tanh(moons):
    X, y = moons
    d = diagnose(MLP([2, 64, 64, 1], activation="tanh", init=normal(5.0), seed=0), X, y, loss="bce")
    assert d.layers[1].saturated_fraction > 0.5
    assert any(p.startswith("dense2") and "saturated" in p for p in d.problems)
    ok = diagnose(MLP([2, 64, 64, 1], activation="tanh", init="xavier", seed=0), X, y, loss="bce")
    assert all(r.saturated_fraction < 0.05 for r in ok.layers) and not ok.problems


def test_saturated_limit_is_configurable(moons):
    X, y = moons
    net = MLP([2, 64, 64, 1], activation="tanh", init=normal(5.0), seed=0)
    d = diagnose(net, X, y, loss="bce", saturated_limit=0.99)
    assert not any("saturated" in p for p in d.problems)


def test_dead_units_counted_per_unit(moons):
    X, y = moons
    net = MLP([2, 32, 32, 1], activation="relu", bias_init=-3.0, seed=0)
    d = diagnose(net, X, y, loss="bce")
    net.forward(X)
    expected = np.mean(np.all(net.act_layers[1].last_grad == 0, axis=0))
    assert d.layers[1].dead_fraction == pytest.approx(expected) and expected > 0.5
    leaky = diagnose(MLP([2, 32, 32, 1], activation="leaky_relu", bias_init=-3.0, seed=0), X, y, loss="bce")
    assert leaky.dead_fraction == 0.0


def test_vanishing_relative_and_absolute(moons):
    X, y = moons
    net = MLP([2] + [32] * 8 + [1], activation="sigmoid", init="xavier", seed=0)
    d = diagnose(net, X, y, loss="bce")
    assert d.layers[0].vanishing and not d.layers[-1].vanishing
    norms = [r.grad_norm for r in d.layers]
    assert norms[0] < 1e-3 * d.output_grad_norm
    relu = MLP([2, 32, 32, 1], activation="relu", seed=0)
    assert not any(r.vanishing for r in diagnose(relu, X, y, loss="bce").layers)
    assert all(r.vanishing for r in diagnose(relu, X, y, loss="bce", min_norm=1e6).layers)


def test_exploding_needs_an_absolute_limit(moons):
    X, y = moons
    net = MLP([2] + [32] * 6 + [1], activation="relu", init=normal(1.0), seed=0)
    rel = diagnose(net, X, y, loss="bce")
    assert not any(r.exploding for r in rel.layers)  # every layer is huge, relative check is blind
    ab = diagnose(net, X, y, loss="bce", max_norm=1e3)
    assert all(r.exploding for r in ab.layers) and any("exploding" in p for p in ab.problems)


def test_nonfinite_forward_raises_and_names_the_layer():
    net = MLP([2, 8, 1], activation="relu", seed=0)
    net.dense_layers[0].W[:] = np.inf
    with pytest.raises(TrainingDiverged, match="dense1"):
        diagnose(net, np.ones((4, 2)))


def test_reports_skip_the_output_activation_and_keep_weights(moons):
    X, y = moons
    net = MLP([2, 16, 8, 1], activation="tanh", init="xavier", seed=0, output_activation="sigmoid")
    before = [w.copy() for w in net.params]
    d = diagnose(net, X)
    assert [r.name for r in d.layers] == ["dense1", "dense2"]
    assert [r.units for r in d.layers] == [16, 8]
    assert d.loss is None
    assert all(np.array_equal(a, b) for a, b in zip(before, net.params, strict=True))


def test_gated_layers_report_width_and_no_saturation(moons):
    X, y = moons
    d = diagnose(MLP([2, 16, 1], activation="swiglu", seed=0), X, y, loss="bce")
    assert d.layers[0].units == 16 and math.isnan(d.layers[0].saturated_fraction)


def test_argument_errors(moons):
    X, _ = moons
    net = MLP([2, 4, 1], seed=0)
    with pytest.raises(ValueError, match="needs targets"):
        diagnose(net, X, loss="bce")
    with pytest.raises(ValueError, match="threshold"):
        diagnose(net, X, threshold=-1.0)
    with pytest.raises(ValueError, match="vanish"):
        diagnose(net, X, vanish=float("nan"))


def test_text_and_html_show_the_numbers(moons):
    X, y = moons
    d = diagnose(MLP([2, 32, 32, 1], activation="relu", bias_init=-3.0, seed=0), X, y, loss="bce")
    s, h = str(d), d._repr_html_()
    assert f"{d.layers[1].dead_fraction:.1%}" in s and "dead" in s
    assert "<table>" in h and "dead" in h
    clean = diagnose(MLP([2, 8, 1], activation="leaky_relu", seed=0), X, y, loss="bce")
    assert "no dead, saturated" in str(clean)


# -- linearity_gap ---------------------------------------------------------------------------
def test_linearity_gap_tells_affine_from_nonlinear(moons):
    X, _ = moons
    lin = MLP([2, 16, 16, 1], activation="identity", seed=0)
    assert linearity_gap(lin, X) < 1e-12
    assert linearity_gap(MLP([2, 16, 16, 1], activation="relu", seed=0), X) > 1e-2
    assert linearity_gap(MLP([2, 16, 16, 1], activation="tanh", seed=0), X) > 1e-3
    with pytest.raises(ValueError, match="shape"):
        linearity_gap(lin, X[:1])


# -- check_outputs ---------------------------------------------------------------------------
def test_check_outputs_binary_range():
    assert not check_outputs([0.0, 0.3, 1.0], "binary").problems
    c = check_outputs([-0.2, 0.5, 1.1, 0.9], "binary")
    assert c.out_of_range == pytest.approx(0.5) and "outside [0, 1]" in str(c)


def test_check_outputs_multiclass_rows():
    good = np.array([[0.2, 0.8], [0.5, 0.5]])
    assert not check_outputs(good, "multiclass").problems
    bad = np.array([[0.2, 0.7], [0.5, 0.5]])
    assert any("sum to 1" in p for p in check_outputs(bad, "multiclass").problems)


def test_check_outputs_multilabel_flags_softmax_only_when_labels_overlap():
    p = np.array([[0.5, 0.5], [0.9, 0.1]])
    overlap = np.array([[1, 1], [1, 0]])
    single = np.array([[1, 0], [1, 0]])
    c = check_outputs(p, "multilabel", overlap)
    assert c.sums_to_one and c.multi_label_share == pytest.approx(0.5) and "compete" in str(c)
    assert not check_outputs(p, "multilabel", single).problems
    assert not check_outputs(np.array([[0.9, 0.8], [0.9, 0.1]]), "multilabel", overlap).problems


def test_check_outputs_regression_reach():
    y = np.array([-2.0, -1.0, 0.5, 1.0])
    c = check_outputs(np.array([0.0, 0.0, 0.5, 1.0]), "regression", y)
    assert c.out_of_range == pytest.approx(0.5)
    assert not check_outputs(y + 0.0, "regression", y).problems
    with pytest.raises(ValueError, match="targets"):
        check_outputs(y, "regression")
    with pytest.raises(ValueError, match="choose one of"):
        check_outputs(y, "ranking")
