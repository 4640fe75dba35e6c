"""Places: an embedded GeoNames gazetteer and the place of each event (issue 12)."""

from detente.geo.gazetteer import Gazetteer, import_geonames, load_gazetteer, name_key
from detente.geo.locate import dateline, locate_events

__all__ = [
    "Gazetteer",
    "dateline",
    "import_geonames",
    "load_gazetteer",
    "locate_events",
    "name_key",
]
