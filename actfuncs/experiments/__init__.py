"""Experiments the chapters run: each a function returning a tidy result, plus a plot.

Every module holds one experiment: a function returning a frozen dataclass of measured
numbers and ``plot(result)`` drawing it with matplotlib (some modules add a second experiment
with its own ``plot_*``).  All are seeded; ``benchmarks/training.py`` times each one, with its
plot, against a budget of 5 s.

* :mod:`~actfuncs.experiments.linearity` -- a deep linear network is one matrix
  (``linear_collapse``, ``collapse_vs_depth``); XOR needs a non-linearity (``xor_experiment``);
  back-propagation through identity layers still trains (``deep_linear_regression``).
* :mod:`~actfuncs.experiments.hinges` -- a sum of ReLU hinges fits a curve (``hinge_fit``).
* :mod:`~actfuncs.experiments.chain_rule` -- the chain rule by hand.
* :mod:`~actfuncs.experiments.gradient_flow` -- gradient norm per layer against depth
  (``layer_gradient_norms``, ``gradient_flow``).
* :mod:`~actfuncs.experiments.dead_units` -- dead ReLU units vs learning rate, bias init and
  optimiser (``dead_fraction``, ``dead_units``).
* :mod:`~actfuncs.experiments.zero_centring` -- the sign pattern of updates after sigmoid
  (``zero_centring``) and the zig-zag path it causes (``zigzag``).
* :mod:`~actfuncs.experiments.selu_norm` -- activation mean and variance through depth.
* :mod:`~actfuncs.experiments.comparison` -- activations on digits, seeds and noise.
* :mod:`~actfuncs.experiments.cost` -- fair timings of activations and training steps.
* :mod:`~actfuncs.experiments.output_layers` -- sigmoid vs softmax outputs.
* :mod:`~actfuncs.experiments.debugging_cases` -- each common mistake and symptom, broken and
  fixed (``CASES``); the debugging chapter runs them.
"""

#: module name -> (the experiment's main function, one-line description)
EXPERIMENTS: dict[str, tuple[str, str]] = {
    "linearity": ("xor_experiment", "XOR: linear models stay at <= 3/4, one non-linearity solves it"),
    "hinges": ("hinge_fit", "ReLU hinges fitted to a curve"),
    "gradient_flow": ("gradient_flow", "gradient norm per layer vs depth, Xavier vs He"),
    "dead_units": ("dead_units", "dead ReLU units vs learning rate, bias init, optimiser"),
    "zero_centring": ("zero_centring", "gradient sign pattern after sigmoid vs tanh"),
    "selu_norm": ("selu_norm", "activation mean/variance vs depth, LeCun vs He"),
    "comparison": ("comparison", "activations on digits over several seeds"),
    "cost": ("cost", "timing of activations and training steps, NumPy vs PyTorch"),
    "output_layers": ("output_layers", "sigmoid vs softmax on multi-label vs multi-class"),
    "debugging_cases": ("overfitting", "broken vs fixed set-ups of the debugging chapter (slowest case)"),
}
