"""The interpreter's fast path (see the package's docstring): the program ends without tearing down.

Freeing every object of a build one by one took Python about 0.1 s at exit, a fifth of a seed build's
time. The outputs are closed by then, so the process does what Python's own exit does first, in its
order (waits for the threads that are not daemons and stops a process pool's, then runs the exit
handlers, multiprocessing's clean-up among them), flushes the terminal's streams and ends at once
(Instagram's practice). threading._shutdown and atexit._run_exitfuncs are CPython's private functions:
on only for the versions in VERIFIED; otherwise, and with REPORTGEN_PURE=1, the program exits as usual."""

from __future__ import annotations

import sys

from . import enabled

DISTRIBUTION = "python"
VERIFIED = ("3.11",)


def exit_now(code: int) -> None:
    """End the process with `code`, without the interpreter's teardown where verified."""
    if not enabled(DISTRIBUTION, VERIFIED) or sys.implementation.name != "cpython":
        raise SystemExit(code)
    import atexit
    import os
    import threading

    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said on it
            pass
    os._exit(code)


_held = False


def hold_collection() -> None:
    """No garbage collection while the program loads its modules (they make no garbage, and a
    collection walks all they made); resume_collection() starts it again. Off with REPORTGEN_PURE."""
    global _held
    import gc

    from . import pure

    if not pure() and gc.isenabled():
        gc.disable()
        _held = True


def resume_collection() -> None:
    """Collection on again, after hold_collection(), with what was loaded set aside for good (gc.freeze:
    later collections, a forked worker's too, do not walk it, and a worker's pages stay shared)."""
    global _held
    import gc

    if _held:
        _held = False
        gc.freeze()
        gc.enable()
