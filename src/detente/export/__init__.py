"""Exports: PLOVER JSONL, flat CSV, Parquet (and GDELT-style TSV)."""

from detente.export.formats import FORMATS, flat_row, write_events

__all__ = ["FORMATS", "flat_row", "write_events"]
