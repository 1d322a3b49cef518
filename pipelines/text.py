"""What a Chinese character is, defined once for every step."""

from __future__ import annotations

# The CJK Unified Ideographs block (一 … 鿿) as the body of a regex character class: nearly every
# character a newspaper prints. Patterns in code and rule files use this range.
HAN = r"\u4e00-\u9fff"


def is_cjk(ch: str) -> bool:
    """A Chinese character: a unified ideograph, in extension A, a compatibility ideograph or in the
    supplementary planes (extensions B and later)."""
    if len(ch) != 1:
        return False
    code = ord(ch)
    return (  # commonest first
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF
    )
