"""The NumPy network lab: gradients against finite differences, losses against formulas,
optimisers on a quadratic, seeding, recording hooks and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actfuncs
from actfuncs import datasets
from actfuncs.nn import (
    MLP,
    MSE,
    SGD,
    Act,
    Adam,
    BCEWithLogits,
    Dense,
    Momentum,
    SoftmaxCrossEntropy,
    TrainingDiverged,
    accuracy,
    initializer,
    train,
)

H = 1e-6


def _fd(f, x: np.ndarray) -> np.ndarray:
    """Central finite differences of the scalar f at every entry of x."""
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += H
        xm[i] -= H
        g[i] = (f(xp) - f(xm)) / (2 * H)
    return g


def _inputs(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """Seeded uniform inputs on (-4, 4): a kink (at 0, ±1, ±3, 6, ...) lies within H of one of
    them with probability ~1e-5, and the test below checks that none does."""
    return np.random.default_rng(seed).uniform(-4, 4, size=shape)


@pytest.mark.parametrize("name", actfuncs.names("elementwise"))
def test_activation_layer_gradient_matches_finite_differences(name):
    layer = Act(name)
    z = _inputs((6, 5))
    r = np.random.default_rng(1).normal(size=z.shape)

    def loss(zz):
        return float(np.sum(layer.forward(zz) * r))

    num = _fd(loss, z)
    layer.forward(z)
    got = layer.backward(r)
    # input choice: no input may sit within 2H of a kink (second difference stays bounded)
    f = layer.act.fn
    curv = np.abs(f(z + H) - 2 * f(z) + f(z - H)) / H**2
    assert np.all(curv < 1e3), f"{name}: an input lies on a kink; pick other inputs"
    np.testing.assert_allclose(got, num, rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("name", actfuncs.names("gated"))
def test_gated_layer_vjp_matches_finite_differences(name):
    layer = Act(name)
    z = _inputs((4, 6))
    r = np.random.default_rng(2).normal(size=(4, 3))
    num = _fd(lambda zz: float(np.sum(layer.forward(zz) * r)), z)
    layer.forward(z)
    np.testing.assert_allclose(layer.backward(r), num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    "activation,loss,k",
    [("tanh", "mse", 2), ("softplus", "bce", 3), ("elu", "cross_entropy", 4), ("swiglu", "bce", 1)],
)
def test_mlp_parameter_gradients_match_finite_differences(activation, loss, k):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 3))
    y = {"mse": rng.normal(size=(7, k)), "bce": rng.integers(0, 2, size=(7, k)),
         "cross_entropy": rng.integers(0, k, size=7)}[loss]
    net = MLP([3, 5, 4, k], activation=activation, init="xavier", seed=0, bias_init=0.1)
    lossf = actfuncs.nn.loss(loss)
    value, g = lossf(net.forward(X), y)
    net.backward(g)
    for p, grad in zip(net.params, net.grads, strict=True):
        def f(q, p=p):
            old = p.copy()
            p[...] = q
            v = lossf(net.forward(X), y)[0]
            p[...] = old
            return v

        np.testing.assert_allclose(grad, _fd(f, p.copy()), rtol=1e-5, atol=1e-9)


def test_input_gradient_of_dense():
    rng = np.random.default_rng(0)
    d = Dense(3, 2, rng)
    x = rng.normal(size=(4, 3))
    r = rng.normal(size=(4, 2))
    num = _fd(lambda xx: float(np.sum(d.forward(xx) * r)), x)
    d.forward(x)
    np.testing.assert_allclose(d.backward(r), num, rtol=1e-7, atol=1e-9)


# -- losses -------------------------------------------------------------------------------


def test_mse_matches_formula():
    z = np.array([[1.0, 2.0], [3.0, -1.0]])
    t = np.array([[0.0, 2.0], [1.0, 1.0]])
    v, g = MSE()(z, t)
    assert v == pytest.approx(0.5 * (1 + 0 + 4 + 4) / 2)
    np.testing.assert_allclose(g, (z - t) / 2)


def test_bce_matches_formula_and_survives_extreme_logits():
    z = np.array([[-3.0], [0.5], [2.0]])
    t = np.array([[0.0], [1.0], [1.0]])
    s = 1 / (1 + np.exp(-z))
    direct = -np.mean(t * np.log(s) + (1 - t) * np.log(1 - s))
    v, g = BCEWithLogits()(z, t)
    assert v == pytest.approx(direct, rel=1e-14)
    np.testing.assert_allclose(g, (s - t) / 3, rtol=1e-14)
    # extreme logits: exact limits, no log(0), no warnings (pytest runs with -W error)
    v, g = BCEWithLogits()(np.array([[1000.0], [-1000.0], [1000.0], [-1000.0]]), [0, 1, 1, 0])
    assert v == pytest.approx((1000 + 1000 + 0 + 0) / 4)
    np.testing.assert_array_equal(g[:, 0], [0.25, -0.25, 0.0, 0.0])
    v, _ = BCEWithLogits()(np.array([[40.0]]), [1])
    assert v == pytest.approx(math.exp(-40), rel=1e-12)  # log1p(e^-40), not 0 and not log(1-...)


def test_cross_entropy_matches_formula_and_survives_extreme_logits():
    z = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
    y = np.array([1, 0])
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    direct = -np.mean(np.log(p[[0, 1], y]))
    v, g = SoftmaxCrossEntropy()(z, y)
    assert v == pytest.approx(direct, rel=1e-14)
    np.testing.assert_allclose(g, (p - np.eye(3)[y]) / 2, rtol=1e-13)
    # same result for one-hot targets
    assert SoftmaxCrossEntropy()(z, np.eye(3)[y])[0] == pytest.approx(v, rel=1e-15)
    big = np.array([[1000.0, 0.0, -1000.0]])
    assert SoftmaxCrossEntropy()(big, [0])[0] == 0.0
    assert SoftmaxCrossEntropy()(big, [2])[0] == pytest.approx(2000.0)
    assert np.all(np.isfinite(SoftmaxCrossEntropy()(big, [2])[1]))


@pytest.mark.parametrize("lossf,y", [(MSE(), "real"), (BCEWithLogits(), "binary"),
                                     (SoftmaxCrossEntropy(), "labels")])
def test_loss_gradients_match_finite_differences(lossf, y):
    rng = np.random.default_rng(5)
    z = rng.normal(size=(4, 3)) * 3
    t = {"real": rng.normal(size=(4, 3)), "binary": rng.integers(0, 2, size=(4, 3)),
         "labels": rng.integers(0, 3, size=4)}[y]
    num = _fd(lambda zz: lossf(zz, t)[0], z)
    np.testing.assert_allclose(lossf(z, t)[1], num, rtol=1e-6, atol=1e-10)


# -- optimisers ---------------------------------------------------------------------------

A = np.array([[3.0, 0.5], [0.5, 1.0]])
B = np.array([1.0, -2.0])


@pytest.mark.parametrize("opt,steps", [(SGD(0.2), 300), (Momentum(0.05, 0.9), 300),
                                       (Adam(0.05), 2000)])
def test_optimisers_minimise_a_quadratic(opt, steps):
    theta = np.zeros(2)
    for _ in range(steps):
        opt.step([theta], [A @ theta - B])
    np.testing.assert_allclose(theta, np.linalg.solve(A, B), atol=1e-6)


def test_adam_first_step_is_lr_times_sign_and_momentum_accumulates():
    theta, g = np.zeros(3), np.array([5.0, -1e-3, 2.0])
    Adam(0.1).step([theta], [g])  # bias correction: m_hat = g, v_hat = g^2
    np.testing.assert_allclose(theta, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    p, m = np.zeros(1), Momentum(1.0, beta=0.5)
    m.step([p], [np.ones(1)])
    m.step([p], [np.ones(1)])
    assert p[0] == -(1 + 1.5)


# -- model, training, seeding -------------------------------------------------------------


def test_xor_solved_and_training_is_reproducible():
    X, y = datasets.xor()
    runs = []
    for _ in range(2):
        net = MLP([2, 8, 1], activation="tanh", init="xavier", seed=4)
        h = train(net, X, y, loss="bce", optimizer="adam", lr=0.05, steps=300)
        runs.append((h.losses, net.params))
        assert accuracy(net, X, y) == 1.0
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    for a, b in zip(runs[0][1], runs[1][1], strict=True):
        np.testing.assert_array_equal(a, b)
    other = MLP([2, 8, 1], activation="tanh", init="xavier", seed=5)
    assert not np.array_equal(other.params[0], runs[0][1][0])


def test_minibatches_are_seeded():
    X, y = datasets.moons(100, seed=0)
    hs = [train(MLP([2, 8, 1], seed=0), X, y, steps=20, batch_size=16, seed=s).losses
          for s in (1, 1, 2)]
    np.testing.assert_array_equal(hs[0], hs[1])
    assert not np.array_equal(hs[0], hs[2])


def test_recording_hooks_measure_dead_and_saturated_units():
    X, y = datasets.moons(100, seed=0)
    net = MLP([2, 16, 16, 1], activation="relu", seed=0, bias_init=-10.0)
    h = train(net, X, y, steps=3, record=True)
    assert h.stats["dead_fraction"].shape == (3, 2) and h.grad_norms.shape == (3, 3)
    assert np.all(h.stats["dead_fraction"][:, 0] == 1.0)  # all pre-activations < 0
    assert np.all(h.stats["zero_fraction"] == 1.0) and np.all(h.stats["saturated_fraction"] == 1.0)
    assert np.all(h.grad_norms[:, 0] == 0.0)  # no gradient reaches the first layer
    net = MLP([2, 16, 1], activation="sigmoid", init="xavier", seed=0)
    h = train(net, X, y, steps=2, record=True)
    assert h.stats["dead_fraction"].max() == 0.0 and h.stats["zero_fraction"].max() == 0.0
    assert 0.3 < h.stats["mean"][0, 0] < 0.7 and h.stats["var"][0, 0] > 0


def test_initialiser_variances():
    rng = np.random.default_rng(0)
    for name, var in (("he", 2 / 400), ("xavier_uniform", 2 / 600), ("lecun_uniform", 1 / 400),
                      ("glorot", 2 / 600)):
        W = initializer(name)(400, 200, rng)
        assert W.shape == (400, 200)
        assert W.var() == pytest.approx(var, rel=0.02), name
    assert initializer(actfuncs.nn.normal(0.5))(300, 300, rng).std() == pytest.approx(0.5, rel=0.02)


# -- errors -------------------------------------------------------------------------------


def test_shape_and_label_errors_name_the_expected_shape():
    net = MLP([3, 4, 2], seed=0)
    with pytest.raises(ValueError, match=r"expected input of shape \(n, 3\), got \(5, 2\)"):
        net.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"expected X of shape \(n, 3\)"):
        train(net, np.zeros((5, 2)), np.zeros(5, int), loss="cross_entropy")
    with pytest.raises(ValueError, match=r"labels must be integers in 0\.\.1"):
        SoftmaxCrossEntropy()(np.zeros((2, 2)), [0, 2])
    with pytest.raises(ValueError, match=r"shape \(n,\) or one-hot of shape \(n, 2\)"):
        SoftmaxCrossEntropy()(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"expected targets of shape \(2, 1\)"):
        BCEWithLogits()(np.zeros((2, 1)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        BCEWithLogits()(np.zeros((2, 1)), [0, 2])
    with pytest.raises(ValueError, match=r"expected upstream gradient of shape \(5, 4\)"):
        net.forward(np.zeros((5, 3)))
        net.layers[0].backward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"expected y with 5 rows"):
        train(net, np.zeros((5, 3)), np.zeros(4, int))


def test_bad_names_and_parameters():
    with pytest.raises(actfuncs.UnknownActivationError, match="did you mean"):
        MLP([2, 3, 1], activation="rleu")
    with pytest.raises(ValueError, match="expected one activation name or a sequence of 2, got 3"):
        MLP([2, 3, 3, 1], activation=["relu", "tanh", "elu"])
    with pytest.raises(ValueError, match="sequence of 3 \\(one per Dense layer\\), got 2"):
        MLP([2, 3, 3, 1], init=["he", "he"])
    with pytest.raises(ValueError, match="'normal:<scale>'"):
        initializer("normal:big")
    with pytest.raises(ValueError, match="did you mean 'xavier'"):
        MLP([2, 3, 1], init="xavir")
    with pytest.raises(ValueError, match="unknown optimiser"):
        train(MLP([2, 1]), np.zeros((2, 2)), [0, 1], optimizer="rmsprop")
    with pytest.raises(ValueError, match=r"lr=-1\.0 is outside"):
        SGD(-1.0)
    with pytest.raises(TypeError, match="Generator"):
        Dense(2, 2, rng=0)


def test_divergence_raises_naming_layer_and_step():
    X = np.random.default_rng(0).normal(size=(64, 2)) * 10
    y = X[:, :1] * 100
    net = MLP([2, 16, 16, 1], activation="relu", seed=0)
    seen = []
    with pytest.raises(TrainingDiverged, match=r"at step \d+: non-finite values first appear in "
                                               r"layer '(dense\d|act\d|output)'") as e:
        train(net, X, y, loss="mse", optimizer="sgd", lr=10.0, steps=200,
              callback=lambda step, model, value: seen.append(step))
    # the step named is the first whose loss was not finite: every earlier step completed
    assert e.value.step > 0 and seen == list(range(e.value.step))
    # the layer named is the first whose output holds inf/NaN; the layers before it are finite
    names = [layer.name for layer in net.layers]
    first = names.index(e.value.layer)
    assert not np.all(np.isfinite(net.outputs[first]))
    assert all(np.all(np.isfinite(o)) for o in net.outputs[:first])


def test_overflowing_loss_with_finite_layers_names_the_largest_layer():
    X = np.full((4, 2), 1e160)
    net = MLP([2, 3, 1], activation="identity", init="normal:1.0", seed=0)
    with pytest.raises(TrainingDiverged, match=r"at step 0: .*largest \|value\|") as e:
        train(net, X, np.zeros((4, 1)), loss="mse", steps=3)
    largest = max(range(len(net.layers)), key=lambda i: np.max(np.abs(net.outputs[i])))
    assert e.value.layer == net.layers[largest].name


def test_bad_training_inputs_are_named_before_any_step():
    net = MLP([2, 4, 3], seed=0)
    X = np.zeros((5, 2))
    X[3, 1] = np.nan
    calls = []
    with pytest.raises(ValueError, match=r"X must be finite; X\[3, 1\] = nan"):
        train(net, X, np.zeros(5, int), loss="cross_entropy", callback=lambda *a: calls.append(a))
    with pytest.raises(ValueError, match=r"integers in 0\.\.2, got dtype <U1"):
        train(net, np.zeros((5, 2)), np.array(list("abcab")), loss="cross_entropy",
              callback=lambda *a: calls.append(a))
    with pytest.raises(ValueError, match=r"one-hot of shape \(n, 3\)"):
        train(net, np.zeros((5, 2)), np.zeros((5, 1), int), loss="cross_entropy",
              callback=lambda *a: calls.append(a))
    with pytest.raises(TypeError, match="X of real numbers"):
        train(net, np.array([["a", "b"]]), [0], loss="cross_entropy")
    assert calls == []
    with pytest.raises(ValueError, match=r"accuracy: expected labels of shape \(5,\), got \(5, 3\)"):
        accuracy(net, np.zeros((5, 2)), np.zeros((5, 3), int))


def test_output_activation_layer_is_differentiated_too():
    rng = np.random.default_rng(7)
    X, t = rng.normal(size=(5, 2)), rng.uniform(size=(5, 2))
    net = MLP([2, 4, 2], activation="softsign", output_activation="sigmoid", seed=1)
    assert net.layers[-1].name == "output_act"
    value, g = MSE()(net.forward(X), t)
    assert np.all((net.forward(X) > 0) & (net.forward(X) < 1))
    net.backward(g)
    W = net.dense_layers[-1].W

    def f(q):
        old = W.copy()
        W[...] = q
        v = MSE()(net.forward(X), t)[0]
        W[...] = old
        return v

    np.testing.assert_allclose(net.dense_layers[-1].grads[0], _fd(f, W.copy()), rtol=1e-6, atol=1e-10)


# -- every registry activation inside a network -------------------------------------------


def _param_fd_check(net, X, t, lossf, rtol=1e-5):
    value, g = lossf(net.forward(X), t)
    net.backward(g)
    for p, grad in zip(net.params, net.grads, strict=True):
        def f(q, p=p):
            old = p.copy()
            p[...] = q
            v = lossf(net.forward(X), t)[0]
            p[...] = old
            return v

        np.testing.assert_allclose(grad, _fd(f, p.copy()), rtol=rtol, atol=1e-9)


@pytest.mark.parametrize("name", actfuncs.names())
def test_every_activation_trains_inside_a_network_with_exact_gradients(name):
    """Each registry activation as a hidden layer (and, unless gated, as the output layer):
    every weight's gradient from manual back-propagation matches finite differences."""
    rng = np.random.default_rng(11)
    X = rng.uniform(-1.5, 1.5, size=(5, 3))
    t = rng.normal(size=(5, 2))
    gated = actfuncs.spec(name).kind == "gated"
    net = MLP([3, 4, 2], activation=name, init="xavier", seed=2, bias_init=0.05,
              output_activation=None if gated else name)
    # a non-zero output bias keeps the output pre-activation off the kink at 0 even when every
    # hidden unit outputs 0 (ReLU, step)
    net.dense_layers[-1].b[:] = [0.37, -0.41]
    assert sum(isinstance(layer, Act) for layer in net.layers) == (1 if gated else 2)
    _param_fd_check(net, X, t, MSE())


@pytest.mark.parametrize("name", actfuncs.names("vector"))
def test_vector_activation_layer_matches_finite_differences(name):
    layer = Act(name)
    z = _inputs((4, 5))
    r = np.random.default_rng(3).normal(size=z.shape)
    num = _fd(lambda zz: float(np.sum(layer.forward(zz) * r)), z)
    layer.forward(z)
    np.testing.assert_allclose(layer.backward(r), num, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(layer.forward(z), actfuncs.get(name)(z, axis=-1))


def test_one_activation_per_layer_and_one_initialiser_per_dense_layer():
    net = MLP([3, 4, 6, 2], activation=["tanh", "swiglu"], init=["xavier", "he", "normal:0.1"],
              activation_params=[None, None], seed=0)
    acts = [layer.act.name for layer in net.act_layers]
    assert acts == ["tanh", "swiglu"] and net.activations == ("tanh", "swiglu")
    assert [d.W.shape for d in net.dense_layers] == [(3, 4), (4, 12), (6, 2)]
    assert net.dense_layers[-1].W.std() < 0.2
    rng = np.random.default_rng(1)
    _param_fd_check(net, rng.normal(size=(6, 3)), rng.integers(0, 2, size=6), SoftmaxCrossEntropy())
    net = MLP([2, 3, 3, 1], activation=["leaky_relu", "leaky_relu"],
              activation_params=[{"alpha": 0.3}, {"alpha": 0.01}])
    assert [layer.act.params["alpha"] for layer in net.act_layers] == [0.3, 0.01]


def test_callback_hook_and_dead_units_on_the_whole_data():
    X, y = datasets.moons(120, seed=1)
    net = MLP([2, 16, 16, 1], activation="relu", seed=3, bias_init=-0.8)
    seen = []
    h = train(net, X, y, steps=12, batch_size=32, record=True, seed=0,
              callback=lambda step, model, value: seen.append((step, value, model.grad_norms()[0])))
    assert [s[0] for s in seen] == list(range(12))
    np.testing.assert_array_equal([s[1] for s in seen], h.losses)
    np.testing.assert_array_equal([s[2] for s in seen], h.grad_norms[:, 0])
    # dead_on_data: units with f'(z) = 0 on all 120 points, computed here independently
    h1 = np.maximum(X @ net.dense_layers[0].W + net.dense_layers[0].b, 0)
    z2 = h1 @ net.dense_layers[1].W + net.dense_layers[1].b
    z1 = X @ net.dense_layers[0].W + net.dense_layers[0].b
    expect = [np.mean(np.all(z1 <= 0, axis=0)), np.mean(np.all(z2 <= 0, axis=0))]
    np.testing.assert_allclose(h.dead_on_data, expect)
    assert 0 < h.dead_on_data[0] < 1  # the setting has some dead units, not all
    # on one batch of 32 at least as many units look dead as on the whole data
    assert np.all(h.stats["dead_fraction"][-1] >= h.dead_on_data - 1e-12)


def test_plain_normal_initialiser_by_name_and_by_value():
    rng = np.random.default_rng(0)
    assert initializer("normal:0.25")(300, 300, rng).std() == pytest.approx(0.25, rel=0.02)
    assert initializer("normal:0")(3, 3, rng).max() == 0.0
