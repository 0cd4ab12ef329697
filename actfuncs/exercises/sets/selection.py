r"""Selection exercises: choose an activation for an output layer, a transformer, an RNN gate.

Every option explains itself, right or wrong.  The tests check that each correct answer agrees
with :func:`actfuncs.selection.recommend`, so the exercises cannot contradict the decision tree.
"""

from __future__ import annotations

from collections.abc import Mapping

from actfuncs.exercises.checkers import Choice, ChoiceChecker
from actfuncs.exercises.core import Exercise, WrongAnswer, register

#: the options every selection exercise offers, in this order (letter, registry name, text)
OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("A", "relu", "ReLU"),
    ("B", "sigmoid", "sigmoid"),
    ("C", "softmax", "softmax"),
    ("D", "tanh", "tanh"),
    ("E", "identity", "identity (no activation)"),
    ("F", "gelu", "GELU"),
)


def choose(exercise_id: str, title: str, situation: str, correct: str,
           why: Mapping[str, str], wrong: tuple[tuple[str, str], ...],
           recommend: Mapping[str, str] | None = None) -> Exercise:
    """Register a choose-an-activation exercise over :data:`OPTIONS`.

    ``why`` explains every option; ``wrong`` lists (letter, hint keyword) pairs of typical wrong
    picks; ``recommend`` holds the keyword arguments of ``selection.recommend`` that must agree.
    """
    choices = tuple(Choice(k, n, t, n == correct, why[n]) for k, n, t in OPTIONS)
    letter = next(c.key for c in choices if c.correct)
    ex = Exercise(
        id=exercise_id, title=title, kind="choose", section="selection/decision-tree",
        prompt=situation + "\nWhich activation do you choose?",
        checker=ChoiceChecker(choices),
        solution=f'"{letter}"',
        wrong_answers=tuple(WrongAnswer(f'"{k}"', kw) for k, kw in wrong),
        explanation=why[correct],
    )
    register(ex)
    if recommend is not None:
        RECOMMEND[exercise_id] = dict(recommend)
    return ex


#: exercise id -> keyword arguments of ``actfuncs.selection.recommend`` (checked in the tests)
RECOMMEND: dict[str, dict[str, str]] = {}

_HIDDEN_ONLY = {
    "relu": "ReLU is a hidden-layer activation: its output is unbounded above and exactly 0 for "
            "negative inputs, so it is no probability.",
    "gelu": "GELU is a smooth hidden-layer activation (transformers); it does not produce a "
            "probability.",
}

choose(
    "selection.choose.output_binary", "Output layer: binary classification",
    "The output layer of a spam filter gives one number: the probability that an e-mail is spam. "
    "It is trained with binary cross-entropy.",
    "sigmoid",
    {
        **_HIDDEN_ONLY,
        "sigmoid": "Sigmoid maps one logit to a probability in (0, 1) and pairs with binary "
                   "cross-entropy (in practice computed from the logit, with log_sigmoid).",
        "softmax": "Softmax over a single output is always 1. With two outputs it works, but it is "
                   "the sigmoid in disguise: softmax([z, 0]) = sigmoid(z).",
        "tanh": "tanh ranges over (-1, 1), so it is not a probability without rescaling.",
        "identity": "A raw logit is unbounded; it needs a sigmoid to become a probability.",
    },
    (("C", "single output"), ("D", "(-1, 1)"), ("A", "probability")),
    {"layer": "output", "task": "binary"},
)

choose(
    "selection.choose.output_multiclass", "Output layer: one class out of ten",
    "A digit classifier must say which one of the ten digits an image shows; exactly one is right.",
    "softmax",
    {
        **_HIDDEN_ONLY,
        "sigmoid": "Ten independent sigmoids give ten probabilities that need not sum to 1: they "
                   "model ten yes/no questions, not one choice among ten exclusive classes.",
        "softmax": "Softmax turns ten logits into a probability vector that sums to 1, exactly the "
                   "model of mutually exclusive classes (with cross-entropy loss).",
        "tanh": "tanh outputs lie in (-1, 1) and do not sum to 1.",
        "identity": "Raw logits are not probabilities; softmax normalises them.",
    },
    (("B", "sum to 1"), ("A", "probability")),
    {"layer": "output", "task": "multiclass"},
)

choose(
    "selection.choose.output_multilabel", "Output layer: any subset of tags",
    "A photo may carry any subset of 20 tags (beach, dog, sunset, ...), several at once.",
    "sigmoid",
    {
        **_HIDDEN_ONLY,
        "sigmoid": "One sigmoid per tag gives 20 independent probabilities; they need not sum to 1, "
                   "which is what a multi-label task wants.",
        "softmax": "Softmax forces the 20 probabilities to sum to 1, so tags compete: a photo "
                   "with both a dog and a beach cannot get a high probability for both.",
        "tanh": "tanh outputs lie in (-1, 1), not probabilities.",
        "identity": "Raw logits are not probabilities; apply a sigmoid per tag.",
    },
    (("C", "compete"), ("D", "(-1, 1)")),
    {"layer": "output", "task": "multilabel"},
)

choose(
    "selection.choose.output_regression", "Output layer: predicting a temperature",
    "A network predicts tomorrow's temperature in degrees Celsius, which can be any real number, "
    "negative too.",
    "identity",
    {
        "relu": "ReLU cannot output negative numbers, so every frost would be predicted as 0.",
        "gelu": "GELU's output is bounded below (about -0.17), so most negative targets are "
                "unreachable.",
        "sigmoid": "Sigmoid squeezes the output into (0, 1): temperatures would have to be "
                   "rescaled and the extremes are never reached.",
        "softmax": "Softmax produces a probability vector; a single regression output would be "
                   "the constant 1.",
        "tanh": "tanh bounds the output to (-1, 1), so the target range is cut off.",
        "identity": "The identity leaves the output unbounded, so every real value is reachable "
                    "(pair it with a squared or absolute error).",
    },
    (("A", "negative"), ("B", "(0, 1)")),
    {"layer": "output", "task": "regression"},
)

choose(
    "selection.choose.transformer", "Hidden layer: a transformer's feed-forward block",
    "You implement the position-wise feed-forward block of a BERT or GPT-2 style transformer.",
    "gelu",
    {
        "relu": "ReLU works (the original transformer used it), but BERT and GPT-2 use GELU, whose "
                "smooth curve and non-zero gradient for small negative inputs trained better "
                "there.",
        "gelu": "GELU is what BERT and GPT-2 use in their feed-forward blocks (newer models use "
                "gated variants such as SwiGLU).",
        "sigmoid": "Sigmoid saturates on both sides and its slope is at most 0.25: gradients "
                   "vanish in deep stacks.",
        "softmax": "Softmax is used inside attention to normalise the scores, not as the "
                   "feed-forward activation.",
        "tanh": "tanh saturates, and its gradients vanish through many layers.",
        "identity": "Without a non-linearity the block's two linear layers collapse into one.",
    },
    (("C", "attention"), ("E", "collapse"), ("B", "saturates")),
    {"layer": "hidden", "goal": "transformer"},
)

choose(
    "selection.choose.rnn_gate", "An LSTM's forget gate",
    "An LSTM's forget gate multiplies the cell state elementwise by a number that should say how "
    "much to keep, from nothing to everything.",
    "sigmoid",
    {
        **_HIDDEN_ONLY,
        "sigmoid": "A gate is a fraction: sigmoid's range (0, 1) means 'keep nothing' to 'keep "
                   "everything', and all LSTM/GRU gates use it.",
        "softmax": "Softmax couples the units (they must sum to 1); each cell needs its own "
                   "independent gate.",
        "tanh": "tanh has range (-1, 1): LSTMs use it for the candidate values and to squash the "
                "cell output, but a gate must be a fraction in (0, 1), not a sign flip.",
        "identity": "An unbounded gate could scale the cell state up without limit; gradients "
                    "would explode.",
    },
    (("D", "candidate"), ("A", "probability")),
)
