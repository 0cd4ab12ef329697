# ruff: noqa: E501  (claim quotes and evidence sentences are data: long lines keep them greppable)
"""Training claims and recommendations, checked with the training lab's experiments.

The experiments run once per process at small sizes (:mod:`actfuncs.claims._runs`); claims
citing the same experiment share the run.
"""

from __future__ import annotations

import numpy as np

from actfuncs.claims import _runs as runs
from actfuncs.claims._core import Evidence, claim, contradiction, f, verdict_if

PATH = "chapters/foundations/gradient-pathologies"
EXP = "chapters/selection/experiments"
MIST = "chapters/debugging/mistakes"
SYMP = "chapters/debugging/symptoms"
QA_RECT = "chapters/qa/rectifiers"
QA_FUND = "chapters/qa/fundamentals"
QA_SMOOTH = "chapters/qa/smooth"
TREE = "chapters/selection/decision-tree"


def _unverifiable(why: str) -> Evidence:
    return Evidence("unverifiable", why)


def _dead_range(act: str) -> tuple[float, float]:
    vals = [v for (a, _lr, _b), v in runs.dead().items() if a == act]
    return min(vals), max(vals)


def _dead_text() -> str:
    d = runs.dead()
    lo, hi = _dead_range("relu")
    return (f"In the dead-units experiment (64 ReLU units, moons, 50 SGD steps, learning rates "
            f"{', '.join(map(str, runs.DEAD_LRS))}, hidden bias 0 or −1) the dead share ranges from {lo:.0%} to "
            f"{hi:.0%} (bias −1: {max(v for k, v in d.items() if k[0] == 'relu' and k[2] == -1.0):.0%} at most)")


# -- 000 -----------------------------------------------------------------------------------------

@claim("sigmoid-10-layers", "000", "For Sigmoid, f′(z) ≤ 0.25. In a 10-layer network: (0.25)^10 ≈ 10^-6",
       "numeric", PATH)
def _() -> Evidence:
    v = 0.25**10
    r = runs.first_over_last("sigmoid", "xavier")
    return verdict_if(5e-7 < v < 2e-6, f"0.25^10 = {v:.3e}: right, as a bound on the activation factors alone. "
                      f"In a random 10-layer sigmoid net (Xavier init) the first layer's gradient is {r:.1e} "
                      "times the last one's, the same order.", {"product": v, "measured_ratio": r})


@claim("relu-no-vanishing", "000", "ReLU … Fast, no vanishing gradient, sparse", "training", PATH)
def _() -> Evidence:
    r = runs.first_over_last("relu", "he")
    lo, hi = _dead_range("relu")
    return verdict_if(r > 0.1 and hi > 0, f"Through depth, yes: in a random 10-layer ReLU net the first layer's "
                      f"gradient is {r:.2f} times the last one's (sigmoid: "
                      f"{runs.first_over_last('sigmoid', 'he'):.1e}). But ReLU′ = 0 for z < 0, so inactive "
                      f"and dead units pass no gradient at all (dead share measured up to {hi:.0%}).",
                      {"first_over_last": r}, yes="imprecise", no="wrong")


@claim("relu-sparse", "000", "[ReLU] sparse activation", "training", "chapters/catalog/rectifiers")
def _() -> Evidence:
    z = np.random.default_rng(0).normal(size=100_000)
    share = float(np.mean(f("relu")(z) == 0))
    return verdict_if(0.45 < share < 0.55, f"For zero-mean symmetric pre-activations about half the outputs are "
                      f"exactly 0: {share:.1%} of 100 000 standard-normal inputs.", {"zero_share": share})


@claim("init-he-xavier", "000", "Use He initialization (ReLU), Xavier initialization (Tanh/Sigmoid)",
       "recommendation", MIST)
def _() -> Evidence:
    m = runs.moments()
    v_he, v_lecun = m[("relu", "he")][1], m[("relu", "lecun")][1]
    return verdict_if(v_he > 0.1 and v_lecun < 1e-3,
                      f"After {runs.NORM_DEPTH} random ReLU layers the activation variance is {v_he:.2f} with He "
                      f"init and {v_lecun:.1e} with LeCun/Xavier-style variance 1/fan-in: He keeps the signal, "
                      "the smaller variance halves it at every layer.", {"var_he": v_he, "var_lecun": v_lecun})


@claim("sigmoid-tanh-deep", "000", "Using Sigmoid/Tanh in deep hidden layers: Vanishing gradients cripple "
       "learning", "training", MIST)
def _() -> Evidence:
    rs, rt = runs.first_over_last("sigmoid", "xavier"), runs.first_over_last("tanh", "xavier")
    return verdict_if(rs < 1e-3 and rt > 0.1, f"For sigmoid, yes: first/last layer gradient ratio {rs:.1e} at "
                      f"depth {runs.GRAD_DEPTH}. For tanh with Xavier init the ratio is {rt:.2f}: no vanishing at "
                      "that depth. Lumping the two together overstates it for tanh.",
                      {"sigmoid": rs, "tanh": rt}, yes="imprecise")


@claim("softmax-multilabel", "000", "Using Softmax for multi-label problems: Classes aren't mutually exclusive "
       "→ Use Sigmoid per class", "recommendation", MIST)
def _() -> Evidence:
    h = runs.heads()
    s, m = h.exact_match[("sigmoid", "multi-label")], h.exact_match[("softmax", "multi-label")]
    return verdict_if(s > m + 0.3, f"On a multi-label task sigmoid heads get {s:.0%} of examples exactly right, "
                      f"a softmax head {m:.0%} (it must share one unit of probability).",
                      {"sigmoid": s, "softmax": m})


@claim("linear-hidden", "000", "Using Linear activation in hidden layers: Network collapses to single layer",
       "recommendation", MIST)
def _() -> Evidence:
    r = runs.xor()
    return verdict_if(r.deep_linear_accuracy <= 0.75 < r.nonlinear_accuracy,
                      f"XOR: a deep linear net reaches {r.deep_linear_accuracy:.0%}, one tanh layer "
                      f"{r.nonlinear_accuracy:.0%}.", {"deep_linear": r.deep_linear_accuracy})


@claim("dead-30-40", "000", "Ignoring dying ReLU problem: 30-40% of neurons may be dead", "training", MIST)
def _() -> Evidence:
    lo, hi = _dead_range("relu")
    return verdict_if(lo < 0.3 <= hi, _dead_text() + ": 30–40% is possible with a negative bias start, not a "
                      "typical figure; it depends on learning rate, initialisation and data.",
                      {"min": lo, "max": hi}, yes="imprecise", no="wrong")


@claim("exploding-use-elu", "000", "Loss exploding (NaN values) … Unbounded activations (ReLU with no "
       "normalization) … use ELU", "recommendation", SYMP)
def _() -> Evidence:
    x = np.array([1.0, 1e3, 1e6])
    same = bool(np.all(f("elu")(x) == f("relu")(x)))
    return verdict_if(same, "ELU is identical to ReLU for z > 0 (ELU(1, 1e3, 1e6) = ReLU of the same), so it is "
                      "just as unbounded; normalisation and gradient clipping address explosion, ELU does not.",
                      {}, yes="wrong", no="correct")


@claim("zigzag", "000", "Not zero-centered activations causing zig-zagging", "training", SYMP)
def _() -> Evidence:
    s = runs.signs().same_sign
    return verdict_if(s["sigmoid"] > 0.9 and s["tanh"] < 0.1,
                      f"After sigmoid all inputs to the next layer are positive, so each unit's weight "
                      f"gradients share one sign in {s['sigmoid']:.0%} of examples (tanh: {s['tanh']:.0%}): "
                      "updates can only move along ± the all-ones direction, hence zig-zags.", dict(s))


@claim("implicit-regularisation", "000", "try activations with implicit regularization (GELU, Mish)",
       "recommendation", SYMP)
def _() -> Evidence:
    return _unverifiable("No mechanism or measurement is given; neither function has a regularising term, and "
                         "their reported gains are on specific benchmarks.")


@claim("dying-fix-leaky", "000", "Use Leaky ReLU: f(z) = max(0.01z, z) (small gradient for negatives)",
       "recommendation", QA_RECT)
def _() -> Evidence:
    lo, hi = _dead_range("leaky_relu")
    rlo, rhi = _dead_range("relu")
    return verdict_if(hi == 0 and rhi > 0, f"Across the same settings Leaky ReLU has {hi:.0%} dead units "
                      f"(ReLU {rlo:.0%}–{rhi:.0%}): with slope α > 0 no unit can stop learning.",
                      {"leaky_max": hi, "relu_max": rhi})


@claim("dying-fix-lower-lr", "000", "[Dying ReLU solutions:] Lower learning rate", "recommendation", QA_RECT)
def _() -> Evidence:
    d = runs.dead()
    lo_lr, hi_lr = min(runs.DEAD_LRS), max(runs.DEAD_LRS)
    pairs = {b: (d[("relu", lo_lr, b)], d[("relu", hi_lr, b)]) for b in runs.DEAD_BIASES}
    helps = all(a < b for a, b in pairs.values())
    text = "; ".join(f"bias {b:g}: {a:.0%} at lr {lo_lr:g} vs {c:.0%} at lr {hi_lr:g}" for b, (a, c) in pairs.items())
    return verdict_if(helps, f"Measured dead shares: {text}. A lower rate does not reliably help here: many units "
                      "are dead from the start (initialisation and bias), which a small rate cannot revive.",
                      {str(b): v for b, v in pairs.items()}, yes="correct", no="imprecise")


@claim("tanh-zero-centred-q5", "000", "Zero-centered: Tanh output is in (−1,1), mean ≈ 0", "training",
       QA_FUND)
def _() -> Evidence:
    m = runs.signs().mean_input
    return verdict_if(abs(m["tanh"]) < 0.05 and m["sigmoid"] > 0.4,
                      f"For symmetric pre-activations: mean output {m['tanh']:.3f} for tanh, {m['sigmoid']:.3f} for "
                      "sigmoid (the zero-centring experiment).", dict(m))


@claim("leaky-noise", "000", "Leaky ReLU can introduce some noise into the network, which can help to reduce "
       "overfitting", "training", QA_RECT)
def _() -> Evidence:
    x = np.linspace(-3, 3, 7)
    same = bool(np.all(f("leaky_relu")(x) == f("leaky_relu")(x)))
    return verdict_if(same, "Leaky ReLU is a fixed deterministic function: the same input always gives the same "
                      "output. Randomness as a regulariser is RReLU (random slope in training), a different function.",
                      {}, yes="wrong", no="correct")


@claim("leaky-regression", "000", "Leaky ReLU can be more effective than ReLU for regression tasks … since it can "
       "provide both positive and negative output", "training", QA_RECT)
def _() -> Evidence:
    rng = np.random.default_rng(0)
    W1, W2 = rng.normal(size=(8, 1)), rng.normal(size=(1, 8))
    out = W2 @ f("relu")(W1 @ np.linspace(-3, 3, 50)[None, :])
    return verdict_if(float(out.min()) < 0,
                      f"The output layer sets the range, not the hidden activation: a ReLU hidden layer with a linear "
                      f"output already spans [{float(out.min()):.2f}, {float(out.max()):.2f}] in a random example.",
                      {"min": float(out.min())}, yes="imprecise")


@claim("elu-lower-error", "000", "ELU often achieves lower test error", "training", QA_SMOOTH)
def _() -> Evidence:
    return _unverifiable("No task, model or data; the ELU paper reports it for specific image benchmarks.")


@claim("swish-40-layers", "000", "Swish/GELU … Deep Network 40+ layers … Best Performance", "recommendation", TREE)
def _() -> Evidence:
    return _unverifiable("No task or data set; the Swish paper reports gains on specific benchmarks, not a depth "
                         "threshold of 40 layers.")


# -- 001 -----------------------------------------------------------------------------------------

@claim("sigmoid-same-sign", "001", "The output of the logistic function is not symmetric around zero. So the "
       "output of all the neurons will be of the same sign", "training", "chapters/catalog/sigmoidal")
def _() -> Evidence:
    s = runs.signs().same_sign["sigmoid"]
    return verdict_if(s > 0.9, f"All sigmoid outputs are positive; the next layer's weight gradients then share a "
                      f"sign in {s:.0%} of examples.", {"same_sign": s})


@claim("tanh-mean-zero", "001", "its values lie between -1 to 1; therefore, the mean for the hidden layer comes out "
       "to be 0 or very close to it", "training", "chapters/catalog/sigmoidal")
def _() -> Evidence:
    z = np.random.default_rng(0).normal(loc=1.0, size=100_000)
    m = float(f("tanh")(z).mean())
    return verdict_if(m > 0.3, f"Only if the pre-activations are centred: for z ∼ N(1, 1) the mean of tanh(z) is "
                      f"{m:.2f}. The range alone does not make the mean 0.", {"mean": m}, yes="imprecise")


@claim("tanh-always-preferred", "001", "in practice, tanh nonlinearity is always preferred to sigmoid nonlinearity",
       "training", EXP)
def _() -> Evidence:
    a = runs.accuracy()
    return verdict_if(a["tanh"] > a["sigmoid"], f"For hidden layers it trains better here (digits, test accuracy "
                      f"{a['tanh']:.1%} vs {a['sigmoid']:.1%}), but 'always' is wrong: sigmoid is the right choice "
                      "for gates and binary or multi-label outputs.", {"tanh": a["tanh"], "sigmoid": a["sigmoid"]},
                      yes="imprecise", no="wrong")


@claim("relu-convergence", "001", "ReLU accelerates the convergence of gradient descent towards the global minimum",
       "training", EXP)
def _() -> Evidence:
    a = runs.accuracy()
    return verdict_if(a["relu"] > a["sigmoid"], f"Faster than sigmoid here (digits after 60 steps: {a['relu']:.1%} "
                      f"vs {a['sigmoid']:.1%}), but nothing guarantees a global minimum of a non-convex loss.",
                      {"relu": a["relu"], "sigmoid": a["sigmoid"]}, yes="imprecise", no="wrong")


@claim("leaky-no-dead", "001", "we would no longer encounter dead neurons in that region", "training", EXP)
def _() -> Evidence:
    _lo, hi = _dead_range("leaky_relu")
    return verdict_if(hi == 0, f"Dead Leaky ReLU units across all settings of the dead-units experiment: {hi:.0%}.",
                      {"max": hi})


@claim("leaky-slow", "001", "The gradient for negative values is a small value that makes the learning of model "
       "parameters time-consuming", "training", EXP)
def _() -> Evidence:
    a = runs.accuracy()
    return _unverifiable(f"No setting is named. On digits Leaky ReLU is not slower than ReLU here "
                         f"({a['leaky_relu']:.1%} vs {a['relu']:.1%} after 60 steps), which shows only one case.")


@claim("swish-outperforms", "001", "Swish consistently matches or outperforms ReLU activation function on deep "
       "networks", "training", EXP)
def _() -> Evidence:
    return _unverifiable("A summary of the Swish paper's benchmarks (Ramachandran et al. 2017); 'consistently' "
                         "cannot be checked without its tasks and models.")


@claim("gelu-better-all", "001", "GELU nonlinearity is better than ReLU and ELU … across all tasks", "training", EXP)
def _() -> Evidence:
    return _unverifiable("'All tasks' cannot be checked; the GELU paper reports gains on the tasks it tried.")


@claim("selu-preserves", "001", "each layer preserves the mean and variance from the previous layers",
       "training", "chapters/catalog/exponential")
def _() -> Evidence:
    m = runs.moments()
    (ml, vl), (mh, vh) = m[("selu", "lecun")], m[("selu", "he")]
    ok = abs(ml) < 0.1 and abs(vl - 1) < 0.1 and vh > 2
    return verdict_if(ok, f"With LeCun-normal weights, yes: after {runs.NORM_DEPTH} layers mean {ml:.3f}, variance "
                      f"{vl:.3f}. With He init the same network drifts to mean {mh:.2f}, variance {vh:.1f}: the "
                      "property needs its initialisation (and roughly standardised inputs).",
                      {"lecun": [ml, vl], "he": [mh, vh]}, yes="imprecise")


@claim("selu-converges-faster", "001", "Internal normalization is faster than external normalization, which means "
       "the network converges faster", "training", "chapters/catalog/exponential")
def _() -> Evidence:
    race = runs.selu_race()
    (sl, selu), (bl, bn) = race.steps.items()

    def span(v: list[int | None]) -> str:
        got = [k for k in v if k is not None]
        miss = len(v) - len(got)
        txt = f"{min(got)}–{max(got)} steps" if got else "never"
        return txt + (f" ({miss} of {len(v)} seeds not within {race.max_steps})" if got and miss else "")

    worst_selu = max((k if k is not None else race.max_steps + 1) for k in selu)
    best_bn = min((k if k is not None else race.max_steps + 1) for k in bn)
    return verdict_if(worst_selu < best_bn,
                      f"Measured on digits (8 × 32, SGD, seeds {', '.join(map(str, race.seeds))}): the smoothed training "
                      f"loss reaches {race.target:g} after {span(selu)} with {sl}, {span(bn)} with {bl}. Fewer steps here, "
                      "as the source says; but the claim names no model, and seconds per step differ (SELU pays an "
                      "exponential per unit, batch norm two reductions per layer).",
                      {"selu_steps": selu, "bn_steps": bn}, yes="measured", no="wrong")


@claim("vanishing-shallow", "001", "For shallow networks with only a few layers that use these activations, this "
       "isn't a big problem", "training", PATH)
def _() -> Evidence:
    from actfuncs.experiments.gradient_flow import layer_gradient_norms

    g2 = layer_gradient_norms("sigmoid", 2, "xavier", width=64, n=128)
    r2, r10 = float(g2[0] / g2[-1]), runs.first_over_last("sigmoid", "xavier")
    return verdict_if(r2 > 0.05 and r10 < 1e-3, f"Sigmoid net, first/last layer gradient: {r2:.2f} with 2 layers, "
                      f"{r10:.1e} with 10.", {"depth2": r2, "depth10": r10})


@claim("relu-hidden-only", "001", "ReLU activation function should only be used in the hidden layers",
       "recommendation", TREE)
def _() -> Evidence:
    y = f("relu")(np.array([-2.0, 3.0]))
    return verdict_if(y[0] == 0, "The same article later allows ReLU outputs for regression; ReLU is a valid output "
                      f"for non-negative targets (counts, prices), and it cannot output negatives (ReLU(−2) = {y[0]:g}). "
                      "A rule of thumb, not a rule.", {}, yes="imprecise")


@claim("no-sigmoid-tanh-hidden", "001", "Sigmoid/Logistic and Tanh functions should not be used in hidden layers",
       "recommendation", TREE)
def _() -> Evidence:
    rt = runs.first_over_last("tanh", "xavier")
    return verdict_if(rt > 0.1, f"Too strong for tanh: with Xavier init its gradient does not vanish over 10 layers "
                      f"(ratio {rt:.2f}), LSTMs and GRUs use both inside, and source 000 recommends tanh for RNN "
                      "hidden states.", {"tanh_ratio": rt}, yes="imprecise")


@claim("swish-40-001", "001", "Swish function is used in neural networks having a depth greater than 40 layers",
       "recommendation", TREE)
def _() -> Evidence:
    return _unverifiable("A usage pattern with no source; Swish is used at every depth (e.g. EfficientNet).")


@claim("output-rules", "001", "Regression - Linear … Binary - Sigmoid … Multiclass - Softmax … Multilabel - Sigmoid",
       "recommendation", TREE)
def _() -> Evidence:
    h = runs.heads()
    ml = h.exact_match[("sigmoid", "multi-label")] - h.exact_match[("softmax", "multi-label")]
    return verdict_if(ml > 0.3 and h.exact_match[("softmax", "multi-class")] > 0.9,
                      f"Trained on both target kinds, each head wins on its own: multi-label exact match sigmoid "
                      f"{h.exact_match[('sigmoid', 'multi-label')]:.0%} vs softmax "
                      f"{h.exact_match[('softmax', 'multi-label')]:.0%}; on multi-class softmax "
                      f"{h.exact_match[('softmax', 'multi-class')]:.0%} with sums exactly 1.", {"margin": ml})


@claim("relu-regression-output", "001", "If it can be any numeric value (as in case of the regression problem) you "
       "can use the linear activation function or ReLU", "recommendation", TREE)
def _() -> Evidence:
    lo = float(f("relu")(np.linspace(-5, 5, 11)).min())
    return verdict_if(lo == 0, f"Not for 'any numeric value': ReLU never outputs below {lo:g}, so negative targets "
                      "are unreachable; it fits only non-negative targets.", {}, yes="imprecise")


# -- 002, 003, 004 -------------------------------------------------------------------------------

@claim("relu-no-vanishing-002", "002", "ReLU doesn't suffer from the vanishing gradient problem", "training", PATH)
def _() -> Evidence:
    r = runs.first_over_last("relu", "he")
    _lo, hi = _dead_range("relu")
    return verdict_if(r > 0.1 and hi > 0, f"Not through depth (ratio {r:.2f} over 10 layers), but a unit's gradient "
                      f"is exactly 0 whenever z < 0, and up to {hi:.0%} of units died in the dead-units runs.",
                      {"ratio": r}, yes="imprecise")


@claim("leaky-deep", "002", "[Leaky ReLU] better performance, especially in deeper networks where the vanishing "
       "gradient problem can be more pronounced", "training", EXP)
def _() -> Evidence:
    _lo, hi = _dead_range("leaky_relu")
    return verdict_if(hi == 0, "Leaky ReLU addresses dead units (none measured), not vanishing through depth, "
                      "which ReLU does not have with He init either; the benefit is stated without evidence.",
                      {}, yes="imprecise")


@claim("selu-self-normalise", "002", "the function is designed to self-normalize, meaning it keeps the inputs to each "
       "layer in a range", "training", "chapters/catalog/exponential")
def _() -> Evidence:
    (ml, vl), (_mr, vr) = runs.moments()[("selu", "lecun")], runs.moments()[("relu", "lecun")]
    return verdict_if(abs(vl - 1) < 0.1, f"With LeCun init the variance after {runs.NORM_DEPTH} layers is {vl:.3f} "
                      f"(mean {ml:.3f}); ReLU with the same init collapses to {vr:.1e}.", {"selu": [ml, vl]})


@claim("swish-better-002", "002", "Swish has been shown to perform better than ReLU in some deep learning tasks",
       "training", EXP)
def _() -> Evidence:
    return _unverifiable("'Some tasks' is true of the Swish paper's benchmarks but names none to reproduce.")


@claim("kan-applications", "002", "useful in tasks … like predicting stock prices or understanding how proteins fold",
       "recommendation", "chapters/catalog/learnable")
def _() -> Evidence:
    return _unverifiable("No study is cited; the KAN paper (Liu et al. 2024) demonstrates fitting of formulas and "
                         "PDE solutions, not stock prices or protein folding.")


@claim("tanh-centres-relu-sparse", "003", "Tanh centers the data around zero … while ReLU may lead to data sparsity",
       "training", EXP)
def _() -> Evidence:
    m = runs.signs().mean_input
    z = np.random.default_rng(1).normal(size=10_000)
    zeros = float(np.mean(f("relu")(z) == 0))
    return verdict_if(abs(m["tanh"]) < 0.05 and zeros > 0.4, f"Mean tanh output {m['tanh']:.3f}; ReLU zeroes "
                      f"{zeros:.0%} of standard-normal inputs.", {"tanh_mean": m["tanh"], "relu_zeros": zeros})


@claim("exploding-init", "003", "This is more of an issue with network architecture and initialization rather "
       "than the ReLU function itself", "training", PATH)
def _() -> Evidence:
    m = runs.moments()
    v_he, v_l = m[("relu", "he")][1], m[("relu", "lecun")][1]
    return verdict_if(v_he / v_l > 1e3, f"The same ReLU network's activation variance after {runs.NORM_DEPTH} layers "
                      f"is {v_he:.2f} with He init and {v_l:.1e} with variance 1/fan-in: the initialisation, not the "
                      "function, sets the scale.", {"he": v_he, "lecun": v_l})


@claim("elu-faster-robust", "003", "ELU can lead to faster and more robust learning", "training", EXP)
def _() -> Evidence:
    return _unverifiable("No task or comparison is given.")


@claim("tanh-trains-better", "004", "Tanh is “zero-centered,” which often trains better than sigmoid", "training", EXP)
def _() -> Evidence:
    a = runs.accuracy()
    return verdict_if(a["tanh"] > a["sigmoid"], f"Measured on digits: tanh {a['tanh']:.1%}, sigmoid {a['sigmoid']:.1%} "
                      "test accuracy (two seeds, 60 steps).", {"tanh": a["tanh"], "sigmoid": a["sigmoid"]})


@claim("leaky-fixes-dead", "004", "[Leaky ReLU] fixes ReLU’s biggest flaw while keeping the same simplicity",
       "training", EXP)
def _() -> Evidence:
    _lo, hi = _dead_range("leaky_relu")
    return verdict_if(hi == 0, f"No dead Leaky ReLU units in any dead-units run ({hi:.0%}).", {"max": hi})


@claim("softplus-no-dead", "004", "[Softplus] No dead neurons", "derivative", "chapters/catalog/smooth")
def _() -> Evidence:
    g = f("softplus").grad(np.linspace(-30, 30, 601))
    return verdict_if(float(g.min()) > 0, f"softplus′ = σ > 0 everywhere (smallest on [−30, 30]: {float(g.min()):.1e}), "
                      "so a unit always gets some gradient (it underflows to 0 only below z ≈ −745).",
                      {"min_grad": float(g.min())})


@claim("elu-trains-faster-004", "004", "[ELU] Often trains faster than ReLU on some tasks", "training", EXP)
def _() -> Evidence:
    return _unverifiable("'Some tasks' names none.")


contradiction("Tanh in hidden layers", "no-sigmoid-tanh-hidden", "tanh-zero-centred-q5", "tanh-trains-better",
              right="000 and 004: tanh is a reasonable hidden activation (no vanishing over 10 layers with Xavier "
              "init, better than sigmoid on digits); 001's ban is too strong.")
contradiction("ELU and exploding gradients", "elu-exploding", "exploding-use-elu",
              right="Neither: ELU′ ≤ 1 so ELU does not cause explosion (001 wrong), and it is unbounded above like "
              "ReLU so it does not cure it (000 wrong).")
contradiction("ReLU at the output (001 with itself)", "relu-hidden-only", "relu-regression-output",
              right="ReLU is a valid output for non-negative targets only; 'hidden layers only' and 'any numeric "
              "value' both overstate.")


# -- foundations and domain practice --------------------------------------------------------------

@claim("neuron-output", "000", "Given weighted sum z = Σ wᵢxᵢ + b, the neuron's output is: a = f(z)", "formula",
       "chapters/foundations/neuron-pipeline")
def _() -> Evidence:
    rng = np.random.default_rng(0)
    w, x, b = rng.normal(size=5), rng.normal(size=5), 0.3
    z = float(sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b)
    a = float(f("tanh")(z))
    vec = float(f("tanh")(w @ x + b))
    return verdict_if(abs(a - vec) < 1e-15, f"The two steps as written (a sum, then f) equal the vector form "
                      f"f(wᵀx + b): {a:.6f} both ways for a 5-input tanh neuron.", {"a": a})


@claim("decides-activation", "001", "An Activation Function decides whether a neuron should be activated or not",
       "formula", "chapters/foundations/neuron-pipeline")
def _() -> Evidence:
    z = np.linspace(-3, 3, 13)
    levels = {n: len(np.unique(np.round(f(n)(z), 12))) for n in ("binary_step", "sigmoid", "relu")}
    return verdict_if(levels["binary_step"] == 2 and levels["sigmoid"] > 2,
                      f"Only a step function makes an on/off decision ({levels['binary_step']} output levels on 13 "
                      f"inputs); sigmoid gives {levels['sigmoid']} levels and ReLU {levels['relu']}: modern "
                      "activations grade the signal rather than gate it.", levels, yes="imprecise")


@claim("chain-rule-weight", "000", "∂L/∂w = ∂L/∂a × ∂a/∂z × ∂z/∂w … f′(z) directly controls gradient flow",
       "derivative", "chapters/foundations/chain-rule")
def _() -> Evidence:
    from actfuncs.experiments.chain_rule import TinyNet, backprop_by_hand, finite_difference_grad

    net, x = TinyNet.random(seed=0), np.array([0.5, -1.2])
    err = float(np.max(np.abs(backprop_by_hand(net, x, 0.7).grad_W1 - finite_difference_grad(net, x, 0.7))))
    saturated = TinyNet(net.W1 * 40, net.b1, net.W2, net.b2, net.activation)
    g_sat = float(np.abs(backprop_by_hand(saturated, x, 0.7).grad_W1).max())
    g0 = float(np.abs(backprop_by_hand(net, x, 0.7).grad_W1).max())
    return verdict_if(err < 1e-7 and g_sat < 1e-3 * g0,
                      f"The product of the three factors matches finite differences of the loss to {err:.1e}; "
                      f"scaling the first-layer weights by 40 pushes tanh into its flat tails (f′ ≈ 0) and the "
                      f"largest weight gradient drops from {g0:.2f} to {g_sat:.1e}.", {"err": err, "saturated": g_sat})


@claim("lstm-gates-sigmoid", "000", "Gate Activations: Sigmoid (in LSTMs/GRUs)", "recommendation",
       "chapters/selection/domains")
def _() -> Evidence:
    lo, hi = float(f("sigmoid")(-8.0)), float(f("sigmoid")(8.0))
    return verdict_if(0 < lo < 1e-3 and 1 - 1e-3 < hi < 1,
                      f"A gate multiplies a signal by a share between 0 and 1; sigmoid spans it ({lo:.1e} to "
                      f"{hi:.6f} on [−8, 8]), as in the LSTM and GRU definitions.", {"lo": lo, "hi": hi})


@claim("segmentation-sigmoid", "000", "Segmentation: Sigmoid (per-pixel probabilities)", "recommendation",
       "chapters/selection/domains")
def _() -> Evidence:
    h = runs.heads()
    s = h.exact_match[("sigmoid", "multi-label")]
    return verdict_if(s > 0.9, "Right for binary (or overlapping) masks: independent per-pixel labels are a multi-"
                      f"label problem, where sigmoid heads scored {s:.0%} exact matches in the output-layer "
                      "experiment; exclusive multi-class masks use a softmax over classes per pixel instead.",
                      {"sigmoid_multilabel": s}, yes="imprecise", no="wrong")


@claim("transformers-gelu", "000", "Feed-Forward Layers: GELU (BERT/GPT standard)", "recommendation",
       "chapters/selection/domains")
def _() -> Evidence:
    return _unverifiable("A historical fact about two model families, not a computation: BERT and GPT-2 use GELU "
                         "(its tanh form); newer models often use gated variants such as SwiGLU.")


@claim("gan-leaky", "000", "GANs - Discriminator: Leaky ReLU", "recommendation", "chapters/selection/domains")
def _() -> Evidence:
    return _unverifiable("A common practice (DCGAN), not a measurable property; no task is given.")
