"""Names known before reading anything: CLDR places in English and Vietnamese (and in the languages of
`lang/common/other_languages.txt`), plus small team tables.

Each known name maps to a `Known` record whose key is derived from the English canonical name, so
"Hoa Kỳ", "Mỹ", "US" and "Washington" (as metonymy) all land on "LOC:united states".
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import babel
import pycountry
from babel.dates import get_timezone_location

from newsloom import lang
from newsloom.entities.text import alias_key, has_vietnamese_marks, is_acronym, surface_key
from newsloom.text.folding import strip_accents as fold_accents


@dataclass(frozen=True)
class Known:
    key: str
    name: str  # canonical English display name
    label: str  # PERSON, ORG or LOC


# CLDR codes that are not places a news reader means (or are organisations, handled below).
# not language data: codes, no words
_SKIP_CODES = {"001", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

# Common spellings CLDR does not list as the standard name. Keep short: only well-attested forms.
_PLACE_VARIANTS: dict[str, list[str]] = {code: list(names) for code, *names in lang.rows("common", "place_variants")}

# Seas and regions the Vietnamese press names that CLDR does not list (English name -> variants).
_REGIONS: dict[str, list[str]] = {name: list(variants) for name, *variants in lang.rows("common", "regions")}

# Cities, islands and archipelagos the press names that are no province (team-written; none a person's name).
_VN_CITIES = lang.words("vi", "cities")

# Spellings of Vietnamese provinces and cities beyond the name and its English one.
_VN_PLACE_VARIANTS: dict[str, list[str]] = {
    name: list(variants) for name, *variants in lang.rows("common", "vietnam_place_variants")}

# English names that are not the name without its accents.
_VN_ENGLISH = dict(lang.table("common", "vietnam_places_in_english"))

# Time-zone cities (IANA, named by CLDR) that are everyday words or given names, or stand for a country.
_NOT_CITIES = set(lang.words("en", "not_cities"))
_CITY_SUBDIVISIONS = ("KR", "TW")  # countries whose big cities are ISO 3166-2 subdivisions
# not language data: the regions of IANA time-zone names
_CITY_REGIONS = ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")

# Capitals that news writing uses for their country's government ("Washington said ...").
# Deliberately small: only capitals whose bare name nearly always means the government in the news.
CAPITAL_METONYMY: dict[str, str] = dict(lang.table("common", "capital_metonymy"))

# Demonyms (spaCy NORP) that stand for their country. Not nationalities of people in general.
DEMONYMS: dict[str, str] = dict(lang.table("en", "demonyms"))

# International organisations across languages (team-written). Key names are the usual English form.
ORGANISATIONS: dict[str, list[str]] = {name: list(variants) for table in ("organisations", "vietnam_organisations")
                                       for name, *variants in lang.rows("common", table)}
# Vietnam's own bodies: written before another country's name, they are that country's ("Bộ Quốc phòng Nga")
VIETNAM_BODIES = frozenset("ORG:" + alias_key(name) for name, *_ in lang.rows("common", "vietnam_organisations"))


def place_key(english_name: str) -> str:
    return "LOC:" + alias_key(english_name)


def org_key(english_name: str) -> str:
    return "ORG:" + alias_key(english_name)


@lru_cache(maxsize=1)
def zone_cities() -> dict[str, str]:
    """Time zone -> the English name of the city it is named after ("Asia/Seoul" -> "Seoul"); not a zone
    that is another's alias (CLDR names its city otherwise), nor a city that is a word or stands for its
    country."""
    out = {}
    for zone in sorted(zoneinfo.available_timezones()):
        region, _, place = zone.partition("/")
        if region not in _CITY_REGIONS or "/" in place:
            continue
        english = get_timezone_location(zone, locale="en", return_city=True)
        if fold_accents(english) != place.replace("_", " ") or english in _NOT_CITIES or english in CAPITAL_METONYMY:
            continue  # "Australia/Canberra" is named Sydney, "Asia/Tel_Aviv" Jerusalem
        out[zone] = english
    return out


@lru_cache(maxsize=1)
def cities() -> dict[str, list[str]]:
    """English name -> Vietnamese names of the cities the time-zone database is named after (Seoul, Paris,
    "Thượng Hải" for Shanghai). A zone that is another's alias (CLDR names its city otherwise) is skipped."""
    out: dict[str, list[str]] = {}
    for zone, english in zone_cities().items():
        vietnamese = get_timezone_location(zone, locale="vi", return_city=True)
        out[english] = [vietnamese] if vietnamese != english else []
    for code in _CITY_SUBDIVISIONS:  # ISO 3166-2 cities: "Busan-gwangyeoksi" is Busan, "Keelung City" Keelung
        for sub in pycountry.subdivisions.get(country_code=code) or []:
            if "city" in sub.type.lower() or "municipality" in sub.type.lower():
                out.setdefault(sub.name.split("-")[0].removesuffix(" City"), [])
    return out


@lru_cache(maxsize=1)
def city_keys() -> frozenset[str]:
    """The keys of `cities` that are no country ("Monaco", "Singapore" are)."""
    return frozenset(place_key(name) for name in cities()) - {place_key(n) for n in country_names().values()}


@lru_cache(maxsize=1)
def region_keys() -> frozenset[str]:
    """The entity keys of the seas and regions of `lang/common/regions.tsv` ("LOC:central highlands")."""
    return frozenset(place_key(name) for name in _REGIONS)


@lru_cache(maxsize=1)
def country_keys() -> frozenset[str]:
    """The entity keys of countries ("LOC:vietnam")."""
    return frozenset(place_key(name) for name in country_names().values())


def _vietnam_places(cities: bool = True) -> Iterator[tuple[str, str]]:
    """(Vietnamese name, English name) of Vietnam's provinces (ISO 3166-2 names) and, with `cities`, of the cities
    and islands of `lang/vi/cities.txt`; the English name mostly the unaccented form."""
    for name in [*(sub.name for sub in pycountry.subdivisions.get(country_code="VN") or []),
                 *(_VN_CITIES if cities else ())]:
        yield name, _VN_ENGLISH.get(name) or fold_accents(name)


@lru_cache(maxsize=1)
def province_keys() -> frozenset[str]:
    """The entity keys of Vietnam's provinces and centrally run cities (ISO 3166-2): "LOC:lao cai"."""
    return frozenset(place_key(english) for _, english in _vietnam_places(cities=False))


@lru_cache(maxsize=1)
def vietnam_keys() -> frozenset[str]:
    """The entity keys of Vietnam's provinces, cities and islands (`_vietnam_places`)."""
    return frozenset(place_key(english) for _, english in _vietnam_places())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO/UN code -> English CLDR name."""
    en = babel.Locale("en").territories
    return {code: name for code, name in en.items() if code not in _SKIP_CODES}


@lru_cache(maxsize=1)
def _foreign_names() -> list[tuple[str, str]]:
    """(name in another language, English name) of countries and time-zone cities: the reviewed table
    `foreign_place_names.tsv`, written by scripts/foreign-place-names from CLDR."""
    return [(name, english) for _code, name, english in lang.rows("common", "foreign_place_names")]


@lru_cache(maxsize=1)
def foreign_only() -> frozenset[str]:
    """The alias keys only another language's name gives ("ucraina", "francia"): in an English text such a
    word is a person's name or history ("Francia Raisa", "Moldavia"), not the place."""
    others = {alias_key(alias) for alias, _ in _entries(foreign=False)}
    return frozenset(alias_key(name) for name, _ in _foreign_names()) - others


def _entries(foreign: bool = True) -> Iterator[tuple[str, Known]]:
    """(name as written, Known) for every place and organisation name in the tables above (`foreign`: with
    the names in other languages)."""
    names = country_names()
    vi = babel.Locale("vi").territories
    for code, en_name in names.items():
        known = Known(place_key(en_name), en_name, "LOC")
        yield en_name, known
        if code in vi:
            yield vi[code], known
        for variant in _PLACE_VARIANTS.get(code, []):
            yield variant, known
    for name, english in _vietnam_places():
        known = Known(place_key(english), english, "LOC")
        for variant in [name, english, *_VN_PLACE_VARIANTS.get(name, [])]:
            yield variant, known
    for name, variants in _REGIONS.items():
        for variant in [name, *variants]:
            yield variant, Known(place_key(name), name, "LOC")
    for name, variants in cities().items():  # after countries and provinces: "Singapore" is the country
        for variant in [name, fold_accents(name), *variants]:
            yield variant, Known(place_key(name), name, "LOC")
    for name, english in _foreign_names() if foreign else ():  # after English and Vietnamese names: they win
        yield name, Known(place_key(english), english, "LOC")
    for name, variants in ORGANISATIONS.items():
        known = Known(org_key(name), name, "ORG")
        for variant in variants:
            yield variant, known
    for table in (CAPITAL_METONYMY, DEMONYMS):
        for variant, code in table.items():
            yield variant, country(code)


@lru_cache(maxsize=1)
def known_names() -> dict[str, Known]:
    """alias_key -> Known, for every place and organisation name in the tables above (accents folded:
    "Quang Ngai" finds "Quảng Ngãi")."""
    table: dict[str, Known] = {}
    for alias, known in _entries():
        if alias not in CAPITAL_METONYMY and alias not in DEMONYMS:
            table.setdefault(alias_key(alias), known)
    return table


@lru_cache(maxsize=1)
def exact_names() -> dict[str, Known]:
    """surface_key -> Known: the same names with their diacritics, capitals and demonyms included."""
    table: dict[str, Known] = {}
    for alias, known in _entries():
        table.setdefault(surface_key(alias), known)
    return table


@lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """The alias keys of names the tables write only as acronyms ("SBV", "WHO", "US"): a search's "who" or
    "us" is a word, not the organisation or the country."""
    only: dict[str, bool] = {}
    for alias, _ in _entries():
        only[alias_key(alias)] = only.get(alias_key(alias), True) and is_acronym(alias)
    return frozenset(key for key, acronym in only.items() if acronym)


@lru_cache(maxsize=1)
def by_key() -> dict[str, Known]:
    """entity key -> Known, to recover the canonical name of a table entity."""
    return {known.key: known for known in reversed(list(known_names().values()))}


def country(code: str) -> Known:
    name = country_names()[code]
    return Known(place_key(name), name, "LOC")


def lookup(name: str) -> Known | None:
    """The known place or organisation a name stands for, capitals and demonyms included."""
    if name in CAPITAL_METONYMY:
        return country(CAPITAL_METONYMY[name])
    if name in DEMONYMS:
        return country(DEMONYMS[name])
    known = known_names().get(alias_key(name))
    return None if known is not None and word_for_acronym(name) else known


def lookup_written(name: str) -> Known | None:
    """`lookup` for a name as written: accents, where it has any, must be the table's ("Ngà" is not
    Russia); a name written without them matches any ("Quang Ngai" is "Quảng Ngãi"), but a letter is no name
    without its marks ("Y" of "Sở Y tế" is not "Ý", Italy)."""
    return lookup_exact(name) or (None if has_vietnamese_marks(name) or len(name.strip()) < 2 else lookup(name))


def lookup_exact(name: str) -> Known | None:
    """Like `lookup`, but only for a name written as the table writes it, diacritics included: "Nga" is
    Russia, "Ngà" (a given name) is not; "Un", "Who" are no UN, WHO (`word_for_acronym`)."""
    known = exact_names().get(surface_key(name))
    return None if known is not None and word_for_acronym(name) else known


def word_for_acronym(name: str) -> bool:
    """Whether `name` is an everyday word written with a capital ("Un", "Who") that the tables write only in
    capitals (`acronyms_also_words.txt`; all in lowercase, as some texts write everything, "un" stays the UN)."""
    return name[:1].isupper() and name[1:].isalpha() and name[1:].islower() and alias_key(name) in _ALSO_WORDS


_ALSO_WORDS = frozenset(lang.words("common", "acronyms_also_words"))
