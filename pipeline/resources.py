"""Where the package's own files are: its data tables and its Jinja templates.

The templates live at the project's top level (``templates/``) in a source checkout; a built wheel
maps them into the package as ``pipeline/templates`` (``pyproject.toml``), so both layouts work.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

#: The TOML tables of language and domain knowledge (``pipeline/data``).
DATA = _PACKAGE / "data"


def _templates() -> Path:
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


#: The Jinja templates: inside the package when installed from a wheel, else the checkout's.
TEMPLATES = _templates()
