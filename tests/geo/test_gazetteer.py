"""The embedded gazetteer and the choice among places of one name (issue 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from detente.actors.kb import load_kb
from detente.geo.gazetteer import Gazetteer, import_geonames, load_gazetteer, name_key
from detente.geo.resolve import InPlay, resolve_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def resolve(gaz: Gazetteer, text: str, **play: set[str]) -> tuple[str, str, str, int]:
    found = resolve_name(text, start=0, end=len(text), gaz=gaz, kb=load_kb(), play=InPlay(**play))
    place = found.place
    return place.name, place.feature, place.country, place.precision


def test_name_key_folds_accents_articles_and_punctuation() -> None:
    assert name_key("the Gaza Strip") == "gaza strip"
    assert name_key("Bắc Kinh") == "bac kinh"
    assert name_key("Côte d'Ivoire") == "cote divoire"


def test_towns_countries_and_fips_codes(gaz: Gazetteer) -> None:
    beijing = next(e for e in gaz.named("Beijing") if e.feature == "city")
    assert beijing.geonames_id == 1816670 and beijing.adm1_key == "CN.22"
    assert gaz.countries()["CHN"].fips == "CH" and gaz.countries()["DEU"].fips == "GM"
    assert gaz.named("Peking")[0].geonames_id == 1816670  # an alternate name


def test_country_names_never_resolve_to_a_town(gaz: Gazetteer) -> None:
    assert resolve(gaz, "China") == ("China", "country", "CHN", 3)
    assert resolve(gaz, "China", countries={"MEX"})[1] == "country"
    assert resolve(gaz, "the UK")[1:] == (
        "country",
        "GBR",
        3,
    )  # the KB's name, not a Siberian village


def test_capitals_are_towns_not_their_country(gaz: Gazetteer) -> None:
    name, feature, country, precision = resolve(gaz, "Moscow")
    assert (feature, country, precision) == ("city", "RUS", 1)


def test_population_and_the_articles_places_settle_ambiguous_names(gaz: Gazetteer) -> None:
    assert resolve(gaz, "Paris")[2] == "FRA"
    assert resolve(gaz, "Paris", countries={"USA"})[2] == "FRA"  # the US alone is not Texas
    assert resolve(gaz, "Paris", countries={"USA"}, regions={"US.TX"})[2] == "USA"
    assert resolve(gaz, "Hyderabad")[2] == "IND"
    assert resolve(gaz, "Hyderabad", countries={"PAK"})[2] == "PAK"


def test_small_towns_and_alternate_names_do_not_capture_regions(gaz: Gazetteer) -> None:
    assert resolve(gaz, "Texas")[1:] == ("adm1", "USA", 2)
    assert resolve(gaz, "Florida")[1:] == ("adm1", "USA", 2)  # not Floridablanca, Colombia
    assert resolve(gaz, "Kashmir")[2] != "USA"  # not Cashmere, Washington
    found = resolve_name("Xyzzyville", start=0, end=10, gaz=gaz, kb=load_kb(), play=InPlay())
    assert found.rule == "none" and not found.place.resolved
    assert "no place called 'Xyzzyville'" in found.place.reason


def test_a_big_town_beats_the_region_of_its_name(gaz: Gazetteer) -> None:
    assert resolve(gaz, "Beijing")[1] == "city"
    assert resolve(gaz, "New York")[1] == "city"


DUMP_ROWS = [
    # geonameid name asciiname alternates lat lon class code cc cc2 admin1 admin2 admin3 admin4 pop
    "90000001\tNarnia Village\tNarnia Village\tNarniaville\t10.5\t20.25\tP\tPPL\tKE\t\t01\t\t\t\t40",
    "90000002\tNarnia Province\tNarnia Province\t\t10\t20\tA\tADM1\tKE\t\t01\t\t\t\t0",
    "90000003\tNarnia Hill\tNarnia Hill\t\t10\t20\tT\tHLL\tKE\t\t01\t\t\t\t0",
]


def test_import_a_geonames_dump_adds_villages(tmp_path: Path, gaz: Gazetteer) -> None:
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copy(gaz.path, copy)
    dump = tmp_path / "KE.txt"
    dump.write_text("\n".join(r.replace("\t\t", "\t\t") for r in DUMP_ROWS) + "\n")
    assert import_geonames(dump, gazetteer=copy) == 2  # a hill is no place of events
    mine = Gazetteer(copy)
    village = mine.named("Narniaville")[0]
    assert (village.name, village.feature, village.lat, village.population) == (
        "Narnia Village",
        "city",
        10.5,
        40,
    )
    assert mine.named("Narnia Province")[0].feature == "adm1"
    assert mine.admin1_name("KE.01") == "Narnia Province" or mine.admin1_name("KE.01")
    assert not gaz.named("Narniaville")  # the default index is untouched
