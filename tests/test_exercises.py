"""Self-study exercises: every reference solution passes its own checker, every typical wrong
answer is rejected with its intended hint, bad answers get one friendly paragraph, the time
limit fires, progress is recorded, and the book's MyST text runs as pasted."""

from __future__ import annotations

import re
import signal
import threading
import time

import numpy as np
import pytest

import actfuncs
from actfuncs.exercises import check, core, exercise_markdown, figure, progress
from actfuncs.exercises.checkers import FunctionChecker, Reference
from actfuncs.exercises.guard import guarded_call
from actfuncs.exercises.progress import reset, status
from actfuncs.exercises.sets.selection import RECOMMEND

EXERCISES = list(core.exercises())
WRONG = [(ex, i) for ex in EXERCISES for i in range(len(ex.wrong_answers))]


@pytest.fixture(autouse=True)
def _fresh_progress():
    reset()
    yield
    reset()


def _text(fb: core.Feedback) -> str:
    return str(fb) + "\n" + fb._repr_html_()


# -- the collection --------------------------------------------------------------------------
def test_at_least_twenty_exercises_with_unique_well_formed_ids():
    ids = core.ids()
    assert len(ids) >= 20
    assert len(set(ids)) == len(ids)
    for i in ids:
        assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", i), i
    assert {e.chapter for e in EXERCISES} >= {"foundations", "catalog", "selection", "debugging"}


def test_every_kind_is_used_and_every_exercise_has_wrong_answers():
    assert {e.kind for e in EXERCISES} == set(core.KINDS)
    for ex in EXERCISES:
        assert ex.wrong_answers, f"{ex.id} has no typical wrong answer"
        assert ex.prompt.strip() and ex.title and ex.section


def test_duplicate_id_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        core.register(EXERCISES[0])


def test_function_references_come_from_the_registry():
    for ex in EXERCISES:
        if isinstance(ex.checker, FunctionChecker):
            ref = ex.checker.reference
            assert ref.name in actfuncs.names(), ex.id
            assert callable(getattr(actfuncs.get(ref.name, **ref.params), ref.method))


def test_unknown_exercise_suggests_the_closest_id():
    with pytest.raises(KeyError, match="catalog.sigmoid.stable"):
        check("catalog.sigmoid.stabel", lambda x: x)


# -- solutions and wrong answers ---------------------------------------------------------------
@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_reference_solution_passes(ex):
    fb = check(ex.id, core.load_answer(ex, ex.solution))
    assert fb.passed, str(fb)
    assert str(fb).startswith("✓") and "Correct" in str(fb)
    assert status(ex.id) == "passed"


@pytest.mark.parametrize("ex,i", WRONG, ids=lambda v: v.id if isinstance(v, core.Exercise) else str(v))
def test_typical_wrong_answer_is_rejected_with_its_hint(ex, i):
    wrong = ex.wrong_answers[i]
    fb = check(ex.id, core.load_answer(ex, wrong.source))
    text = str(fb)
    assert not fb.passed, f"{ex.id}: wrong answer #{i} ({wrong.why}) was accepted"
    assert text.startswith("✗")
    assert wrong.hint_keyword.lower() in text.lower(), f"{ex.id} #{i}: {wrong.hint_keyword!r} not in\n{text}"
    assert "Traceback" not in text
    assert fb.hint, f"{ex.id} #{i}: feedback without a hint"


def test_source_style_naive_sigmoid_gets_the_overflow_hint_with_the_input():
    fb = check("catalog.sigmoid.stable", lambda x: 1 / (1 + np.exp(-x)))
    assert fb.cause == "overflow"
    assert "x = -1000" in str(fb) and "exp" in fb.hint


def test_clip_sigmoid_is_wrong_at_minus_600_with_both_values_shown():
    fb = check("debugging.source004.clip", lambda z: 1 / (1 + np.exp(-np.clip(z, -500, 500))))
    assert fb.cause == "tail-"
    assert "x = -600" in fb.detail
    assert "7.12457" in fb.detail  # what the clipped version returns: sigma(-500)
    assert "2.65039" in fb.detail  # the true sigma(-600)


def test_checker_is_strict_about_float32_dtype_and_mutation():
    fb = check("catalog.relu.implement", lambda x: np.maximum(np.asarray(x, dtype=np.float64), 0))
    assert fb.cause == "dtype" and "float32" in str(fb)

    def inplace(x):
        np.maximum(x, 0, out=x)
        return x

    fb = check("catalog.relu.implement", inplace)
    assert fb.cause == "mutated" and "in place" in fb.hint


# -- bad answers: one friendly paragraph, never a traceback --------------------------------------
def _one_paragraph(fb: core.Feedback) -> None:
    text = str(fb)
    assert not fb.passed
    assert "Traceback" not in text and 'File "' not in text
    assert "\n\n" not in text
    assert len(text.splitlines()) <= 3


def test_raising_function_names_the_input_and_the_exception_in_one_line():
    def boom(x):
        raise ValueError("bad things\nsecond line")

    fb = check("catalog.sigmoid.stable", boom)
    _one_paragraph(fb)
    assert "ValueError: bad things" in fb.detail and "second line" not in str(fb)
    assert "ordinary inputs" in fb.detail


def test_none_list_shape_and_non_callable_each_get_a_friendly_message():
    cases = {
        "none": lambda x: None,
        "list": lambda x: [0.0] * len(x),
        "shape": lambda x: np.maximum(x, 0).sum(),
        "vectorise": lambda x: max(0, x),
    }
    for cause, fn in cases.items():
        fb = check("catalog.relu.implement", fn)
        _one_paragraph(fb)
        assert fb.cause == cause, (cause, str(fb))
    fb = check("catalog.relu.implement", 3.0)
    _one_paragraph(fb)
    assert fb.cause == "not_callable"


def test_value_and_choice_answers_of_the_wrong_type_are_explained():
    for bad in (None, True, "abc", float("nan"), [1, 2]):
        fb = check("catalog.gelu.minimum", bad)
        _one_paragraph(fb)
        assert fb.cause == "not_a_number"
    fb = check("selection.choose.transformer", "Z")
    _one_paragraph(fb)
    assert fb.cause == "not_a_choice" and "A, B, C, D, E, F" in fb.hint


def test_choices_accept_names_and_aliases_and_explain_every_option():
    assert check("selection.choose.output_binary", "logistic").passed
    assert check("selection.choose.output_regression", "linear").passed
    fb = check("selection.choose.output_multiclass", "softmax")
    assert fb.passed and "Why not the others:" in str(fb) and str(fb).count("\n") >= 6
    fb = check("selection.choose.output_multilabel", "C")
    assert not fb.passed and "compete" in fb.hint


@pytest.mark.parametrize("exercise_id", sorted(RECOMMEND))
def test_choice_answers_agree_with_the_decision_tree(exercise_id):
    from actfuncs import selection

    ex = core.get(exercise_id)
    correct = [c.name for c in ex.checker.choices if c.correct]
    assert len(correct) == 1
    assert correct[0] in selection.recommend(**RECOMMEND[exercise_id]).names


# -- the time limit -------------------------------------------------------------------------
def test_time_limit_fires_on_an_infinite_loop_on_the_main_thread():
    def forever(x):
        while True:
            pass

    before = signal.getsignal(signal.SIGALRM)
    start = time.monotonic()
    fb = check("catalog.relu.implement", forever)
    elapsed = time.monotonic() - start
    assert fb.cause == "timeout" and "2 s" in fb.detail
    assert elapsed < 2.0 + 0.5
    _one_paragraph(fb)
    assert signal.getsignal(signal.SIGALRM) is before  # the previous handler is back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_fires_off_the_main_thread_too():
    def slow(x):  # bounded, so the abandoned thread ends soon after the test
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            pass
        return x

    box = {}
    t = threading.Thread(target=lambda: box.update(out=guarded_call(slow, 1.0, seconds=0.2)))
    start = time.monotonic()
    t.start()
    t.join(5)
    assert box["out"].timed_out
    assert time.monotonic() - start < 0.2 + 0.5


def test_warnings_are_captured_not_raised_even_under_error_filters():
    out = guarded_call(lambda x: np.exp(x), np.array([1000.0]))
    assert out.error is None and out.warnings and "overflow" in out.warnings[0]


# -- progress ---------------------------------------------------------------------------------
def test_progress_records_passes_attempts_and_untried_per_chapter():
    assert check("catalog.relu.implement", lambda x: np.maximum(x, 0)).passed
    assert not check("catalog.sigmoid.stable", lambda x: 1 / (1 + np.exp(-x))).passed
    assert not check("catalog.relu.implement", lambda x: None).passed  # a pass stays a pass
    p = progress()
    row = p.row("catalog")
    assert row.passed == ("catalog.relu.implement",)
    assert row.attempted == ("catalog.sigmoid.stable",)
    assert len(row.not_tried) == row.total - 2
    assert p.row("selection").passed == () and len(p.row("selection").not_tried) >= 6
    text, page = str(p), p._repr_html_()
    assert "catalog" in text and "still open in catalog: catalog.sigmoid.stable" in text
    assert "<table" in page and "passed" in page
    reset()
    assert progress().passed == ()


# -- the book's MyST text ----------------------------------------------------------------------
@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_markdown_has_the_gated_dropdown_solution_and_runs_as_pasted(ex):
    md = exercise_markdown(ex.id)
    label = "ex-" + ex.id.replace(".", "-").replace("_", "-")
    assert f"{{exercise}} {ex.title}" in md and f":label: {label}" in md
    assert f"````{{solution-start}} {label}\n:class: dropdown\n````" in md
    assert md.rstrip().endswith("````{solution-end}\n````")
    assert md.index("solution-start") < md.rindex(f"check({ex.id!r}") < md.index("solution-end")
    solution_block = md.split("````{solution-start}")[1].split("```python\n")[1].split("\n```")[0]
    exec(compile(solution_block, f"<{ex.id} solution>", "exec"), {})  # fresh namespace: as pasted
    assert status(ex.id) == "passed"


def test_executable_markdown_uses_code_cells_outside_directives():
    md = exercise_markdown("catalog.gelu.minimum", executable=True)
    assert md.count("```{code-cell} ipython3") == 2  # the figure and the solution
    assert md.index("figure('catalog.gelu.minimum')") < md.index("{exercise} Where is GELU lowest?")
    assert "figure('catalog.gelu.minimum')" in md
    choose = exercise_markdown("selection.choose.transformer")
    assert "- **F** — GELU" in choose


# -- read-a-plot answers are computed by the package ---------------------------------------------
def test_read_plot_answers_match_the_known_values_and_the_figure_draws():
    import matplotlib.pyplot as plt

    assert abs(core.get("catalog.gelu.minimum").checker.expected() - (-0.75179)) < 1e-3
    assert abs(core.get("catalog.silu.minimum").checker.expected() - (-1.27846)) < 1e-3
    assert core.get("catalog.elu.saturation").checker.expected() == -1.0
    assert core.get("catalog.sigmoid.maxslope").checker.expected() == 0.25
    fig = figure("catalog.gelu.minimum")
    try:
        assert fig.axes
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="has no figure"):
        figure("catalog.relu.implement")


def test_feedback_html_escapes_and_marks_the_verdict():
    fb = check("catalog.relu.implement", lambda x: [1 < 2])
    page = fb._repr_html_()
    assert "✗" in page and "&lt;" not in fb.summary and "<script" not in page
    ok = check("catalog.relu.implement", lambda x: np.maximum(x, 0))
    assert "✓" in ok._repr_html_() and bool(ok) and not bool(fb)


def test_reference_describes_itself():
    assert Reference("sigmoid", "grad").describe() == "actfuncs.get('sigmoid').grad"


# -- catalog: one exercise per family, each placed once in the catalog pages ----------------------
def test_catalog_exercises_practise_registry_functions_and_cover_every_family():
    catalog = [e for e in EXERCISES if e.chapter == "catalog"]
    names = set(actfuncs.names())
    practised = {e.section.split("/", 1)[1] for e in catalog}
    assert practised <= names, practised - names
    families = {actfuncs.spec(n).family for n in names}
    assert {actfuncs.spec(n).family for n in practised} == families


def test_every_catalog_exercise_is_placed_once_in_the_catalog_pages():
    from pathlib import Path

    pages = sorted(Path(__file__).resolve().parents[1].joinpath("chapters", "catalog").glob("*.ipynb"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for ex_id in core.ids("catalog"):
        assert text.count(f"<!-- exercise: {ex_id} -->") == 1, ex_id


def test_every_catalog_activation_has_an_exercise_in_its_own_section():
    sections = {e.section for e in EXERCISES if e.chapter == "catalog"}
    missing = [n for n in actfuncs.names() if f"catalog/{n}" not in sections]
    assert not missing, f"catalog sections without an exercise: {missing}"


def test_every_catalog_exercise_sits_in_the_section_of_its_activation():
    """The marker lies between the section's anchor ``(catalog-<name>)=`` and the next H2."""
    from pathlib import Path

    import nbformat

    pages = sorted(Path(__file__).resolve().parents[1].joinpath("chapters", "catalog").glob("*.ipynb"))
    where: dict[str, str] = {}
    for page in pages:
        anchor = None
        for cell in nbformat.read(page, as_version=4).cells:
            if cell.cell_type != "markdown" or "actfuncs_exercise" in cell.metadata:
                continue
            lines = [line.strip() for line in cell.source.splitlines()]
            found = map(re.compile(r"\((catalog-[a-z0-9-]+)\)=").fullmatch, lines)
            anchors = [m.group(1) for m in found if m]
            if anchors:
                anchor = anchors[-1]
            elif any(line.startswith("## ") for line in lines):
                anchor = None  # an H2 without an anchor ("Claims checked on this page") ends it
            for m in map(re.compile(r"<!--\s*exercise:\s*([\w.]+)\s*-->").fullmatch, lines):
                if m:
                    where[m.group(1)] = f"{page.name}#{anchor}"
    for ex in (e for e in EXERCISES if e.chapter == "catalog"):
        want = "catalog-" + ex.section.split("/", 1)[1].replace("_", "-")
        assert where.get(ex.id, "").endswith("#" + want), (ex.id, where.get(ex.id), want)


def test_probes_that_must_raise_make_the_reference_raise():
    for ex in EXERCISES:
        checker = ex.checker
        for probe in getattr(checker, "probes", ()):
            if probe.raises is not None:
                with pytest.raises(probe.raises):
                    checker.reference(probe.x.copy(), **probe.kwargs)


def test_glu_answer_that_raises_the_wrong_exception_is_told_so():
    def glu(x):
        if x.shape[-1] % 2:
            raise TypeError("odd")
        a, b = np.split(x, 2, axis=-1)
        return a * actfuncs.get("sigmoid")(b)

    fb = check("catalog.glu.implement", glu)
    assert fb.cause == "wrong_error" and "ValueError" in fb.hint and "TypeError: odd" in fb.detail


def test_reference_with_leading_arguments_calls_param_grad():
    ref = Reference("prelu", "param_grad", {"alpha": 0.25}, args=("alpha",))
    assert ref.describe() == "actfuncs.get('prelu', alpha=0.25).param_grad('alpha', x)"
    np.testing.assert_array_equal(ref(np.array([-2.0, 3.0])), [-2.0, 0.0])


def test_second_catalog_set_answers_are_the_package_values():
    from actfuncs.exercises.sets import catalog_more as cm
    from actfuncs.functions.learnable import KAN_NCOEF

    # identity: the chain-rule slope is the collapsed weight, the same at every input
    W, b = cm._collapsed_chain()
    for x0 in (7.0, -100.0, 0.0):
        y, slope = cm.identity_chain(x0)
        assert slope == W and abs(y - (W * x0 + b)) < 1e-12
    assert core.get("catalog.identity.slope").checker.expected() == W == -0.75
    # KAN: the package's own grid gives its coefficient count; one more interval, one more coefficient
    assert cm.kan_edge_parameters(5) == KAN_NCOEF + 2
    assert cm.kan_edge_parameters(11) == cm.kan_edge_parameters(10) + 1
    assert core.get("catalog.kan_spline.params").checker.expected() == 4 * 3 * (13 + 2)
    # hard tanh: the kinks pass no gradient
    assert core.get("catalog.hard_tanh.grad").checker.expected() == 3
    # GeGLU halves the last axis only
    assert actfuncs.get("geglu")(np.zeros((2, 5, 12))).shape == (2, 5, 6)
    assert core.get("catalog.geglu.shape").checker.expected() == 60
    # CELU: exactly one option has matching one-sided slopes, and it is CELU
    correct = [c.name for c in core.get("catalog.celu.smooth").checker.choices if c.correct]
    assert correct == ["celu"]
    left, right = cm.one_sided_slopes("elu", alpha=2.0)
    assert abs(left - 2.0) < 1e-6 and right == 1.0
