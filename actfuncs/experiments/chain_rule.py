r"""Back-propagation by hand for a tiny network, every intermediate quantity kept.

The network is $x \in \mathbb{R}^{n_0} \to h = f(W_1 x + b_1) \to \hat y = W_2 h + b_2$ with
loss $L = \tfrac12(\hat y - y)^2$. The chain rule gives, for the first layer,

$$
\frac{\partial L}{\partial W_1[j, i]} = \underbrace{(\hat y - y)\, W_2[0, j]}_{\partial L/\partial h_j}
\cdot \underbrace{f'(z_j)}_{\partial h_j/\partial z_j}
\cdot \underbrace{x_i}_{\partial z_j/\partial W_1[j,i]},
$$

so the activation's derivative $f'(z_j)$ multiplies every gradient that flows through unit $j$.
:func:`backprop_by_hand` returns each factor; :func:`finite_difference_grad` checks the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import actfuncs


@dataclass(frozen=True)
class TinyNet:
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    activation: str = "tanh"

    @classmethod
    def random(cls, n_in: int = 2, n_hidden: int = 3, activation: str = "tanh", seed: int = 0) -> TinyNet:
        rng = np.random.default_rng(seed)
        return cls(
            rng.normal(size=(n_hidden, n_in)),
            rng.normal(size=n_hidden) * 0.1,
            rng.normal(size=(1, n_hidden)),
            np.zeros(1),
            activation,
        )

    def loss(self, x: np.ndarray, y: float) -> float:
        f = actfuncs.get(self.activation)
        h = f(self.W1 @ x + self.b1)
        y_hat = float((self.W2 @ h + self.b2)[0])
        return 0.5 * (y_hat - y) ** 2


@dataclass(frozen=True)
class BackpropTrace:
    """Every quantity of one forward and backward pass."""

    z: np.ndarray  # pre-activations of the hidden layer
    h: np.ndarray  # activations f(z)
    y_hat: float
    loss: float
    dL_dyhat: float
    dL_dh: np.ndarray  # (y_hat - y) * W2
    f_prime: np.ndarray  # f'(z)
    delta: np.ndarray  # dL/dz = dL/dh * f'(z)
    grad_W1: np.ndarray
    grad_b1: np.ndarray
    grad_W2: np.ndarray
    grad_b2: np.ndarray


def backprop_by_hand(net: TinyNet, x: np.ndarray, y: float) -> BackpropTrace:
    """One forward and backward pass, written as the chain rule reads."""
    x = np.asarray(x, dtype=np.float64)
    if x.shape != (net.W1.shape[1],):
        raise ValueError(f"backprop_by_hand: x must have shape ({net.W1.shape[1]},); got {x.shape}")
    f = actfuncs.get(net.activation)
    z = net.W1 @ x + net.b1
    h = f(z)
    y_hat = float((net.W2 @ h + net.b2)[0])
    loss = 0.5 * (y_hat - y) ** 2
    dL_dyhat = y_hat - y
    dL_dh = dL_dyhat * net.W2[0]
    f_prime = f.grad(z)
    delta = dL_dh * f_prime
    return BackpropTrace(
        z=z,
        h=h,
        y_hat=y_hat,
        loss=loss,
        dL_dyhat=dL_dyhat,
        dL_dh=dL_dh,
        f_prime=f_prime,
        delta=delta,
        grad_W1=np.outer(delta, x),
        grad_b1=delta,
        grad_W2=dL_dyhat * h[None, :],
        grad_b2=np.array([dL_dyhat]),
    )


def finite_difference_grad(net: TinyNet, x: np.ndarray, y: float, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the loss with respect to every entry of W1."""
    g = np.zeros_like(net.W1)
    for idx in np.ndindex(net.W1.shape):
        plus, minus = net.W1.copy(), net.W1.copy()
        plus[idx] += eps
        minus[idx] -= eps
        lp = TinyNet(plus, net.b1, net.W2, net.b2, net.activation).loss(x, y)
        lm = TinyNet(minus, net.b1, net.W2, net.b2, net.activation).loss(x, y)
        g[idx] = (lp - lm) / (2 * eps)
    return g
