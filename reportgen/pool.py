"""Worker processes for batches and charts, started safely where the parent runs threads (a progress bar)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


# Imported once in the fork server, so each worker starts with the facts model and both writers loaded.
PRELOAD = ["reportgen.build", "reportgen.load", "reportgen.plan", "reportgen.charts", "reportgen.docx_writer",
           "reportgen.deck.writer", "reportgen.builders.docx", "reportgen.builders.pptx"]


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers come from a fork server that has reportgen imported once (where the platform
    has one), so they start fast and never inherit the parent's threads; elsewhere, spawned workers."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context)
