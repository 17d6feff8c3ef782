"""Where the files the program reads at run time are: package data, found through
`importlib.resources`, so a wheel installed anywhere finds them as a checkout does.

- `core/data/nlu/`: the NLU model (`model/`) and the data it is trained and evaluated on;
- `core/storage/migrations/`: the Alembic scripts;
- `locales/`: the gettext catalogs (`locales/<locale>/LC_MESSAGES/messages.po`);
- the web page's assets live beside their adapter (`adapters/web/static/`), found the same way.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir(package: str, *parts: str) -> Path:
    """A directory shipped inside `package`, as a path on disk.

    Wheels install as plain directories, so the resource is a real path; a zipped install
    (which this project does not support) would fail here, at start, with its name."""
    resource = files(package).joinpath(*parts)
    if not isinstance(resource, Path):
        raise RuntimeError(f"{package}/{'/'.join(parts)} is not on disk: install unzipped")
    return resource


NLU_DATA = package_dir("core", "data", "nlu")
"""The NLU model and its data (moved from the repository's `data/nlu/`)."""
NLU_MODEL = NLU_DATA / "model"
MIGRATIONS = package_dir("core.storage", "migrations")
LOCALES = package_dir("locales")
