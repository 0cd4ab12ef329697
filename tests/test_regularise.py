"""Batch normalisation and dropout in the NumPy lab: gradients against finite differences,
normalised outputs, running statistics in evaluation, inverted scaling, errors, seeding, and
that the defaults leave the network unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from actfuncs import datasets
from actfuncs.diagnose import diagnose
from actfuncs.nn import MLP, MSE, Act, BatchNorm, Dense, Dropout, accuracy, train

H = 1e-6


def _fd(f, x: np.ndarray) -> np.ndarray:
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += H
        xm[i] -= H
        g[i] = (f(xp) - f(xm)) / (2 * H)
    return g


def _bn(width=4, seed=0) -> BatchNorm:
    bn = BatchNorm(width)
    rng = np.random.default_rng(seed)
    bn.gamma[:] = rng.uniform(0.5, 2.0, width)
    bn.beta[:] = rng.normal(size=width)
    return bn


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_gradients_match_finite_differences(training):
    rng = np.random.default_rng(1)
    x = rng.normal(2.0, 3.0, size=(6, 4))
    r = rng.normal(size=x.shape)
    bn = _bn()
    bn.running_mean[:] = [0.5, -1.0, 2.0, 0.0]
    bn.running_var[:] = [1.5, 0.3, 4.0, 2.0]
    bn.training = training
    frozen = (bn.running_mean.copy(), bn.running_var.copy())

    def loss_x(xx):
        bn.running_mean[:], bn.running_var[:] = frozen  # training passes move them; the loss must not
        return float(np.sum(bn.forward(xx) * r))

    num_x = _fd(loss_x, x)
    loss_x(x)
    got_x = bn.backward(r)
    np.testing.assert_allclose(got_x, num_x, rtol=1e-6, atol=1e-8)
    for p, grad in zip(bn.params, [g.copy() for g in bn.grads], strict=True):
        def loss_p(q, p=p):
            old = p.copy()
            p[...] = q
            v = loss_x(x)
            p[...] = old
            return v

        np.testing.assert_allclose(grad, _fd(loss_p, p.copy()), rtol=1e-6, atol=1e-8)


def test_batchnorm_input_gradient_is_not_the_naive_one():
    """The mean and variance depend on every row: dropping those terms (g * gamma / s) is wrong,
    and the check above would catch it; here the two differ by far more than rounding."""
    x = np.random.default_rng(2).normal(size=(5, 3))
    r = np.random.default_rng(3).normal(size=x.shape)
    bn = _bn(3)
    bn.forward(x)
    naive = r * bn.gamma / np.sqrt(x.var(axis=0) + bn.eps)
    assert np.max(np.abs(bn.backward(r) - naive)) > 0.1
    # the batch gradient sums to 0 over the rows: shifting every row equally changes nothing
    np.testing.assert_allclose(bn.backward(r).sum(axis=0), 0, atol=1e-12)


def test_batchnorm_training_output_has_zero_mean_unit_variance():
    x = np.random.default_rng(4).normal([5.0, -3.0, 0.0], [10.0, 0.1, 2.0], size=(200, 3))
    y = BatchNorm(3).forward(x)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=0), x.var(axis=0) / (x.var(axis=0) + 1e-5), rtol=1e-12)
    np.testing.assert_allclose(y.var(axis=0), 1, atol=1e-3)


def test_batchnorm_running_statistics_and_evaluation_mode():
    rng = np.random.default_rng(5)
    bn = BatchNorm(2, momentum=0.25)
    batches = [rng.normal([3.0, -1.0], [2.0, 0.5], size=(8, 2)) for _ in range(3)]
    m, v = np.zeros(2), np.ones(2)
    for b in batches:
        bn.forward(b)
        m = 0.75 * m + 0.25 * b.mean(axis=0)
        v = 0.75 * v + 0.25 * b.var(axis=0, ddof=1)
    np.testing.assert_allclose(bn.running_mean, m, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, v, rtol=1e-12)
    bn.training = False
    x = rng.normal(size=(4, 2))
    np.testing.assert_allclose(bn.forward(x), (x - m) / np.sqrt(v + bn.eps), rtol=1e-12)
    np.testing.assert_allclose(bn.running_mean, m, rtol=0)  # evaluation leaves them alone
    # one row is fine in evaluation, an error in training
    assert bn.forward(x[:1]).shape == (1, 2)
    bn.training = True
    with pytest.raises(ValueError, match="at least 2 rows, got 1"):
        bn.forward(x[:1])


def test_dropout_inverted_scaling_keeps_the_mean_and_eval_is_identity():
    x = np.full((400, 500), 3.0)
    d = Dropout(0.3, rng=0)
    y = d.forward(x)
    kept = y != 0
    assert abs(kept.mean() - 0.7) < 0.005  # 200,000 draws: sd of the share ~ 0.001
    np.testing.assert_allclose(y[kept], 3.0 / 0.7, rtol=1e-15)
    assert abs(y.mean() - 3.0) < 0.02
    np.testing.assert_array_equal(d.backward(np.ones_like(x)), d.mask)
    d.training = False
    z = np.random.default_rng(0).normal(size=(3, 4))
    assert d.forward(z) is not None and np.array_equal(d.forward(z), z)
    np.testing.assert_array_equal(d.backward(z), z)
    # p = 0 draws nothing and changes nothing
    d0 = Dropout(0.0, rng=np.random.default_rng(9))
    state = d0.rng.bit_generator.state
    np.testing.assert_array_equal(d0.forward(z), z)
    assert d0.rng.bit_generator.state == state


def test_dropout_is_seeded_and_draws_a_new_mask_each_pass():
    x = np.ones((6, 8))
    a, b = Dropout(0.5, rng=7), Dropout(0.5, rng=7)
    ya1, ya2 = a.forward(x), a.forward(x)
    np.testing.assert_array_equal(ya1, b.forward(x))
    np.testing.assert_array_equal(ya2, b.forward(x))
    assert not np.array_equal(ya1, ya2)
    a.keep_mask = True
    np.testing.assert_array_equal(a.forward(2 * x), 2 * ya2)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan"), float("inf")])
def test_dropout_rate_outside_range_is_named(p):
    with pytest.raises(ValueError, match=r"p=.* is outside the allowed range 0 <= p < 1"):
        Dropout(p)
    with pytest.raises(ValueError, match=r"Dropout 'dropout1': p=.* outside"):
        MLP([2, 4, 1], dropout=p)


def test_other_parameter_errors():
    with pytest.raises(TypeError, match="p must be a real number"):
        Dropout("half")
    with pytest.raises(TypeError, match="rng must be"):
        Dropout(0.1, rng="seed")
    with pytest.raises(ValueError, match=r"momentum=0\.0 is outside the allowed range \(0, 1\]"):
        BatchNorm(3, momentum=0.0)
    with pytest.raises(ValueError, match="eps=-1.0 must be finite and > 0"):
        BatchNorm(3, eps=-1.0)
    with pytest.raises(ValueError, match=r"expected input of shape \(n, 3\), got \(4, 2\)"):
        BatchNorm(3).forward(np.zeros((4, 2)))
    with pytest.raises(TypeError, match="batch_norm must be True or False"):
        MLP([2, 4, 1], batch_norm="yes")
    with pytest.raises(RuntimeError, match="before forward"):
        BatchNorm(2).backward(np.zeros((3, 2)))


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "softplus", "elu", "swiglu"])
@pytest.mark.parametrize("kw", [{"batch_norm": True}, {"dropout": 0.3}, {"batch_norm": True, "dropout": 0.3}])
def test_mlp_gradients_through_batchnorm_and_fixed_dropout(activation, kw):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 3))
    t = rng.normal(size=(7, 2))
    net = MLP([3, 5, 4, 2], activation=activation, init="xavier", seed=0, bias_init=0.1, **kw)
    for bn in net.norm_layers:
        bn.gamma[:] = rng.uniform(0.5, 1.5, bn.width)
        bn.beta[:] = rng.normal(scale=0.3, size=bn.width)
    lossf = MSE()
    value, g = lossf(net.forward(X), t)
    net.backward(g)
    for d in net.dropout_layers:
        assert 0 < np.mean(d.mask == 0) < 1
        d.keep_mask = True
    assert len(net.params) == 6 + 4 * kw.get("batch_norm", False)
    for p, grad in zip(net.params, [g.copy() for g in net.grads], strict=True):
        def f(q, p=p):
            old = p.copy()
            p[...] = q
            v = lossf(net.forward(X), t)[0]
            p[...] = old
            return v

        np.testing.assert_allclose(grad, _fd(f, p.copy()), rtol=2e-5, atol=1e-8)


def test_layer_order_and_defaults_add_nothing():
    net = MLP([2, 6, 4, 1], activation=["relu", "glu"], batch_norm=True, dropout=0.2)
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Dense", "BatchNorm", "Act", "Dropout"] * 2 + ["Dense"]
    assert [bn.width for bn in net.norm_layers] == [6, 8]  # the gated layer is twice as wide
    plain = MLP([2, 6, 4, 1], activation=["relu", "glu"])
    assert all(isinstance(layer, (Dense, Act)) for layer in plain.layers)
    for a, b in zip(net.dense_layers, plain.dense_layers, strict=True):  # same weights either way
        np.testing.assert_array_equal(a.W, b.W)


def test_defaults_train_bit_for_bit_like_before():
    """Default arguments give the same numbers as passing batch_norm=False, dropout=0, and
    evaluation mode is the same function as training mode for such a network."""
    X, y = datasets.moons(200, seed=1)
    h1 = train(a := MLP([2, 16, 16, 1], seed=3), X, y, optimizer="adam", lr=0.01, steps=50, batch_size=32)
    h2 = train(b := MLP([2, 16, 16, 1], seed=3, batch_norm=False, dropout=0.0), X, y,
               optimizer="adam", lr=0.01, steps=50, batch_size=32)
    np.testing.assert_array_equal(h1.losses, h2.losses)
    np.testing.assert_array_equal(a.forward(X), b.predict(X))


def test_mlp_training_and_evaluation_modes():
    X, y = datasets.moons(256, noise=0.2, seed=0)
    net = MLP([2, 32, 32, 1], batch_norm=True, dropout=0.2, seed=0)
    assert net.training
    h = train(net, X, y, optimizer="adam", lr=0.01, steps=150, batch_size=64)
    assert h.final_loss < 0.3 and accuracy(net, X, y) > 0.9
    assert net.training  # accuracy() evaluated without leaving training mode behind
    with net.evaluating():
        assert not net.training and not any(layer.training for layer in net.norm_layers + net.dropout_layers)
        e1, e2 = net.forward(X), net.forward(X)
    np.testing.assert_array_equal(e1, e2)  # deterministic in evaluation
    assert not np.array_equal(net.forward(X), net.forward(X))  # dropout masks differ in training
    # evaluation normalises with the running statistics, not the batch's
    bn = net.norm_layers[0]
    with net.evaluating():
        net.forward(X[:5])
    z = net.outputs[0]
    np.testing.assert_allclose(net.outputs[1], bn.gamma * (z - bn.running_mean)
                               / np.sqrt(bn.running_var + bn.eps) + bn.beta, rtol=1e-12)
    # gamma and beta were trained
    assert not np.allclose(bn.gamma, 1) and not np.allclose(bn.beta, 0)


def test_seeded_runs_with_dropout_and_batchnorm_are_reproducible():
    X, y = datasets.moons(128, seed=2)
    runs = [train(MLP([2, 16, 1], batch_norm=True, dropout=0.5, seed=s), X, y, steps=30,
                  batch_size=32, seed=0).losses for s in (4, 4, 5)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_hooks_and_diagnostics_see_the_new_layers():
    X, y = datasets.moons(200, seed=0)
    net = MLP([2, 16, 16, 1], activation="relu", batch_norm=True, dropout=0.25, seed=0)
    h = train(net, X, y, steps=5, record=True, batch_size=50)
    assert h.stats["mean"].shape == (5, 2) and h.grad_norms.shape == (5, 3)
    assert h.dead_on_data.shape == (2,)
    d = diagnose(net, X, y, loss="bce")
    assert [r.name for r in d.layers] == ["dense1", "dense2"] and all(r.units == 16 for r in d.layers)
    # batch norm keeps each pre-activation centred: about half of each ReLU layer is zero
    assert all(0.3 < r.zero_fraction < 0.7 for r in d.layers)
    assert [bn.name for bn in net.norm_layers] == ["bn1", "bn2"]
    assert [layer.name for layer in net.dropout_layers] == ["dropout1", "dropout2"]


def test_diagnose_leaves_running_statistics_and_generator_alone():
    X, y = datasets.moons(100, seed=0)
    net = MLP([2, 8, 8, 1], batch_norm=True, dropout=0.5, seed=0)
    before = [bn.running_mean.copy() for bn in net.norm_layers], net.rng.bit_generator.state
    W = [d.W.copy() for d in net.dense_layers]
    diagnose(net, X, y, loss="bce")
    assert all(np.array_equal(a, bn.running_mean) for a, bn in zip(before[0], net.norm_layers, strict=True))
    assert net.rng.bit_generator.state == before[1]
    assert all(np.array_equal(a, d.W) for a, d in zip(W, net.dense_layers, strict=True))
