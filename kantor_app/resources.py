"""Locate files shipped in ``resources/`` (fonts, letter texts, region data, translations).

In a source checkout the folder sits next to the ``kantor_app`` package
(``<repo>/resources``); in an installed wheel it is packaged inside it
(``kantor_app/resources``, see ``[tool.hatch.build.targets.wheel.force-include]``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["resource_path", "resources_root"]


@cache
def resources_root() -> Path:
    """The ``resources`` folder: the source checkout's one first, else the packaged copy."""
    here = Path(__file__).resolve()
    checkout = here.parents[1] / "resources"
    if checkout.is_dir():
        return checkout
    return here.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("wilayah", "regencies.csv")``.

    The path is returned whether or not the file exists; callers decide how to
    report a missing file.
    """
    return resources_root().joinpath(*parts)
