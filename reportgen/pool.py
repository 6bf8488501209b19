"""Worker processes for batches, started safely where the parent runs threads (a progress bar)."""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# What a worker needs loaded: the facts model and both writers.
PRELOAD = ["reportgen.build", "reportgen.load", "reportgen.plan", "reportgen.charts", "reportgen.docx_writer",
           "reportgen.deck.writer", "reportgen.builders.docx", "reportgen.builders.pptx"]


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers start with reportgen loaded, without inheriting another thread.

    Where forking is safe (Linux, and this process runs no other thread), the writers are imported here
    and the workers are forked from this process: no second interpreter starts, nothing is imported
    twice. Elsewhere (a progress bar's thread is running, another platform), they come from a fork
    server that imports the writers once; where there is none, they are spawned.

    With the fork method, every worker is forked at the first `submit`, before the pool starts its own
    threads; so submit everything before starting any other thread."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .fastpaths.cpython import resume_collection

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and fork_is_safe():
        for module in PRELOAD:
            importlib.import_module(module)
        from .deck.fit import settle_font_lookups

        settle_font_lookups()  # a forked worker could not wait for the lookups this process started
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    else:
        context = multiprocessing.get_context("spawn")
    resume_collection()  # (held while the modules loaded), before any worker starts
    stop_on_sigterm()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=stop_on_sigterm)
    _POOLS.add(pool)
    return pool


_POOLS: weakref.WeakSet = weakref.WeakSet()  # this process's pools, whose workers a SIGTERM stops
_installed_in: int | None = None              # the process that installed the handler (a fork inherits it)


def stop_on_sigterm() -> None:
    """On SIGTERM: kill this process's LibreOffice conversions, stop the workers of its pools (each does
    the same), then exit with 143 (128 + SIGTERM) as an unhandled SIGTERM would. Without it a terminated
    batch left its forked workers, and their LibreOffice, running. Installed from the main thread only,
    and only over the default action (a handler of the program embedding reportgen stays)."""
    global _installed_in
    if threading.current_thread() is not threading.main_thread():
        return
    current = signal.getsignal(signal.SIGTERM)
    if current in (signal.SIG_DFL, None, _on_sigterm):
        signal.signal(signal.SIGTERM, _on_sigterm)
        if current is not _on_sigterm or _installed_in is None:
            _installed_in = os.getpid()


def _on_sigterm(signum, _frame) -> None:
    pdf = sys.modules.get("reportgen.builders.pdf")
    if pdf is not None:
        pdf.stop_conversions()
    if os.getpid() == _installed_in:  # the parent: a forked worker inherits the handler, not the pools
        workers = [p for pool in list(_POOLS) for p in list((getattr(pool, "_processes", None) or {}).values())]
        for worker in workers:
            try:
                worker.terminate()
            except (OSError, ValueError, AttributeError):
                pass
        for worker in workers:
            try:
                worker.join(5)
            except (OSError, ValueError, AssertionError, AttributeError):
                pass
    os._exit(128 + signum)


def fork_is_safe() -> bool:
    """Forking is safe here: Linux, and this process runs no other thread (a fork copies only the
    calling thread, and a lock another thread held would stay locked in the child)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
