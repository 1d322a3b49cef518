"""A CJK font for the tests that draw pages, found through fontconfig (never at a fixed path)."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest


@cache
def cjk_font() -> Path | None:
    """A TrueType font (or collection) that covers Chinese, as fontconfig lists it; None when there is none."""
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted({line.strip().rstrip(":") for line in listed.splitlines() if line.strip()})
    usable = [Path(f) for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
    return usable[0] if usable else None


needs_cjk_font = pytest.mark.skipif(
    cjk_font() is None, reason="no CJK font listed by fontconfig (apt install fonts-wqy-microhei)"
)
