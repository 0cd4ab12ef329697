"""The selection tree, its drawing, practice by domain and the cost timer."""

from __future__ import annotations

import warnings

import pytest

import actfuncs
from actfuncs import selection
from actfuncs.selection import draw_tree, drawn_routes, paths, recommend

EXPECTED = {
    ("hidden", "default"): ("relu",),
    ("hidden", "deep"): ("silu", "gelu"),
    ("hidden", "dying_relu"): ("leaky_relu", "elu"),
    ("hidden", "transformer"): ("gelu",),
    ("hidden", "rnn"): ("tanh",),
    ("output", "binary"): ("sigmoid",),
    ("output", "multiclass"): ("softmax",),
    ("output", "multilabel"): ("sigmoid",),
    ("output", "regression"): ("identity",),
}


def _call(layer: str, second: str) -> selection.Recommendation:
    return recommend(layer, goal=second) if layer == "hidden" else recommend(layer, task=second)


@pytest.mark.parametrize(("route", "names"), EXPECTED.items())
def test_every_route_recommends_the_expected_names(route: tuple[str, str], names: tuple[str, ...]) -> None:
    rec = _call(*route)
    assert rec.names == names
    assert [a for _, a in rec.path] == list(route)
    assert rec.reasons and all(isinstance(r, str) and len(r) > 20 for r in rec.reasons)
    for n in rec.names:
        assert actfuncs.spec(n).name == n


def test_paths_cover_exactly_the_expected_routes() -> None:
    got = {tuple(a for _, a in steps): leaf.names for steps, leaf in paths()}
    assert got == EXPECTED


def test_hidden_goal_defaults_to_relu() -> None:
    assert recommend("hidden").names == ("relu",)
    assert recommend("hidden").path == (("layer", "hidden"), ("goal", "default"))


def test_recommend_agrees_with_paths() -> None:
    for steps, leaf in paths():
        rec = recommend(steps[0][1], **{steps[1][0]: steps[1][1]})
        assert rec.path == steps
        assert rec.names == leaf.names
        assert rec.caveats == leaf.caveats


def test_questionable_leaves_carry_caveats() -> None:
    assert any("40" in c for c in recommend("hidden", goal="deep").caveats)
    assert any("sigmoid" in c for c in recommend("hidden", goal="rnn").caveats)
    assert any("SwiGLU" in c for c in recommend("hidden", goal="transformer").caveats)


@pytest.mark.parametrize(
    ("kwargs", "allowed"),
    [
        ({"layer": "middle"}, ["hidden", "output"]),
        ({"layer": "hidden", "goal": "speed"}, ["default", "deep", "dying_relu", "transformer", "rnn"]),
        ({"layer": "output", "task": "ranking"}, ["binary", "multiclass", "multilabel", "regression"]),
        ({"layer": "output"}, ["binary", "multiclass", "multilabel", "regression"]),
    ],
)
def test_invalid_answers_list_the_allowed_ones(kwargs: dict[str, str], allowed: list[str]) -> None:
    layer = kwargs.pop("layer")
    with pytest.raises(ValueError) as err:
        recommend(layer, **kwargs)
    for a in allowed:
        assert a in str(err.value)


def test_mismatched_keyword_is_rejected() -> None:
    with pytest.raises(ValueError, match="output layer only"):
        recommend("hidden", task="binary")
    with pytest.raises(ValueError, match="hidden layers only"):
        recommend("output", task="binary", goal="deep")


def test_drawing_matches_the_tree() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = draw_tree()
        fig.canvas.draw()
    leaves, edges = drawn_routes(fig)
    routes = {"/".join(f"{q}={a}" for q, a in steps) for steps, _ in paths()}
    assert leaves == routes
    # every prefix of every route is an arrow, and there is no other arrow
    prefixes = {r.rsplit("/", k)[0] for r in routes for k in range(2)}
    assert edges == prefixes
    texts = {t.get_text() for t in fig.axes[0].texts}
    for _, leaf in paths():
        assert leaf.label in texts
    assert "Which layer?" in texts
    assert "hidden" in fig.alt_text and "sigmoid" in fig.alt_text


def test_domain_practice_names_exist_and_cover_domains() -> None:
    rows = selection.domain_practice()
    domains = {r.domain for r in rows}
    assert {"vision (CNN)", "transformers", "RNN / LSTM / GRU", "GANs", "VAEs", "diffusion"} <= domains
    for r in rows:
        assert r.names and r.rationale
        for n in r.names:
            assert actfuncs.spec(n).name == n
    by_model = {(r.models, r.where): r.names for r in rows}
    assert by_model[("LSTM, GRU", "gates")] == ("sigmoid",)
    assert by_model[("LLaMA, PaLM", "feed-forward")] == ("swiglu",)
    assert by_model[("EfficientNet", "hidden")] == ("silu",)
    # Facts checked against the papers and reference code (see chapters/selection/domains).
    assert "gelu_tanh" in by_model[("BERT", "feed-forward")]  # google-research/bert computes the tanh form
    assert by_model[("GPT-2", "feed-forward")] == ("gelu_tanh",)
    assert by_model[("MobileNetV3", "hidden")] == ("hard_swish", "relu")
    assert by_model[("DCGAN", "discriminator hidden")] == ("leaky_relu",)
    assert by_model[("VAE (Kingma & Welling)", "encoder / decoder MLP")] == ("tanh",)
    assert by_model[("Mask R-CNN", "mask output")] == ("sigmoid",)


def test_relative_costs_shape_and_errors() -> None:
    costs = selection.relative_costs(["relu", "sigmoid"], n=20_000, repeats=3)
    assert set(costs) == {"relu", "sigmoid"}
    assert costs["relu"] == 1.0
    assert costs["sigmoid"] > 0
    with pytest.raises(ValueError, match="elementwise"):
        selection.relative_costs(["softmax"], n=10, repeats=1)
    with pytest.raises(ValueError, match="repeats"):
        selection.relative_costs(["relu"], n=10, repeats=0)
