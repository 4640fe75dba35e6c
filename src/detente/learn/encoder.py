"""The pretrained encoder inside a pip package (never a hub download) and its hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

from detente.errors import DetenteError, E


def encoder_dir(package: str) -> Path:
    """The folder of encoder weights inside an installed pip package (never a hub download)."""
    try:
        module = __import__(package)
    except ImportError as err:
        raise DetenteError(E.E701, package=package, why=err) from err
    folder = Path(module.__file__).parent / "model"  # type: ignore[arg-type]
    if not (folder / "config.json").exists():
        raise DetenteError(E.E701, package=package, why=f"no model/config.json in {folder.parent}")
    return folder


def encoder_sha256(package: str) -> str:
    """The hash of the packaged encoder weights, recorded with a trained model."""
    digest = hashlib.sha256()
    with (encoder_dir(package) / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
