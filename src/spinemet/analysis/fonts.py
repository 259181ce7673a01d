"""The CJK font a Chinese report needs: found on the system, embedded in the PDF.

WeasyPrint embeds (subsets) the fonts a page uses; the report's CSS names Noto Sans CJK SC and
WenQuanYi Micro Hei after DejaVu Sans. Without either, Chinese text would print as empty
boxes, so ``--lang zh-Hans`` refuses to start and names the Debian package to install
(``make`` installs ``fonts-wqy-microhei`` where it is missing and apt-get can).
"""

from __future__ import annotations

import shutil
import subprocess

from spinemet.errors import SpinemetError

__all__ = ["CJK_FAMILIES", "CJK_PACKAGES", "cjk_font", "require_cjk_font"]

CJK_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei")
CJK_PACKAGES = ("fonts-noto-cjk", "fonts-wqy-microhei")


def cjk_font() -> str | None:
    """The path of an installed CJK font of :data:`CJK_FAMILIES` (fontconfig), or ``None``."""
    if shutil.which("fc-list") is None:
        return None
    for family in CJK_FAMILIES:
        found = subprocess.run(
            ["fc-list", f"{family}:lang=zh", "file"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found:
            return found.splitlines()[0].rstrip(":").strip()
    return None


def require_cjk_font() -> str:
    """The CJK font's path, or an error naming the packages to install."""
    path = cjk_font()
    if path is None:
        raise SpinemetError(
            "--lang zh-Hans: no Chinese font found (fontconfig knows neither "
            + " nor ".join(CJK_FAMILIES)
            + "); install one: apt-get install "
            + " or ".join(CJK_PACKAGES)
            + " (make does this where apt-get is available)"
        )
    return path
