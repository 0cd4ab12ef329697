"""Run one call of a learner's function with a time limit, capturing its warnings.

On the main thread (a Jupyter kernel, pytest) the limit is a ``SIGALRM`` timer set with
:func:`signal.setitimer`, which interrupts a Python loop cleanly.  Elsewhere the call runs in a
daemon thread that is abandoned when the limit passes (Python cannot stop a thread; the
abandoned thread keeps running in the background until its loop ends).
"""

from __future__ import annotations

import signal
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

DEFAULT_TIME_LIMIT = 2.0


class TimeLimitExceeded(BaseException):  # noqa: N818
    """Raised inside the learner's code when the time limit passes.

    A :class:`BaseException`, so an ``except Exception`` in the learner's code cannot swallow it.
    """


@dataclass(frozen=True)
class Outcome:
    """What one guarded call did: its value or its exception, and the warnings it raised."""

    value: Any = None
    error: BaseException | None = None
    timed_out: bool = False
    warnings: tuple[str, ...] = ()


def _alarm_call(fn: Callable[[], Any], seconds: float) -> Any:
    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded(seconds)

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:  # someone else's timer was running: give back what is left of it
            left = max(old_delay - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


def _thread_call(fn: Callable[[], Any], seconds: float) -> Any:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # handed back to the caller below
            box["error"] = e

    t = threading.Thread(target=run, daemon=True, name="actfuncs-exercise-call")
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise TimeLimitExceeded(seconds)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def guarded_call(fn: Callable[..., Any], *args: Any, seconds: float = DEFAULT_TIME_LIMIT,
                 **kwargs: Any) -> Outcome:
    """Call ``fn(*args, **kwargs)`` with a time limit; never raises for the learner's errors.

    NumPy floating-point problems are reported as warnings (``np.errstate(all="warn")`` with
    underflow ignored, NumPy's default) whatever the global setting, and every warning is
    recorded instead of printed or raised.
    """
    on_main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    runner = _alarm_call if on_main else _thread_call
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(all="warn", under="ignore"):
                value = runner(lambda: fn(*args, **kwargs), seconds)
        except TimeLimitExceeded:
            return Outcome(timed_out=True, warnings=_texts(caught))
        except Exception as e:  # the learner's code raised: report it, do not propagate
            return Outcome(error=e, warnings=_texts(caught))
    return Outcome(value=value, warnings=_texts(caught))


def _texts(caught: list[warnings.WarningMessage]) -> tuple[str, ...]:
    out: list[str] = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in out:
            out.append(text)
    return tuple(out)


def one_line(error: BaseException) -> str:
    """``TypeName: first line of the message`` (at most 200 characters), never a traceback."""
    msg = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = f"{type(error).__name__}: {msg}" if msg else type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."
