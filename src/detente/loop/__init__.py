"""The analyst's loop: unknown actors, recoding, runs and their differences."""
