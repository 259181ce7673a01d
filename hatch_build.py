"""Build hook: compile the gettext catalogues (``.po`` -> ``.mo``) into the package.

Runs for wheels and editable installs, so ``pip install`` and ``make`` leave a ``.mo`` beside
each ``django.po`` that Python's gettext and Django read. The compiler is
``src/spinemet/_catalogue.py``, loaded by path (the package is not importable yet).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "catalogues"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location(
            "_spinemet_catalogue", root / "src" / "spinemet" / "_catalogue.py"
        )
        if spec is None or spec.loader is None:
            raise RuntimeError("cannot load src/spinemet/_catalogue.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while defining
        spec.loader.exec_module(module)
        for po in sorted((root / "src" / "spinemet" / "locale").glob("*/LC_MESSAGES/*.po")):
            mo = module.compile_po(po)
            build_data.setdefault("artifacts", []).append(str(mo.relative_to(root)))
