"""Scale: near-duplicate detection, input counting and the Dask path (detente.scale.dask)."""

from detente.scale.neardup import NearDuplicates, shingles

__all__ = ["NearDuplicates", "shingles"]
