"""Worker processes for batches, started safely where the parent runs threads (a progress bar)."""

from __future__ import annotations

import importlib
import os
import sys
import threading
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

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and fork_is_safe():
        for module in PRELOAD:
            importlib.import_module(module)
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context)


def fork_is_safe() -> bool:
    """Forking is safe here: Linux, and this process runs no other thread (a fork copies only the
    calling thread, and a lock another thread held would stay locked in the child)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
