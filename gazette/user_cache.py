"""A cache folder that belongs to the user running gazette (jieba's dictionary cache goes there).

jieba keeps its parsed dictionary in `<temp folder>/jieba.cache` by default: on a shared
machine that file belongs to whoever ran jieba first, and everyone else's runs fail to
replace it and print a traceback every time. Each user gets their own folder instead.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import jieba


def _owned_folder(path: Path) -> Path | None:
    """`path`, created if needed, if it is a folder this user owns and may write; else None."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = path.stat()
    except OSError:
        return None
    if not path.is_dir() or info.st_uid != os.geteuid() or not os.access(path, os.W_OK | os.X_OK):
        return None
    return path


@functools.cache
def user_cache_dir() -> Path:
    """$XDG_CACHE_HOME/gazette or ~/.cache/gazette; else <temp folder>/gazette-<uid>; else a fresh temp folder."""
    home_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for candidate in (Path(home_cache) / "gazette", Path(tempfile.gettempdir()) / f"gazette-{os.geteuid()}"):
        if folder := _owned_folder(candidate):
            return folder
    return Path(tempfile.mkdtemp(prefix="gazette-cache-"))


def use_user_cache(tokenizer: jieba.Tokenizer = jieba.dt) -> None:
    """Point jieba's dictionary cache at this user's cache folder (before the dictionary loads)."""
    tokenizer.tmp_dir = str(user_cache_dir())
