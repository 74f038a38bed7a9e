"""Writing output files so that nothing is half-written or silently replaced."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from scheduler.errors import OutputExistsError


def write_atomically(path: Path, write: Callable[[Path], None], *, force: bool = False) -> None:
    """Call `write` on a temporary file beside `path`, then rename it into place.

    The rename is atomic on one filesystem, so readers see the old file or the new one, never a
    partial one. An existing `path` is kept unless `force` is set.
    """
    if path.exists() and not force:
        raise OutputExistsError(f"{path} already exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
