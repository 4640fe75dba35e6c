"""Read a gold file: one JSON object a line, each built into a typed record."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from detente.errors import DetenteError, E

T = TypeVar("T")


def read_records(path: Path, build: Callable[[dict[str, Any]], T]) -> Iterator[T]:
    """Each non-empty line of `path` built into a record; a bad line raises E501."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield build(json.loads(line))
            except (ValueError, KeyError, TypeError) as err:
                raise DetenteError(E.E501, path=path, line=number, why=err) from err
