"""Ukraine's territorial hromadas, raions, oblasts and the two cities with special status (KATOTTG)."""

from __future__ import annotations

from collections.abc import Iterator

from . import transliteration as tr
from .base import Entry, Gazetteer, data_text, names_of, normalise_name

COUNTRY = "country-ua"

# Oblasts and Crimea by the two digits after "UA": name in Ukrainian, English and
# Swedish, then lookup-only forms: the bare place name each language uses for the
# region (the oblast's centre's name, as in "Kharkiv" for Kharkiv Oblast) and the
# Ukrainian name of the land ("Харківщина").
REGIONS = {
    "01": ("Автономна Республіка Крим", "Autonomous Republic of Crimea", "Autonoma republiken Krim",
           ("Крим", "uk"), ("Crimea", "en"), ("Krim", "sv"), ("АР Крим", "uk")),
    "05": ("Вінницька область", "Vinnytsia Oblast", "Vinnytsja oblast",
           ("Вінниця", "uk"), ("Vinnytsia", "en"), ("Vinnytsja", "sv"), ("Вінниччина", "uk")),
    "07": ("Волинська область", "Volyn Oblast", "Volyn oblast",
           ("Волинь", "uk"), ("Volyn", "en"), ("Volyn", "sv")),
    "12": ("Дніпропетровська область", "Dnipropetrovsk Oblast", "Dnipropetrovsk oblast",
           ("Дніпропетровськ", "uk"), ("Dnipropetrovsk", "en"), ("Dnipropetrovsk", "sv"),
           ("Дніпропетровщина", "uk")),
    "14": ("Донецька область", "Donetsk Oblast", "Donetsk oblast",
           ("Донецьк", "uk"), ("Donetsk", "en"), ("Donetsk", "sv"), ("Донеччина", "uk")),
    "18": ("Житомирська область", "Zhytomyr Oblast", "Zjytomyr oblast",
           ("Житомир", "uk"), ("Zhytomyr", "en"), ("Zjytomyr", "sv"), ("Житомирщина", "uk")),
    "21": ("Закарпатська область", "Zakarpattia Oblast", "Zakarpatska oblast",
           ("Закарпаття", "uk"), ("Zakarpattia", "en"), ("Transkarpatien", "sv"),
           ("Transcarpathia", "en")),
    "23": ("Запорізька область", "Zaporizhzhia Oblast", "Zaporizjzja oblast",
           ("Запоріжжя", "uk"), ("Zaporizhzhia", "en"), ("Zaporizjzja", "sv"),
           ("Запоріжчина", "uk")),
    "26": ("Івано-Франківська область", "Ivano-Frankivsk Oblast", "Ivano-Frankivsk oblast",
           ("Івано-Франківськ", "uk"), ("Ivano-Frankivsk", "en"), ("Ivano-Frankivsk", "sv")),
    "32": ("Київська область", "Kyiv Oblast", "Kyiv oblast",
           ("Київ", "uk"), ("Kyiv", "en"), ("Kyiv", "sv"), ("Київщина", "uk")),
    "35": ("Кіровоградська область", "Kirovohrad Oblast", "Kirovohrad oblast",
           ("Кіровоград", "uk"), ("Kirovohrad", "en"), ("Kirovohrad", "sv"), ("Кіровоградщина", "uk")),
    "44": ("Луганська область", "Luhansk Oblast", "Luhansk oblast",
           ("Луганськ", "uk"), ("Luhansk", "en"), ("Luhansk", "sv"), ("Луганщина", "uk")),
    "46": ("Львівська область", "Lviv Oblast", "Lviv oblast",
           ("Львів", "uk"), ("Lviv", "en"), ("Lviv", "sv"), ("Львівщина", "uk")),
    "48": ("Миколаївська область", "Mykolaiv Oblast", "Mykolajiv oblast",
           ("Миколаїв", "uk"), ("Mykolaiv", "en"), ("Mykolajiv", "sv"), ("Миколаївщина", "uk")),
    "51": ("Одеська область", "Odesa Oblast", "Odessa oblast",
           ("Одеса", "uk"), ("Odesa", "en"), ("Odessa", "sv"), ("Одещина", "uk")),
    "53": ("Полтавська область", "Poltava Oblast", "Poltava oblast",
           ("Полтава", "uk"), ("Poltava", "en"), ("Poltava", "sv"), ("Полтавщина", "uk")),
    "56": ("Рівненська область", "Rivne Oblast", "Rivne oblast",
           ("Рівне", "uk"), ("Rivne", "en"), ("Rivne", "sv"), ("Рівненщина", "uk")),
    "59": ("Сумська область", "Sumy Oblast", "Sumy oblast",
           ("Суми", "uk"), ("Sumy", "en"), ("Sumy", "sv"), ("Сумщина", "uk")),
    "61": ("Тернопільська область", "Ternopil Oblast", "Ternopil oblast",
           ("Тернопіль", "uk"), ("Ternopil", "en"), ("Ternopil", "sv"), ("Тернопільщина", "uk")),
    "63": ("Харківська область", "Kharkiv Oblast", "Charkiv oblast",
           ("Харків", "uk"), ("Kharkiv", "en"), ("Charkiv", "sv"), ("Харківщина", "uk")),
    "65": ("Херсонська область", "Kherson Oblast", "Cherson oblast",
           ("Херсон", "uk"), ("Kherson", "en"), ("Cherson", "sv"), ("Херсонщина", "uk")),
    "68": ("Хмельницька область", "Khmelnytskyi Oblast", "Chmelnytskyj oblast",
           ("Хмельницький", "uk"), ("Khmelnytskyi", "en"), ("Chmelnytskyj", "sv"),
           ("Хмельниччина", "uk")),
    "71": ("Черкаська область", "Cherkasy Oblast", "Tjerkasy oblast",
           ("Черкаси", "uk"), ("Cherkasy", "en"), ("Tjerkasy", "sv"), ("Черкащина", "uk")),
    "73": ("Чернівецька область", "Chernivtsi Oblast", "Tjernivtsi oblast",
           ("Чернівці", "uk"), ("Chernivtsi", "en"), ("Tjernivtsi", "sv")),
    "74": ("Чернігівська область", "Chernihiv Oblast", "Tjernihiv oblast",
           ("Чернігів", "uk"), ("Chernihiv", "en"), ("Tjernihiv", "sv"), ("Чернігівщина", "uk")),
}
# The cities with special status (category K): Ukrainian, English, Swedish, other forms.
CITIES = {
    "80": ("Київ", "Kyiv", "Kyiv", ("Kiev", None), ("Kyjiv", "sv")),
    "85": ("Севастополь", "Sevastopol", "Sevastopol"),
}

# A hromada's type follows the category of its administrative centre.
HROMADA_TYPE = {  # centre category → (Ukrainian adjective, English word)
    "M": ("міська", "urban"),
    "T": ("селищна", "settlement"),
    "X": ("селищна", "settlement"),
    "C": ("сільська", "rural"),
}
NO_CENTRE = ("територіальна", "")

# Endings a raion's adjective adds to its centre's name (Чугуїв → Чугуївський).
_RAION_ENDINGS = ("", "ий", "ький", "ський", "цький", "ьський", "івський", "инський", "енський")


def region_code(code: str) -> str:
    return code[2:4]


class UkrainianHromadas(Gazetteer):
    id = "ua-katottg-2026-07"
    country = "UA"
    title = {
        "en": "Ukrainian territorial hromadas, raions and oblasts (KATOTTG codifier)",
        "uk": "Територіальні громади, райони та області України (Кодифікатор КАТОТТГ)",
        "sv": "Ukrainas territoriella kommuner (hromady), rajoner och oblast (KATOTTH-kodifikatorn)",
    }
    publisher = "Ministry for Communities, Territories and Infrastructure Development of Ukraine"
    source = "https://mindev.gov.ua/"
    edition = "2026-07-07 (order No. 1321)"
    license = None  # an official document: not an object of copyright under Ukrainian law

    def _load(self) -> Iterator[Entry]:
        rows = [line.split("\t") for line in data_text("ua-katottg.tsv.gz").splitlines()
                if line and not line.startswith("#")]
        header, rows = rows[0], rows[1:]
        if header != ["code", "category", "parent", "name", "centre", "centre_category"]:
            raise ValueError(f"ua-katottg.tsv.gz: unexpected columns {header}")
        by_code = {row[0]: row for row in rows}

        def within(code: str) -> tuple[str, ...]:
            chain = []
            while code:
                chain.append(f"area-ua-{code}")
                code = by_code[code][2]
            return (*chain, COUNTRY)

        yield Entry(COUNTRY, "places", {
            "type": "Country",
            "name": {"uk": "Україна", "en": "Ukraine", "sv": "Ukraina"},
            "sameAs": ["http://publications.europa.eu/resource/authority/country/UKR"],
        }, names_of(("Україна", "uk"), ("Ukraine", "en"), ("Ukraina", "sv")), (), self.id)

        centres_by_raion: dict[str, list[tuple[str, str]]] = {}
        for code, category, parent, _, centre, centre_category in rows:
            if category == "H" and centre:
                centres_by_raion.setdefault(parent, []).append((centre, centre_category))

        for code, category, parent, name, centre, centre_category in rows:
            up = within(parent) if parent else (COUNTRY,)
            if category == "O":
                yield self._region(code, name, up)
            elif category == "K":
                yield self._city(code, name, up)
            elif category == "P":
                yield self._raion(code, name, up, centres_by_raion.get(code, []))
            elif category == "H":
                yield from self._hromada(code, name, up, centre, centre_category)

    def _region(self, code: str, name: str, within: tuple[str, ...]) -> Entry:
        uk, en, sv, *forms = REGIONS[region_code(code)]
        if not uk.startswith(name):
            raise ValueError(f"{code}: the codifier calls it {name}, the table {uk}")
        data = {
            "type": "AdministrativeArea",
            "name": {"uk": uk, "en": en, "sv": sv},
            "alternateName": [{"uk-Latn": tr.official(uk)}],
            "identifiers": {"UA-KATOTTH": code},
            "containedInPlace": COUNTRY,
        }
        names = names_of((uk, "uk"), (en, "en"), (sv, "sv"), (tr.official(uk), "uk-Latn"), *forms)
        return Entry(f"area-ua-{code}", "places", data, names, within, self.id)

    def _city(self, code: str, name: str, within: tuple[str, ...]) -> Entry:
        uk, en, sv, *others = CITIES[region_code(code)]
        data = {
            "type": "AdministrativeArea",
            "name": {"uk": uk, "en": en, "sv": sv},
            "identifiers": {"UA-KATOTTH": code},
            "containedInPlace": COUNTRY,
        }
        names = names_of((uk, "uk"), (en, "en"), (sv, "sv"), *others)
        return Entry(f"area-ua-{code}", "places", data, names, within, self.id)

    def _raion(self, code: str, name: str, within: tuple[str, ...],
               centres: list[tuple[str, str]]) -> Entry:
        uk = f"{name} район"
        en = tr.official(uk)
        data = {
            "type": "AdministrativeArea",
            "name": {"uk": uk, "en": en},
            "identifiers": {"UA-KATOTTH": code},
            "containedInPlace": within[0],
        }
        forms = [(uk, "uk"), (en, "en"), (name, "uk"), (tr.official(name), None)]
        centre = raion_centre(name, centres)
        if centre:
            forms += [(f"{tr.official(centre)} raion", "en"), (f"{tr.swedish(centre)} rajon", "sv")]
        return Entry(f"area-ua-{code}", "places", data, names_of(*forms), within, self.id)

    def _hromada(self, code: str, name: str, within: tuple[str, ...],
                 centre: str, centre_category: str) -> Iterator[Entry]:
        adjective, english = HROMADA_TYPE.get(centre_category, NO_CENTRE)
        uk = f"{name} {adjective} громада"
        # English and Swedish name a hromada after its centre, when its name comes from it.
        centre_latin = tr.official(centre)
        latin = centre_latin if centre and named_after(name, centre) else tr.official(name)
        en = f"{latin} {english} hromada" if english else f"{latin} hromada"
        sv = f"{latin} kommun"
        uk_latin = tr.official(uk)
        territory = f"area-ua-{code}"
        data = {
            "name": {"uk": uk, "en": en, "sv": sv},
            "alternateName": [{"uk-Latn": uk_latin}],
            "identifiers": {"UA-KATOTTH": code},
            "jurisdiction": territory,
        }
        names = names_of(
            (uk, "uk"), (en, "en"), (sv, "sv"), (uk_latin, "uk-Latn"),
            (name, "uk"), (centre, "uk"), (centre_latin, None), (tr.swedish(centre), "sv"),
            (latin, None),
        )
        yield Entry(f"ua-{code}", "municipalities", data, names, within, self.id)
        place = {
            "type": "AdministrativeArea",
            "name": {"uk": f"{uk} (територія)", "en": f"{en} (territory)", "sv": f"{sv} (område)"},
            "containedInPlace": within[0],
        }
        place_names = names_of(*((text, lang) for lang, text in place["name"].items()))
        yield Entry(territory, "places", place, place_names, within, self.id)


def named_after(hromada: str, centre: str) -> bool:
    """Whether a hromada's name is made from its centre's (Слобожанська from Слобожанське).

    >>> named_after("Слобожанська", "Слобожанське"), named_after("Борщагівська", "Петропавлівська Борщагівка")
    (True, True)
    >>> named_after("Пристолична", "Щасливе")
    False
    """
    stem = normalise_name(hromada)[:3]
    return any(normalise_name(word).startswith(stem) for word in (centre, centre.split()[-1]))


def raion_centre(raion: str, centres: list[tuple[str, str]]) -> str | None:
    """The hromada centre a raion's name is made from (Чугуївський from Чугуїв), if one is.

    >>> raion_centre("Чугуївський", [("Слобожанське", "M"), ("Чугуїв", "M")])
    'Чугуїв'
    >>> raion_centre("Білоцерківський", [("Біла Церква", "M")]) is None
    True
    """
    adjective = normalise_name(raion)
    found = []
    for centre, category in centres:
        for stem in _stems(normalise_name(centre)):
            if len(stem) >= 3 and adjective.startswith(stem) and adjective[len(stem):] in _RAION_ENDINGS:
                found.append((category != "M", -len(stem), centre))
    return min(found)[2] if found else None


def _stems(name: str) -> set[str]:
    """The forms a place name takes before an adjective's ending (Прилуки → прилук, прилуц)."""
    stem = name.rstrip("аеиіоуяь") if len(name) > 3 else name
    stems = {name, stem}
    if stem.endswith("к"):
        stems |= {stem[:-1] + "ц", stem[:-1]}     # Хмільник → Хмільницький, Жмеринка → Жмеринський
    elif stem.endswith("ш"):
        stems.add(stem[:-1] + "с")                # Калуш → Калуський
    elif stem.endswith("н") and stem[-2:-1] not in "аеиіоуяєїю":
        stems.add(stem[:-1] + "ен")               # Дубно → Дубенський
    return stems
