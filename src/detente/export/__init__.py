"""Exports: PLOVER JSONL, flat CSV, Parquet (and GDELT-style TSV)."""

from detente.export.formats import FORMATS, flat_row, write_events
from detente.export.gdelt import GDELT_COLUMNS, gdelt_row, write_gdelt

__all__ = ["FORMATS", "GDELT_COLUMNS", "flat_row", "gdelt_row", "write_events", "write_gdelt"]
