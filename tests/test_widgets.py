"""Widgets: the pure compute functions, the controls, and the static (kernel-free) HTML."""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import actfuncs  # noqa: E402
from actfuncs import static_widgets, widgets  # noqa: E402
from actfuncs.registry import UnknownActivationError  # noqa: E402

PARAMS = [(n, p) for n in actfuncs.names("elementwise") for p in actfuncs.spec(n).params]


@pytest.mark.parametrize(("name", "p"), PARAMS, ids=[f"{n}-{p.name}" for n, p in PARAMS])
def test_slider_range_is_inside_the_allowed_range(name, p):
    lo, hi = widgets.slider_range(p)
    assert lo < hi and lo <= p.default <= hi
    assert p.contains(lo) and p.contains(hi)
    if p.widget is not None:
        assert p.widget[0] <= lo and hi <= p.widget[1]
    for v in (lo, hi, 0.5 * (lo + hi)):
        try:
            actfuncs.get(name, **{p.name: v})  # every slider position passes the range check
        except ValueError as e:  # only a cross-parameter check may refuse it
            assert actfuncs.spec(name).check is not None and "allowed range" not in str(e)


def test_explorer_shows_cross_parameter_errors():
    box = widgets.explorer("rrelu")
    lower = box.children[1].children[0]
    assert lower.description == "lower"
    lower.value = lower.max
    assert "lower &lt;= upper" in box.children[3].value
    lower.value = 0.1
    assert box.children[3].value == ""


def test_slider_range_clamps_an_open_end():
    from actfuncs.registry import Param

    p = Param("alpha", 1.0, low=0.0, low_open=True, widget=(-1.0, 3.0))
    assert widgets.slider_range(p) == (pytest.approx(1e-3), 3.0)


@pytest.mark.parametrize("name", actfuncs.names("elementwise"))
def test_explorer_data_matches_the_registry(name):
    d = widgets.explorer_data(name)
    a = actfuncs.get(name)
    np.testing.assert_array_equal(d.f, np.asarray(a(d.x), dtype=np.float64))
    np.testing.assert_array_equal(d.grad, np.asarray(a.grad(d.x), dtype=np.float64))


def test_explorer_data_errors():
    with pytest.raises(UnknownActivationError, match="did you mean"):
        widgets.explorer_data("sigmiod")
    with pytest.raises(ValueError, match="alpha=-2.0 is outside the allowed range"):
        widgets.explorer_data("elu", {"alpha": -2.0})
    with pytest.raises(ValueError, match="x_range"):
        widgets.explorer_data("relu", None, (2.0, 2.0))


def test_softmax_temperature_values():
    p, h = widgets.softmax_temperature([2.0, 1.0, 0.0], 1.0)
    e = np.exp([2.0, 1.0, 0.0])
    np.testing.assert_allclose(p, e / e.sum(), rtol=1e-15)
    assert h == pytest.approx(-np.sum(p * np.log(p)), rel=1e-14)
    p, h = widgets.softmax_temperature([2.0, 1.0, 0.0], 1e6)
    assert h == pytest.approx(math.log(3), rel=1e-5)
    p, h = widgets.softmax_temperature([2.0, 1.0, 0.0], 1e-3)
    assert p[0] == 1.0 and h == pytest.approx(0.0, abs=1e-300)
    for bad in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="temperature"):
            widgets.softmax_temperature([1.0, 2.0], bad)
    with pytest.raises(ValueError, match="1-D"):
        widgets.softmax_temperature([[1.0, 2.0]], 1.0)


def test_explorer_controls_follow_the_registry():
    box = widgets.explorer("leaf")
    dropdown, params, xr, msg, image = box.children
    assert isinstance(dropdown, ipywidgets.Dropdown)
    assert list(dropdown.options) == actfuncs.names("elementwise")
    assert [s.description for s in params.children] == ["p1", "p2", "p3", "p4"]
    assert isinstance(xr, ipywidgets.FloatRangeSlider) and isinstance(image, ipywidgets.Image)
    first = image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    params.children[0].value = 2.0
    assert image.value != first
    dropdown.value = "relu"
    assert params.children == ()
    assert tuple(xr.value) == pytest.approx(widgets.x_limits("relu"))
    dropdown.value = "elu"
    s = params.children[0]
    assert (s.min, s.max) == widgets.slider_range(actfuncs.spec("elu").param("alpha"))
    with pytest.raises(UnknownActivationError):
        widgets.explorer("nope")
    with pytest.raises(ValueError, match="not elementwise"):
        widgets.explorer("softmax")


def test_softmax_widget_redraws():
    box = widgets.softmax_widget()
    t, msg, image = box.children
    first = image.value
    t.value = 5.0
    assert image.value != first and msg.value == ""


def test_gradient_flow_data_is_the_experiment_and_shows_vanishing():
    from actfuncs.experiments.gradient_flow import layer_gradient_norms

    sig = widgets.gradient_flow_data("sigmoid", 10, "xavier")
    np.testing.assert_array_equal(sig, layer_gradient_norms("sigmoid", 10, "xavier"))
    assert sig.shape == (10,) and np.all(np.isfinite(sig))
    assert sig[0] / sig[-1] < 1e-4  # shrinks towards the input: at most 1/4 per layer
    relu = widgets.gradient_flow_data("relu", 10, "he")
    assert 0.5 < relu[0] / relu[-1] < 2  # He keeps ReLU level
    with pytest.raises(UnknownActivationError):
        widgets.gradient_flow_data("nope", 5, "xavier")


def test_gradient_flow_widget_offers_only_valid_inits():
    from actfuncs.nn.init import initializer

    for name in widgets.INITS:
        initializer(name)  # raises for an unknown initialiser
    box = widgets.gradient_flow_widget()
    act, depth, init, msg, image = box.children
    assert tuple(init.options) == widgets.INITS
    assert (depth.min, depth.max) == widgets.DEPTH_RANGE
    for name in widgets.INITS:
        init.value = name
        assert msg.value == "", name
    first = image.value
    depth.value = 4
    assert image.value != first and msg.value == ""


def test_dead_units_data():
    from actfuncs.experiments.dead_units import dead_fraction

    relu0 = widgets.dead_units_data("relu", 0.1, 0.0)
    assert relu0 == dead_fraction("relu", 0.1, 0.0)
    assert widgets.dead_units_data("relu", 0.1, -1.0) > relu0  # a negative bias kills more
    assert widgets.dead_units_data("leaky_relu", 1.0, -1.0) == 0.0  # slope alpha never dies
    with pytest.raises(ValueError, match="lr"):
        widgets.dead_units_data("relu", 0.0, 0.0)
    with pytest.raises(UnknownActivationError):
        widgets.dead_units_data("rellu", 0.1, 0.0)


def test_dead_units_drawing_and_widget():
    from matplotlib.figure import Figure

    fig = Figure()
    widgets.draw_dead_units({"a": 0.25, "b": 0.75}, "t", fig)
    bars = fig.axes[0].patches
    assert [b.get_width() for b in bars] == [0.25, 0.75]
    box = widgets.dead_units_widget()
    act, lr, bias, msg, image = box.children
    first = image.value
    bias.value = -1.0
    assert image.value != first and msg.value == ""


def test_decision_boundary_data():
    d = widgets.decision_boundary_data("relu", 16, 2, "moons", grid=40)
    assert d.prob.shape == (40, 40) == d.gx.shape
    assert np.all((d.prob >= 0) & (d.prob <= 1))
    assert d.accuracy >= 0.95
    # the drawn probabilities agree with the labels at the training points
    ix = np.clip(np.searchsorted(d.gx[0], d.X[:, 0]), 0, 39)
    iy = np.clip(np.searchsorted(d.gy[:, 0], d.X[:, 1]), 0, 39)
    assert np.mean((d.prob[iy, ix] > 0.5) == (d.y == 1)) > 0.85
    # without a non-linearity the boundary is a line: circles cannot be separated
    lin = widgets.decision_boundary_data("identity", 16, 2, "circles", grid=10)
    assert lin.accuracy < 0.75
    assert widgets.decision_boundary_data("relu", 16, 2, "circles", grid=10).accuracy > 0.95


def test_decision_boundary_errors_and_widget():
    with pytest.raises(UnknownActivationError):
        widgets.decision_boundary_data("rleu")
    with pytest.raises(ValueError, match="dataset"):
        widgets.decision_boundary_data("relu", dataset="iris")
    for kw in ({"width": 0}, {"depth": 9}, {"width": 2.5}, {"depth": True}):
        with pytest.raises(ValueError, match="integer"):
            widgets.decision_boundary_data("relu", **kw)
    box = widgets.decision_boundary_widget()
    act, width, depth, data, msg, image = box.children
    assert tuple(data.options) == widgets.BOUNDARY_DATASETS
    first = image.value
    assert first[:4] == b"\x89PNG" and msg.value == ""
    data.value = "xor"
    assert image.value != first and msg.value == ""


def _frames(block: str) -> list[str]:
    import json

    data = re.search(r'<script type="application/json">(.*?)</script>', block).group(1)
    return json.loads(data)["src"]


def test_static_explorer_html():
    a = static_widgets.explorer_html("elu", n=9)
    assert a == static_widgets.explorer_html("elu", n=9)  # deterministic
    assert a.startswith('<div class="af-static-widget" id="afsw-')
    assert len(_frames(a)) == 9 and len(set(_frames(a))) == 9
    assert re.search(r'<input type="range" min="0" max="8" step="1"', a)
    assert re.search(r'<img alt="[^"]*ELU', a)
    assert len(a) < static_widgets.MAX_BYTES
    assert "http" not in a  # nothing fetched
    b = static_widgets.explorer_html("relu", n=5)  # no parameters: input range is swept
    assert len(_frames(b)) == 5 and "input range" in b
    assert a.split('"')[3] != b.split('"')[3]  # ids differ with content


def test_static_softmax_html_and_errors():
    block = static_widgets.softmax_html(n=7)
    assert len(_frames(block)) == 7 and 'max="6"' in block and 'value="3"' in block
    assert static_widgets.show(block).data == block
    with pytest.raises(ValueError, match="allowed range"):
        static_widgets.explorer_html("elu", "alpha", [-1.0, 1.0])
    with pytest.raises(TypeError, match="unknown parameter"):
        static_widgets.explorer_html("elu", "gamma")


def test_static_gradient_flow_html():
    block = static_widgets.gradient_flow_html(depths=(2, 6, 12))
    frames = _frames(block)
    assert len(frames) == 3 and len(set(frames)) == 3
    assert 'max="2"' in block and "depth 12" in block and "sigmoid" in block
    assert block.startswith('<div class="af-static-widget"') and "http" not in block
    assert len(block) < 300_000
    with pytest.raises(ValueError, match="depth"):
        static_widgets.gradient_flow_html(depths=(1, 5))


def test_static_dead_units_html():
    block = static_widgets.dead_units_html(lrs=(0.01, 1.0))
    frames = _frames(block)
    assert len(frames) == 2 and frames[0] != frames[1]
    assert "lr=0.01" in block and "Leaky ReLU" in block and 'aria-label="learning rate"' in block
    assert len(block) < 150_000
    with pytest.raises(ValueError, match="lr"):
        static_widgets.dead_units_html(lrs=(0.0,))


@pytest.mark.parametrize("name", actfuncs.names("elementwise"))
def test_gradient_flow_draws_for_every_activation(name):
    from matplotlib.figure import Figure

    norms = widgets.gradient_flow_data(name, 3, "he")
    assert norms.shape == (3,) and np.all(norms >= 0)
    fig = Figure()
    widgets.draw_gradient_flow(norms, name, fig)  # zero or non-finite norms draw without warnings
    label = fig.axes[0].get_lines()[0].get_label()
    assert label.startswith(f"{name}: first/last ")
    lo, hi = fig.axes[0].get_ylim()
    assert math.isfinite(lo) and math.isfinite(hi) and lo < hi


def test_experiment_widgets_refuse_unknown_activations_with_the_registry_error():
    for make in (widgets.gradient_flow_widget, widgets.dead_units_widget,
                 widgets.decision_boundary_widget):
        with pytest.raises(UnknownActivationError, match="did you mean"):
            make("sigmiod")


def test_static_decision_boundary_html():
    block = static_widgets.decision_boundary_html(widths=(1, 8))
    frames = _frames(block)
    assert len(frames) == 2 and frames[0] != frames[1]
    assert 'value="1"' in block and "width 8" in block and "relu network" in block
    assert len(block) < 150_000
    with pytest.raises(UnknownActivationError):
        static_widgets.decision_boundary_html("rellu")
    with pytest.raises(ValueError, match="width"):
        static_widgets.decision_boundary_html(widths=(0,))


#: each live widget and its kernel-free twin (issue #5: every widget page carries both)
WIDGET_TWINS = {
    "explorer": "explorer_html",
    "hinge_widget": "hinge_html",
    "softmax_widget": "softmax_html",
    "gradient_flow_widget": "gradient_flow_html",
    "dead_units_widget": "dead_units_html",
    "decision_boundary_widget": "decision_boundary_html",
}


def test_every_widget_is_shown_in_the_book_with_its_static_twin():
    import inspect
    from pathlib import Path

    import nbformat

    builders = {n for n, f in inspect.getmembers(widgets, inspect.isfunction)
                if f.__module__ == widgets.__name__ and inspect.signature(f).return_annotation
                in ("widgets.VBox", "VBox")}
    assert builders == set(WIDGET_TWINS), "a widget builder is missing from WIDGET_TWINS"
    root = Path(__file__).resolve().parents[1] / "chapters"
    code = {p: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code")
            for p in root.rglob("*.ipynb")}
    for live, twin in WIDGET_TWINS.items():
        assert hasattr(static_widgets, twin)
        pages = [p for p, src in code.items() if f"widgets.{live}(" in src]
        assert pages, f"widgets.{live} is not shown on any page"
        for p in pages:
            assert f"static_widgets.{twin}(" in code[p], f"{p.name} shows {live} without {twin}"
