"""Keep torch out of a coding process: coding needs spaCy and onnxruntime, not torch.

thinc (under spaCy) imports torch whenever it is installed (the `train` extra pulls it
in), which costs each process about 230 MB of memory and a second of start-up for
nothing: the sentence model runs on onnxruntime. The command line calls
`keep_torch_out` before anything imports spaCy, for every command but `detente
train`; forked workers inherit it, and Dask's spawned workers run `dask_setup` (the
preload of `detente.scale.dask.local_cluster`). A library user's `import detente`
is not touched.
"""

from __future__ import annotations

import sys


def keep_torch_out() -> bool:
    """Make `import torch` fail in this process, as if torch were not installed (thinc
    then runs without it). False, and nothing changed, when torch is already imported."""
    if "torch" in sys.modules:
        return sys.modules["torch"] is None
    sys.modules["torch"] = None  # type: ignore[assignment]  # what Python reads as "absent"
    return True


def dask_setup(worker: object) -> None:
    """Dask's preload hook: a worker started with this module as its preload codes
    without torch, as the command line's forked workers do."""
    keep_torch_out()
