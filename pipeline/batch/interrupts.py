"""Ctrl-C in a batch: the batch process decides, its children never see it.

A terminal sends Ctrl-C (SIGINT) to every process of the foreground group: the batch process, the
fork server that is still warming up, the pool workers and the cold readers. Only the batch
process acts on it:

* Child processes ignore SIGINT from their first instruction. They are started with SIGINT
  blocked (:func:`sigint_blocked` around every process start: a child inherits the signal mask of
  the thread that starts it, through fork and exec), so a Ctrl-C that lands while a child is
  still importing stays pending, and the child sets SIGINT to ignored before it unblocks it
  (:func:`ignore_sigint`: pool workers first thing, the fork server as the first line of its
  preload, :mod:`pipeline.batch.worker`; the workers it forks keep its disposition). When a batch stops
  while the fork server is still warming up, the batch kills it rather than wait for it.
* The batch process runs with :func:`stoppable`: the first Ctrl-C raises KeyboardInterrupt where
  the program is, except inside :func:`held` (storing a document and counting it), where it
  waits for the end of the block; later ones only are recorded, so that stopping (shutting the
  workers down) is never cut short. What was stored is then exactly what the summary counts.

Phases reported: ``imports`` (the command line loads the library), ``store-open``, ``plan`` (which
files, which are stored), ``fork-server`` (it starts), ``pool``, ``warm-up`` and ``warm`` (in the
fork server), ``read`` (a file, wherever it is read), ``store`` and ``json`` (a document), ``settle``
(the batch is done), ``exit`` (the summary is out).

Tests find the moments to interrupt by the phases the program reports: with ``ROADMAP_PHASES``
set in the environment, :func:`phase` writes ``phase: NAME`` to standard error when a phase
starts, and with ``ROADMAP_PAUSE_AT=NAME`` the program waits there (up to a minute, until a
Ctrl-C arrives), so that an interrupt lands inside even a short phase.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

PHASES_VARIABLE = "ROADMAP_PHASES"
PAUSE_VARIABLE = "ROADMAP_PAUSE_AT"
PAUSE_LIMIT_S = 60


class _Stop:
    """What Ctrl-C has done to the batch so far."""

    def __init__(self) -> None:
        self.requested = False     # a Ctrl-C arrived
        self.raised = False        # KeyboardInterrupt was raised for it
        self.holding = 0           # depth of held() blocks

    def raise_now(self) -> None:
        self.raised = True
        raise KeyboardInterrupt


_stop: _Stop | None = None


def _on_sigint(signum, frame) -> None:
    stop = _stop
    if stop is None:               # a handler left behind: behave as Python's own
        raise KeyboardInterrupt
    first = not stop.requested
    stop.requested = True
    if first and not stop.holding:
        stop.raise_now()


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def stoppable(afterwards=None) -> Iterator[_Stop]:
    """Run the block with Ctrl-C handled as a batch needs it (see the module's documentation);
    the state it yields says whether Ctrl-C was pressed (``requested``). Nested blocks share the
    outermost one's state. ``afterwards``: the SIGINT disposition to leave behind (default: the
    one found), e.g. ``signal.SIG_IGN`` for a program that has said all it will say. Outside the
    main thread (where Python cannot set signal handlers, nor run them) it changes nothing, and
    so it does where SIGINT is ignored: whoever started the process (a shell script starting a
    background job, a CI runner) meant Ctrl-C not to reach it, and Python leaves it so too."""
    global _stop
    if _stop is not None or not _in_main_thread():
        yield _stop if _stop is not None else _Stop()
        return
    found = signal.getsignal(signal.SIGINT)
    if found is signal.SIG_IGN or found is None:     # None: a handler that Python did not install
        try:
            yield _Stop()
        finally:
            if afterwards is not None:
                signal.signal(signal.SIGINT, afterwards)
        return
    _stop = _Stop()
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield _stop
    finally:
        signal.signal(signal.SIGINT, found if afterwards is None else afterwards)
        _stop = None


@contextmanager
def held(then_raise: bool = True) -> Iterator[None]:
    """Run the block without being interrupted: a Ctrl-C that arrives meanwhile raises
    KeyboardInterrupt at its end (or, with ``then_raise`` false, is only recorded)."""
    stop = _stop if _in_main_thread() else None
    if stop is None:
        yield
        return
    stop.holding += 1
    try:
        yield
    finally:
        stop.holding -= 1
    if then_raise and not stop.holding and stop.requested and not stop.raised:
        stop.raise_now()


def requested() -> bool:
    """Whether Ctrl-C was pressed during the current :func:`stoppable` block."""
    return _stop is not None and _stop.requested


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread for the block: processes started in it inherit the mask,
    so they cannot be interrupted before they get to :func:`ignore_sigint`. This process loses
    nothing: a Ctrl-C that arrives meanwhile is delivered when the block ends (or to a thread
    that does not block it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def block_sigint_in_this_thread() -> None:
    """Block SIGINT in the calling thread for the rest of its life (a thread that starts
    processes: see :func:`sigint_blocked`)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def ignore_sigint() -> None:
    """Ignore Ctrl-C in this process (a child of the batch: the batch stops it), then unblock it:
    a Ctrl-C that was held back since the process started is dropped."""
    if _in_main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# --- phases, for tests -----------------------------------------------------------------------

def phase(name: str) -> None:
    """Report that phase ``name`` starts (with ``ROADMAP_PHASES`` set), and wait there when
    ``ROADMAP_PAUSE_AT`` names it (until a Ctrl-C arrives, at most a minute: pause only in the
    batch process, since its children never see Ctrl-C). A no-op otherwise."""
    if not os.environ.get(PHASES_VARIABLE):
        return
    try:
        os.write(2, f"phase: {name}\n".encode())     # one write: lines of several processes never mix
    except OSError:
        pass
    if os.environ.get(PAUSE_VARIABLE) == name:
        _pause()


def _pause() -> None:
    """Wait for a Ctrl-C: outside :func:`held` it raises KeyboardInterrupt out of the sleep;
    inside, it is recorded and ends the wait."""
    deadline = time.monotonic() + PAUSE_LIMIT_S
    while time.monotonic() < deadline and not requested():
        time.sleep(0.02)
