"""Sweden's 290 municipalities and 21 counties (län), from Statistics Sweden's division."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .base import Entry, Gazetteer, data_text, names_of

COUNTRY = "country-se"

# The official name is "<genitive> kommun": Swedish adds -s, except after a vowel
# (Umeå kommun, Malmö kommun) or after s, x, z (Vännäs kommun, Kalix kommun).
# These two take a form the rule does not give; all other 288 of SCB's names follow it.
KOMMUN_NAMES = {
    "Falun": "Falu kommun",      # old genitive of Falun
    "Kalmar": "Kalmar kommun",   # uninflected, like Kalmar län
}
# Names a municipality officially goes by besides "<name> kommun".
EXTRA_NAMES = {
    "0980": ["Region Gotland"],  # Gotland's municipality has called itself so since 2011
}

COUNTY_EN = {
    "01": "Stockholm County", "03": "Uppsala County", "04": "Södermanland County",
    "05": "Östergötland County", "06": "Jönköping County", "07": "Kronoberg County",
    "08": "Kalmar County", "09": "Gotland County", "10": "Blekinge County",
    "12": "Skåne County", "13": "Halland County", "14": "Västra Götaland County",
    "17": "Värmland County", "18": "Örebro County", "19": "Västmanland County",
    "20": "Dalarna County", "21": "Gävleborg County", "22": "Västernorrland County",
    "23": "Jämtland County", "24": "Västerbotten County", "25": "Norrbotten County",
}


def kommun_name(name: str) -> str:
    """The official "X kommun" form of a municipality's name.

    >>> kommun_name("Vännäs"), kommun_name("Umeå"), kommun_name("Lund"), kommun_name("Falun")
    ('Vännäs kommun', 'Umeå kommun', 'Lunds kommun', 'Falu kommun')
    """
    if name in KOMMUN_NAMES:
        return KOMMUN_NAMES[name]
    if name[-1].lower() in "aeiouyåäösxz":
        return f"{name} kommun"
    return f"{name}s kommun"


class SwedishMunicipalities(Gazetteer):
    id = "se-scb-2026"
    country = "SE"
    title = {
        "en": "Swedish municipalities and counties (Statistics Sweden, 2026 division)",
        "sv": "Sveriges kommuner och län (SCB, indelning 2026)",
    }
    publisher = "Statistics Sweden (SCB)"
    source = ("https://www.scb.se/hitta-statistik/regional-statistik-och-kartor/"
              "regionala-indelningar/lan-och-kommuner/")
    edition = "2026"
    license = "https://creativecommons.org/licenses/by/4.0/"

    def _load(self) -> Iterator[Entry]:
        rows = list(csv.DictReader(io.StringIO(data_text("se-municipalities.csv"))))
        entry = self._entry
        yield entry(COUNTRY, "places", {
            "type": "Country",
            "name": {"sv": "Sverige", "en": "Sweden", "uk": "Швеція"},
            "sameAs": ["http://publications.europa.eu/resource/authority/country/SWE"],
        }, (), ("Konungariket Sverige", "sv"), ("Kingdom of Sweden", "en"))
        counties = {row["lanskod"]: row["lan"] for row in rows}
        for code in sorted(counties):
            name = {"sv": counties[code]}
            if code in COUNTY_EN:
                name["en"] = COUNTY_EN[code]
            yield entry(f"area-se-{code}", "places", {
                "type": "AdministrativeArea",
                "name": name,
                "identifiers": {"SE-länskod": code},
                "containedInPlace": COUNTRY,
            }, (COUNTRY,))
        for row in sorted(rows, key=lambda row: row["kommunkod"]):
            code, plain, county = row["kommunkod"], row["name"], f"area-se-{row['lanskod']}"
            official = kommun_name(plain)
            alternates = [plain, *EXTRA_NAMES.get(code, [])]
            yield entry(f"se-{code}", "municipalities", {
                "name": {"sv": official},
                "alternateName": [{"sv": text} for text in alternates],
                "identifiers": {"SE-kommunkod": code},
                "jurisdiction": f"area-se-{code}",
            }, (county, COUNTRY), (f"{plain} kommun", "sv"))
            yield entry(f"area-se-{code}", "places", {
                "type": "AdministrativeArea",
                "name": {"sv": f"{official} (område)"},
                "containedInPlace": county,
            }, (county, COUNTRY))

    def _entry(self, key, section, data, within, *extra) -> Entry:
        published = [(text, lang) for lang, text in data["name"].items()]
        for alternate in data.get("alternateName", ()):
            published += [(text, lang) for lang, text in alternate.items()]
        return Entry(key, section, data, names_of(*published, *extra), within, self.id)
