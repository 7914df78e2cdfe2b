"""Exception types of the ETL, one per failure class, each naming file, place and reason.

The CLI prints them in one line and exits with the code documented in README.md.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1  # unexpected error: a bug, reported with a traceback
EXIT_USAGE = 2
EXIT_EXTRACT_UNREADABLE = 3  # an extract or catalogue cannot be read at all
EXIT_REJECTS_STRICT = 4  # --strict and at least one row was rejected


class EtlError(Exception):
    """Base class: a failure the build reports in one line."""

    exit_code = EXIT_FAILED


class ExtractError(EtlError):
    """An extract (or its .toml description) cannot be read at all."""

    exit_code = EXIT_EXTRACT_UNREADABLE

    def __init__(self, path: Path | str, reden: str, locatie: str | None = None) -> None:
        self.path = str(path)
        self.reden = reden
        self.locatie = locatie
        where = f"{self.path}, {locatie}" if locatie else self.path
        super().__init__(f"{where}: {reden}")

    def relative_to(self, root: Path) -> ExtractError:
        """The same error with its path relative to root (the data directory), when inside it."""
        path = Path(self.path)
        try:  # as named (a symlink stays where it is), else as resolved
            relative = path.absolute().relative_to(root.absolute())
        except ValueError:
            try:
                relative = path.resolve().relative_to(root.resolve())
            except ValueError:
                return self
        return type(self)(relative, self.reden, self.locatie)


class CatalogError(ExtractError):
    """A catalogue under data/meta is malformed (duplicate code, unknown thema, ...)."""


class RejectsError(EtlError):
    """Raised by a --strict build when rows were rejected; nothing is published."""

    exit_code = EXIT_REJECTS_STRICT
