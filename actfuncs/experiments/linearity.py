r"""The linearity trap: a stack of affine layers is one affine map.

For layers $h_{k} = W_k h_{k-1} + b_k$ the composition is $W x + b$ with
$W = W_L \cdots W_1$ and $b = \sum_k W_L \cdots W_{k+1} b_k$.

* :func:`collapse` multiplies the layers out; :func:`linear_collapse` checks one random stack,
  :func:`collapse_vs_depth` many depths, :func:`collapse_mlp` a (trained) network of the lab.
* :func:`xor_experiment` trains a linear model, a deep linear network and a network with one
  non-linear hidden layer on XOR; :func:`best_linear_xor_accuracy` searches random lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CollapseResult:
    """A deep linear network, its collapsed single map, and how far apart they are."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    W: np.ndarray
    b: np.ndarray
    max_abs_error: float
    max_abs_output: float = float("nan")


def collapse(weights: list[np.ndarray], biases: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    r"""The single affine map $(W, b)$ equal to applying the layers in order."""
    if len(weights) != len(biases) or not weights:
        raise ValueError("collapse: need as many bias vectors as weight matrices (at least one)")
    W = np.eye(weights[0].shape[1])
    b = np.zeros(weights[0].shape[1])
    for k, (Wk, bk) in enumerate(zip(weights, biases, strict=True)):
        if Wk.shape[1] != W.shape[0] or bk.shape != (Wk.shape[0],):
            raise ValueError(
                f"collapse: layer {k} has W of shape {Wk.shape} and b of shape {bk.shape}; "
                f"expected W of shape (m, {W.shape[0]}) and b of shape (m,)"
            )
        W, b = Wk @ W, Wk @ b + bk
    return W, b


def linear_collapse(depth: int = 3, width: int = 5, n: int = 100, seed: int = 0) -> CollapseResult:
    """Build a random deep linear network and compare it with its collapsed map on ``n`` inputs."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(width, width)) / np.sqrt(width) for _ in range(depth)]
    biases = [rng.normal(size=width) for _ in range(depth)]
    W, b = collapse(weights, biases)
    x = rng.normal(size=(n, width))
    h = x
    for Wk, bk in zip(weights, biases, strict=True):
        h = h @ Wk.T + bk
    err = float(np.max(np.abs(h - (x @ W.T + b))))
    return CollapseResult(tuple(weights), tuple(biases), W, b, err, float(np.max(np.abs(h))))


def collapse_mlp(net) -> tuple[np.ndarray, np.ndarray]:
    r"""The single affine map of an :class:`~actfuncs.nn.MLP` whose activations are all the identity.

    The lab's layers act on rows, $h_k = h_{k-1} W_k + b_k$, so the map is returned in the same
    convention: ``net(x) == x @ W + b`` with $W = W_1 \cdots W_L$.  Raises ``ValueError`` if any
    activation layer is not the identity (then no single affine map exists).
    """
    from actfuncs.nn import Act, Dense

    for layer in net.layers:
        if isinstance(layer, Act) and layer.act.name != "identity":
            raise ValueError(
                f"collapse_mlp: layer {layer.name!r} applies {layer.act.name}; only a network of "
                "identity activations is one affine map"
            )
    dense = [layer for layer in net.layers if isinstance(layer, Dense)]
    W, b = collapse([d.W.T for d in dense], [d.b for d in dense])
    return W.T, b


@dataclass(frozen=True)
class DepthResult:
    r"""Largest gap between a deep linear network and its collapsed map, for each depth.

    ``max_abs_error[i]`` is $\max |\text{deep}(x) - (Wx + b)|$ at depth ``depths[i]`` and
    ``scale[i]`` the largest $|\text{deep}(x)|$, so ``max_abs_error / scale`` is relative.
    """

    depths: tuple[int, ...]
    width: int
    max_abs_error: np.ndarray
    scale: np.ndarray

    @property
    def relative_error(self) -> np.ndarray:
        return self.max_abs_error / self.scale


def collapse_vs_depth(
    depths=(2, 3, 5, 10, 20, 50, 100), width: int = 8, n: int = 200, seed: int = 0
) -> DepthResult:
    r""":func:`linear_collapse` at each depth (weights $\mathcal{N}(0, 1/\mathrm{width})$)."""
    errs, scales = [], []
    for d in depths:
        r = linear_collapse(depth=int(d), width=width, n=n, seed=seed)
        errs.append(r.max_abs_error)
        scales.append(r.max_abs_output)
    return DepthResult(tuple(int(d) for d in depths), width, np.array(errs), np.array(scales))


def plot_collapse(result: DepthResult):
    """Relative gap between deep network and collapsed map against depth, beside float64's epsilon."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    ax.loglog(result.depths, result.relative_error, "o-", label="max |deep - collapsed| / max |output|")
    eps = np.finfo(np.float64).eps
    ax.axhline(eps, color="0.5", ls="--", lw=1, label="float64 epsilon")
    ax.set_ylim(eps / 10, 1e-10)
    ax.set_xlabel("number of linear layers")
    ax.set_ylabel("relative difference")
    ax.set_title(f"A deep linear network (width {result.width}) equals one affine map")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def best_linear_xor_accuracy(lines: int = 20_000, seed: int = 0) -> float:
    r"""Best accuracy on the four XOR points over ``lines`` random classifiers
    $\mathbb{1}[w^\top x + b > 0]$ (directions uniform on the circle, offsets in $[-2, 2]$).

    No line reaches 1: the two points of class 1 need $w_2 + b > 0$ and $w_1 + b > 0$, whose
    sum $w_1 + w_2 + 2b > 0$ contradicts the sum of the class-0 conditions $b \le 0$ and
    $w_1 + w_2 + b \le 0$.  So the search finds 3/4 at best.
    """
    from actfuncs import datasets

    X, y = datasets.xor()
    rng = np.random.default_rng(seed)
    theta = rng.uniform(0, 2 * np.pi, lines)
    w = np.column_stack([np.cos(theta), np.sin(theta)])
    b = rng.uniform(-2, 2, lines)
    pred = (X @ w.T + b) > 0  # (4, lines)
    return float(np.max(np.mean(pred == y[:, None].astype(bool), axis=0)))


@dataclass(frozen=True)
class XorResult:
    """XOR fitted by a linear model and by one with a hidden non-linearity.

    ``linear_accuracy`` is at most 3/4 for every linear classifier (no line separates
    the XOR corners); ``deep_linear_accuracy`` is the same for a stack of identity layers, and
    ``deep_linear_collapse_error`` the largest gap, on the grid, between that trained stack and
    the single affine map it multiplies out to.
    """

    activation: str
    linear_accuracy: float
    deep_linear_accuracy: float
    nonlinear_accuracy: float
    linear_loss: float
    deep_linear_loss: float
    nonlinear_loss: float
    deep_linear_collapse_error: float
    grid: np.ndarray  # (g, g, 2) points where the decision functions were evaluated
    linear_logits: np.ndarray  # (g, g)
    nonlinear_logits: np.ndarray  # (g, g)


def xor_experiment(
    activation: str = "tanh", hidden: int = 4, steps: int = 500, seed: int = 0, grid: int = 41
) -> XorResult:
    r"""Train logistic regression, a 3-layer linear network and a one-hidden-layer net on XOR.

    All three minimise binary cross-entropy with Adam ($\eta = 0.05$) for ``steps`` steps.
    """
    from actfuncs import datasets
    from actfuncs.nn import MLP, accuracy, train

    X, y = datasets.xor()
    lin = MLP([2, 1], init="xavier", seed=seed)
    h_lin = train(lin, X, y, loss="bce", optimizer="adam", lr=0.05, steps=steps)
    deep = MLP([2, hidden, hidden, 1], activation="identity", init="xavier", seed=seed)
    h_deep = train(deep, X, y, loss="bce", optimizer="adam", lr=0.05, steps=steps)
    net = MLP([2, hidden, 1], activation=activation, init="xavier", seed=seed)
    h_net = train(net, X, y, loss="bce", optimizer="adam", lr=0.05, steps=steps)
    t = np.linspace(-0.5, 1.5, grid)
    pts = np.stack(np.meshgrid(t, t), axis=-1)
    flat = pts.reshape(-1, 2)
    Wd, bd = collapse_mlp(deep)
    gap = float(np.max(np.abs(deep.forward(flat) - (flat @ Wd + bd))))
    return XorResult(
        activation,
        accuracy(lin, X, y),
        accuracy(deep, X, y),
        accuracy(net, X, y),
        h_lin.final_loss,
        h_deep.final_loss,
        h_net.final_loss,
        gap,
        pts,
        lin.forward(flat).reshape(grid, grid),
        net.forward(flat).reshape(grid, grid),
    )


def plot(result: XorResult):
    """Decision regions of the linear model and of the non-linear one on the four XOR points."""
    import matplotlib.pyplot as plt

    from actfuncs import datasets

    X, y = datasets.xor()
    fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.4), sharey=True)
    panels = (
        (result.linear_logits, f"linear: accuracy {result.linear_accuracy:.2f}, "
                               f"max |logit| {np.max(np.abs(result.linear_logits)):.0e}"),
        (result.nonlinear_logits, f"{result.activation} hidden layer: accuracy "
                                  f"{result.nonlinear_accuracy:.2f}"),
    )
    for ax, (z, title) in zip(axes, panels, strict=True):
        ax.contourf(result.grid[..., 0], result.grid[..., 1], z > 0, levels=[-0.5, 0.5, 1.5],
                    colors=["#dde6f2", "#f5dccb"])
        ax.contour(result.grid[..., 0], result.grid[..., 1], z, levels=[0.0], colors="k",
                   linewidths=1)
        for label, marker in ((0, "o"), (1, "s")):
            ax.scatter(*X[y == label].T, marker=marker, s=60, edgecolor="k",
                       label=f"class {label}")
        ax.set_title(f"XOR, {title}", fontsize=9)
        ax.set_xlabel("$x_1$")
    axes[0].set_ylabel("$x_2$")
    axes[1].legend(frameon=False, fontsize=8, loc="center right")
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class LinearFitResult:
    r"""A deep linear network trained by back-propagation on an affine target $y = x w + c$.

    ``losses`` per step (MSE), ``W``/``b`` the collapsed map of the trained network beside the
    target's ``true_w``/``true_c``, and ``max_param_error`` the largest gap between them.
    """

    losses: np.ndarray
    W: np.ndarray
    b: np.ndarray
    true_w: np.ndarray
    true_c: float
    max_param_error: float


def deep_linear_regression(
    depth: int = 3, width: int = 8, n: int = 200, steps: int = 300, seed: int = 0
) -> LinearFitResult:
    r"""Fit an affine target with ``depth`` identity hidden layers (Adam, lr 0.02, MSE).

    Back-propagation through identity activations works: every factor $f'(z) = 1$ passes the
    gradient on unchanged, so the loss falls to rounding level and the collapsed map recovers
    the target's coefficients.
    """
    from actfuncs.nn import MLP, train

    rng = np.random.default_rng(seed)
    true_w, true_c = rng.normal(size=3), float(rng.normal())
    X = rng.normal(size=(n, 3))
    y = (X @ true_w + true_c)[:, None]
    net = MLP([3, *([width] * depth), 1], activation="identity", init="xavier", seed=seed)
    h = train(net, X, y, loss="mse", optimizer="adam", lr=0.02, steps=steps)
    W, b = collapse_mlp(net)
    err = float(max(np.max(np.abs(W[:, 0] - true_w)), abs(b[0] - true_c)))
    return LinearFitResult(h.losses, W, b, true_w, true_c, err)


def plot_linear_fit(result: LinearFitResult):
    """Training loss (log scale) of the deep linear network on an affine target."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.6, 3.0))
    ax.semilogy(np.arange(1, result.losses.size + 1), result.losses)
    ax.set_xlabel("training step")
    ax.set_ylabel("MSE loss")
    ax.set_title("Back-propagation through identity activations: the loss falls")
    fig.tight_layout()
    return fig
