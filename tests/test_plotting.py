"""Figures: every registry activation draws without warnings, with its own limits,
computed landmarks, parameter values in the legend and alt text."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.optimize import minimize_scalar  # noqa: E402

import actfuncs  # noqa: E402
from actfuncs import plotting  # noqa: E402
from actfuncs.registry import UnknownActivationError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", actfuncs.names())
def test_every_activation_draws_with_alt_text(name):
    fig = plotting.plot_activation(name)
    a = actfuncs.get(name)
    text = plotting.alt_text(fig)
    assert (a.spec.display_name or name) in text
    axes = fig.get_axes()
    assert len(axes) == 2
    lo, hi = axes[0].get_xlim()
    assert (lo, hi) == pytest.approx(plotting.x_limits(name))
    legend = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert legend == [a.label()]
    assert len(plotting.png_bytes(fig)) > 1000


def test_limits_are_chosen_per_function():
    lims = {n: plotting.x_limits(n) for n in actfuncs.names("elementwise")}
    assert len(set(lims.values())) >= 8
    assert lims["relu"][1] < lims["gelu"][1] < lims["sigmoid"][1]
    # sigmoid is saturated (|f'| < 1e-2) at the plotted ends, GELU's limits include its minimum
    lo, hi = lims["sigmoid"]
    assert actfuncs.get("sigmoid").grad(hi) < 1e-2
    assert lims["gelu"][0] < -0.75


@pytest.mark.parametrize("name", ["gelu", "silu", "mish"])
def test_annotated_minimum_is_the_numeric_minimum(name):
    a = actfuncs.get(name)
    fig = plotting.plot_activation(name)
    mins = [m for m in fig.landmarks if m.kind == "min"]
    assert len(mins) == 1
    ref = minimize_scalar(lambda t: float(a(t)), bracket=(-3, -1, 0), tol=1e-12)
    assert mins[0].x == pytest.approx(ref.x, abs=1e-6)
    assert mins[0].y == pytest.approx(ref.fun, abs=1e-12)
    assert f"{mins[0].x:.4f}" in plotting.alt_text(fig)
    texts = [t.get_text() for t in fig.get_axes()[0].texts]
    assert any(t.startswith("min (") for t in texts)


def test_kink_and_bounds():
    fig = plotting.plot_activation("relu")
    kinks = [m for m in fig.landmarks if m.kind == "kink"]
    assert [m.x for m in kinks] == [0.0]
    fig = plotting.plot_activation("relu6")
    assert sorted(m.x for m in fig.landmarks if m.kind == "kink") == pytest.approx([0.0, 6.0])
    bounds = sorted(m.y for m in fig.landmarks if m.kind == "bound")
    assert bounds == [0.0, 6.0]
    fig = plotting.plot_activation("tanh")
    assert sorted(m.y for m in fig.landmarks if m.kind == "bound") == [-1.0, 1.0]
    sat = [m for m in fig.landmarks if m.kind == "saturation"]
    assert len(sat) == 2 and sat[0].x[0] == fig.get_axes()[0].get_xlim()[0]
    # sigmoid has no kink, no extremum
    fig = plotting.plot_activation("sigmoid")
    assert not [m for m in fig.landmarks if m.kind in ("kink", "min", "max")]


def test_parameters_reach_the_legend_and_the_curve():
    fig = plotting.plot_activation("leaky_relu", params={"alpha": 0.2})
    assert "alpha=0.2" in fig.get_axes()[0].get_legend().get_texts()[0].get_text()
    y = fig.get_axes()[0].get_lines()[0].get_ydata()
    x = fig.get_axes()[0].get_lines()[0].get_xdata()
    assert y[0] == pytest.approx(0.2 * x[0])
    fig = plotting.plot_param_sweep("elu", "alpha", [0.5, 1.0, 2.0])
    labels = [t.get_text() for t in fig.get_axes()[0].get_legend().get_texts()]
    assert labels == ["ELU(alpha=0.5)", "ELU(alpha=1)", "ELU(alpha=2)"]
    assert "alpha = 0.5, 1, 2" in plotting.alt_text(fig)


def test_second_derivative_panel_and_axes_argument():
    fig = plotting.plot_activation("silu", show_grad2=True)
    axes = fig.get_axes()
    assert len(axes) == 3
    x = axes[2].get_lines()[0].get_xdata()
    np.testing.assert_allclose(axes[2].get_lines()[0].get_ydata(),
                               actfuncs.get("silu").grad2(x))
    f2, ax = plt.subplots()
    assert plotting.plot_activation("tanh", ax=ax, show_grad=False) is f2
    with pytest.raises(ValueError, match="need 2 axes"):
        plotting.plot_activation("tanh", ax=ax)


def test_overlay_and_gallery():
    fig = plotting.plot_overlay(["relu", "gelu", "silu"])
    assert len(fig.get_axes()[0].get_lines()) == 3
    assert "GELU" in plotting.alt_text(fig)
    fig = plotting.plot_gallery()
    visible = [ax for ax in fig.get_axes() if ax.get_visible()]
    assert len(visible) == len(actfuncs.names())
    assert str(len(actfuncs.names())) in plotting.alt_text(fig)


def test_bad_input_gives_registry_errors():
    with pytest.raises(UnknownActivationError, match="did you mean"):
        plotting.plot_activation("gelux")
    with pytest.raises(ValueError, match="alpha.*allowed range"):
        plotting.plot_activation("elu", params={"alpha": -1.0})
    with pytest.raises(TypeError, match="unknown parameter 'gamma'"):
        plotting.plot_param_sweep("elu", "gamma", [1.0])
    with pytest.raises(ValueError, match="x_range"):
        plotting.plot_activation("relu", x_range=(1.0, -1.0))
    with pytest.raises(ValueError, match="alt text"):
        plotting.alt_text(plt.figure())


def test_style_does_not_leak_and_show_has_alt():
    before = dict(matplotlib.rcParams)
    fig = plotting.plot_activation("gelu")
    assert dict(matplotlib.rcParams) == before
    out = plotting.show(fig)
    assert out.data.startswith('<img alt="Plot of the GELU')
    assert "data:image/png;base64," in out.data
    assert math.isfinite(len(out.data))


def test_layer_norm_figure():
    series = {"a": np.array([1e-6, 1e-3, 1.0]), "b": np.array([2.0, 2.0, 1.0])}
    fig = plotting.plot_layer_norms(series, "t")
    lines = fig.axes[0].get_lines()
    np.testing.assert_allclose(lines[0].get_ydata(), [-6, -3, 0])  # log10 of the norms
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 2, 3])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "1e-6" in labels and "1e0" in labels
    text = plotting.alt_text(fig)
    assert "a (first/last layer 1e-06)" in text and "b (first/last layer 2)" in text
    assert "first/last 1e-06" in lines[0].get_label()
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_layer_norms({})
    assert plotting.alt_text(plotting.with_alt(plt.figure(), "x")) == "x"
    with pytest.raises(ValueError, match="empty"):
        plotting.with_alt(plt.figure(), " ")
    plt.close("all")


def test_style_keeps_the_interactive_mode_a_backend_switched_on_inside_it() -> None:
    """The inline backend turns interactive mode on when the first figure loads it, which can
    happen inside style(); leaving the block must not switch it off (later figures vanished)."""
    import matplotlib

    before = matplotlib.is_interactive()
    try:
        matplotlib.interactive(False)
        with plotting.style():
            matplotlib.interactive(True)  # what loading matplotlib_inline does
        assert matplotlib.is_interactive()
    finally:
        matplotlib.interactive(before)
