"""Files on disk: bounded reading of inputs, reproducible zips, and outputs replaced together or not at all.

A brief's files are written to temporaries in the output folder, then a small journal naming them is
written, then each temporary is renamed over its final name, then the journal is removed. A build killed
before the journal exists leaves only temporaries (the old files stand); one killed during the renames
leaves the journal, and the next build in that folder finishes the renames (`recover`). Temporaries and
journals carry the writing process's id, so a build never touches those of a live concurrent build.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import stat
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Iterator

_EPOCH = (1980, 1, 1, 0, 0, 0)
MiB = 1024 * 1024
# A facts file larger than this is refused: by the build and the CLI before it is read, by the loader
# when given bytes. Here, where every input is read, so that an up-to-date check never loads the facts model.
FACTS_LIMIT = 5_000_000
TEMP_SUFFIX = ".tmp"
JOURNAL_SUFFIX = ".commit"
_OURS = re.compile(r"^\.rg-[0-9a-f]{12}\.(\d+)\.[0-9a-f]{8}(\.tmp|\.commit)$")


class InputTooLarge(OSError):
    """A file larger than reportgen reads for its purpose."""


class NotARegularFile(OSError):
    """A folder, device, FIFO or socket where a file was expected."""


def read_bounded(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; never blocks on a FIFO, never reads a device
    without end. OSError (with a message for people) otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise OSError(e.errno, _reason(e), str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, FIFO or socket)"
            raise NotARegularFile(errno.EINVAL, f"{kind}; a {what} must be a regular file", str(path))
        if info.st_size > limit:
            raise InputTooLarge(errno.EFBIG, f"{info.st_size:,} bytes; a {what} may be at most {limit:,} bytes",
                                str(path))
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):  # the size may grow while we read: the limit still holds
            total += len(chunk)
            if total > limit:
                raise InputTooLarge(errno.EFBIG, f"more than {limit:,} bytes; a {what} may be at most that",
                                    str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def sha256_of(path: Path) -> str | None:
    """The hash of an existing output, read in chunks; None when it is missing or not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def normalise_zip(data: bytes, when: str = "2000-01-01T00:00:00Z", embedded: bool = False,
                  written_by_zipfile: bool = False, template: bytes | None = None) -> bytes:
    """The same zip with fixed timestamps and permissions, so equal content gives equal bytes.

    Embedded Office files (a native chart's .xlsx workbook) are normalised too, and their
    creation and modification dates set to `when` (ISO 8601), as they carry the wall clock.

    written_by_zipfile: `data` was written by Python's zipfile (as python-docx and python-pptx save),
    its entries deflated at zipfile's default level or stored; a deflated entry whose content stays the
    same keeps its compressed bytes, which are those a fresh compression would give (zlib is
    deterministic), and an entry that is one of the parts of `template` (the package the document was
    made from) is compressed once per process (fastpaths/zipfile.py, on for the Python versions it was
    verified on). The bytes are exactly those of the plain path (tested).
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    infos = source.infolist()
    if written_by_zipfile:
        from .fastpaths import zipfile as fast

        copied = fast.normalised_copy(data, infos, _EPOCH, lambda info: _normalised_content(source, info, when, embedded),
                                      lambda info: _changes_content(info, embedded), template)
        if copied is not None:
            return copied
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, _normalised_content(source, info, when, embedded), compresslevel=6)
    return out.getvalue()


def _normalised_content(source: zipfile.ZipFile, info: zipfile.ZipInfo, when: str, embedded: bool) -> bytes:
    content = source.read(info.filename)
    if info.filename.endswith((".xlsx", ".docx", ".pptx")):
        content = _normalised_embedded(content, when)
    elif info.filename == "docProps/core.xml" and embedded:
        content = _CORE_DATES.sub(rb"\g<1>" + when.encode() + rb"\g<2>", content)
    return content


@lru_cache(maxsize=8)
def _normalised_embedded(content: bytes, when: str) -> bytes:
    """An embedded package normalised, once for the note and the deck (a chart's workbook is the same)."""
    return normalise_zip(content, when, embedded=True)


def _changes_content(info: zipfile.ZipInfo, embedded: bool) -> bool:
    return info.filename.endswith((".xlsx", ".docx", ".pptx")) or (info.filename == "docProps/core.xml" and embedded)


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _temp_name(final: Path) -> Path:
    """A temporary beside `final`, short whatever the final name's length (a name near the 255-byte limit
    still has a temporary), marked with this process's id."""
    tag = hashlib.sha256(final.name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return final.with_name(f".rg-{tag}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}")


def _write_temp(final: Path, data: bytes, durable: bool = True) -> Path:
    tmp = _temp_name(final)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:  # on disk before it is renamed: a power cut never leaves an empty document
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # whatever the umask, outputs are readable by all, like any document
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder, replaced only when complete."""
    write_together({path: data})


def write_together(files: dict[Path, bytes]) -> None:
    """Replace several files of one folder together: all new, or (if anything fails before the commit)
    all old, with the temporaries removed. See the module's docstring for a crash during the renames."""
    if not files:
        return
    folder = next(iter(files)).parent
    folder.mkdir(parents=True, exist_ok=True)
    temps: dict[Path, Path] = {}
    journal: Path | None = None
    try:
        for final, data in files.items():
            temps[final] = _write_temp(final, data)
        if len(temps) > 1:
            # Not synced: it serves a killed build (the page cache outlives a process); after a power cut
            # without it, a mixed pair no longer matches the manifest, so the next build rebuilds it.
            journal = _write_temp(folder / f"journal-{next(iter(files)).name}",
                                  json.dumps([[t.name, f.name] for f, t in temps.items()]).encode(), durable=False)
            journal = journal.rename(journal.with_suffix(JOURNAL_SUFFIX))
        for final, tmp in temps.items():
            os.replace(tmp, final)
    except BaseException:
        if journal is None or not journal.exists():  # not committed: the old files stand
            for tmp in temps.values():
                tmp.unlink(missing_ok=True)
            raise
        _finish(journal)  # committed: the new files go into place whatever stopped us
        raise
    if journal is not None:
        journal.unlink(missing_ok=True)
    _sync_dir(folder)  # the renames on disk


def _finish(journal: Path) -> str | None:
    """Complete the renames a journal lists (those not yet done), then remove it; what was wrong with it,
    if anything. A journal is read bounded, and only renames one of our temporaries onto a plain name in
    its own folder: a damaged or planted one is reported and removed, its temporaries left to be cleared."""
    problem = None
    try:
        pairs = json.loads(read_bounded(journal, MiB, "journal"))
    except (OSError, ValueError, RecursionError) as e:
        pairs, problem = [], f"unreadable ({e.strerror if isinstance(e, OSError) else 'not JSON'})"
    if not isinstance(pairs, list):
        pairs, problem = [], "damaged (not a list of renames)"
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2 and _renamable(*pair)):
            problem = problem or "damaged (it names a file that is not one of reportgen's)"
            continue
        tmp_name, final_name = pair
        try:
            os.replace(journal.parent / tmp_name, journal.parent / final_name)
        except FileNotFoundError:
            pass  # renamed before the build was stopped
        except OSError as e:
            problem = problem or f"could not finish ({final_name!r}: {e.strerror or e})"
    with contextlib.suppress(OSError):
        journal.unlink()
    _sync_dir(journal.parent)
    return problem


def _renamable(tmp_name: object, final_name: object) -> bool:
    """A journal's pair: one of our temporaries, onto a plain file name of the same folder."""
    if not (isinstance(tmp_name, str) and isinstance(final_name, str)):
        return False
    match = _OURS.match(tmp_name)
    return (bool(match) and match.group(2) == TEMP_SUFFIX and 0 < len(final_name) <= 255
            and final_name not in (".", "..") and not _OURS.match(final_name)
            and not re.search(r"[/\\\x00]", final_name) and final_name != ".reportgen.lock")


def recover(folder: Path, warn=None) -> list[str]:
    """Finish the commits of builds killed during their renames and remove the temporaries of dead
    builds; the names of the files dealt with. Another live build's files are left alone. A damaged
    journal is reported (through warn) once, and removed."""
    dealt: list[str] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return dealt
    leftovers = [(n, _OURS.match(n)) for n in names]
    leftovers = [(n, m) for n, m in leftovers if m and not _alive(int(m.group(1)))]
    for name, match in leftovers:  # journals first: their temporaries are the new files
        if match.group(2) == JOURNAL_SUFFIX:
            problem = _finish(folder / name)
            if problem and warn:
                warn(f"{folder / name}: a journal left by a stopped build is {problem}; removed, and the "
                     "files it names are left as they were")
            dealt.append(name)
    for name, match in leftovers:
        if match.group(2) == TEMP_SUFFIX and (folder / name).exists():
            with contextlib.suppress(OSError):
                (folder / name).unlink()
                dealt.append(name)
    return dealt


PID_MAX = 1 << 22  # Linux's largest process id (PID_MAX_LIMIT); macOS's is smaller


def _alive(pid: int) -> bool:
    """Whether the process that wrote a temporary may still be running. A pid no process can have
    (0, or past the largest there is) is not a running build's."""
    if pid == os.getpid():
        return True
    if not 0 < pid <= PID_MAX:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError):
        return False
    except OSError:  # exists, another user's
        return True
    return True


LOCK_NAME = ".reportgen.lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on an output folder (fcntl on `.reportgen.lock`), held while its manifest is
    read, merged and written, so concurrent builds into one folder never lose each other's entries.
    Where locks are unavailable (no fcntl), nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    # Never followed (a symbolic link planted as the lock would create or truncate a file elsewhere),
    # never blocking on a FIFO, and only ever a regular file.
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise NotARegularFile(e.errno, _NOT_A_LOCK, str(path)) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, _NOT_A_LOCK, str(path))
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


_NOT_A_LOCK = ("the output folder's lock is not a regular file (a symbolic link, folder, FIFO or device); "
               "remove it, and reportgen makes a new one")
