"""Jurisdiction identity: which codes exist, their names, and resolving what a user typed."""

import csv
import difflib
import functools
import gettext
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pycountry
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
ALIASES_FILE = DATA / "aliases.yml"
M49_FILE = DATA / "m49.csv"
REGIONS_FILE = DATA / "regions.yml"

# Codes that are not ISO 3166-1 countries but that the dataset covers.
SPECIAL = {
    "INT": {"name": "International (UN drug control conventions)", "kind": "international"},
    "EU": {"name": "European Union", "kind": "supranational"},
    # Kosovo has no ISO 3166-1 code; XK is the user-assigned code used by the EU, IMF and others.
    "XK": {"name": "Kosovo", "kind": "country"},
}


@dataclass(frozen=True)
class Place:
    """One jurisdiction the dataset can talk about, researched or not."""

    code: str
    name: str
    kind: str  # country | subdivision | international | supranational
    alpha3: Optional[str] = None
    numeric: Optional[str] = None
    official_name: Optional[str] = None
    parent: Optional[str] = None
    m49: Optional[str] = None
    region: Optional[str] = None
    subregion: Optional[str] = None
    intermediate_region: Optional[str] = None


class UnknownJurisdiction(LookupError):
    """No jurisdiction matches what was asked for."""

    def __init__(self, query: str, suggestions: list[tuple[str, str]]):
        self.query = query
        self.suggestions = suggestions  # (what matched, code)
        hint = ""
        if suggestions:
            hint = "; did you mean " + ", ".join(
                f"'{label}' → {code}" if label.upper() != code else f"'{code}'"
                for label, code in suggestions
            ) + "?"
        super().__init__(f"no jurisdiction '{query}'{hint}")


class AmbiguousJurisdiction(UnknownJurisdiction):
    """A name that several jurisdictions share in some language."""

    def __init__(self, query: str, codes: list[str]):
        LookupError.__init__(self, f"'{query}' is ambiguous: it names {', '.join(codes)} in different languages; use a code")
        self.query = query
        self.suggestions = [(code, code) for code in codes]


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, dict]:
    """UN M49 region, sub-region and intermediate region by alpha-2 code, plus reviewed overrides."""
    regions = {}
    with open(M49_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            regions[row["code"]] = {"m49": row["m49"], "region": row["region"] or None,
                                    "subregion": row["subregion"] or None,
                                    "intermediate_region": row["intermediate_region"] or None}
    with open(REGIONS_FILE, encoding="utf-8") as f:
        for code, values in (yaml.safe_load(f) or {}).get("overrides", {}).items():
            regions[code] = {"m49": None, "region": values["region"], "subregion": values.get("subregion"),
                             "intermediate_region": None}
    return regions


@functools.lru_cache(maxsize=4096)
def place(code: str) -> Optional[Place]:
    """Return the Place for an exact code (alpha-2, subdivision, INT, EU, XK), or None."""
    code = code.upper()
    if code in SPECIAL:
        return Place(code=code, **SPECIAL[code], **_regions().get(code, {}))
    if "-" in code:
        sub = pycountry.subdivisions.get(code=code)
        if sub is None:
            return None
        return Place(code=sub.code, name=sub.name, kind="subdivision", parent=sub.country_code,
                     **{k: v for k, v in _regions().get(sub.country_code, {}).items() if k != "m49"})
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        return None
    return Place(
        code=country.alpha_2,
        name=getattr(country, "common_name", None) or country.name,
        kind="country",
        alpha3=country.alpha_3,
        numeric=country.numeric,
        official_name=getattr(country, "official_name", None),
        **_regions().get(country.alpha_2, {}),
    )


def all_places() -> list[Place]:
    """Every ISO 3166-1 country plus the special codes, sorted by code."""
    places = [place(c.alpha_2) for c in pycountry.countries]
    places += [place(code) for code in SPECIAL]
    return sorted(places, key=lambda p: p.code)


def normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name or code."""
    text = unicodedata.normalize("NFKD", str(text)).replace("’", "'")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Codes, English names and reviewed aliases: the authoritative, unambiguous keys."""
    index: dict[str, str] = {}
    for p in all_places():
        for key in (p.code, p.alpha3, p.numeric, p.name, p.official_name):
            if key:
                index.setdefault(normalise(key), p.code)
        if p.numeric:
            index.setdefault(str(int(p.numeric)), p.code)
    for country in pycountry.countries:
        index.setdefault(normalise(country.name), country.alpha_2)
    with open(ALIASES_FILE, encoding="utf-8") as f:
        for alias, code in (yaml.safe_load(f) or {}).get("aliases", {}).items():
            index[normalise(alias)] = code
    return index


@functools.lru_cache(maxsize=1)
def _translated_index() -> dict[str, frozenset[str]]:
    """Country names in every language pycountry's gettext catalogues carry ('Deutschland', 'Türkiye')."""
    names: dict[str, set[str]] = {}
    for lang in sorted(os.listdir(pycountry.LOCALES_DIR)):
        if not os.path.exists(os.path.join(pycountry.LOCALES_DIR, lang, "LC_MESSAGES", "iso3166-1.mo")):
            continue
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    names.setdefault(normalise(catalogue.gettext(value)), set()).add(country.alpha_2)
    return {key: frozenset(codes) for key, codes in names.items()}


def resolve_jurisdiction(query: str) -> str:
    """Return the code for an alpha-2/alpha-3/numeric/subdivision code or a name; raise UnknownJurisdiction.

    Codes, English names and the reviewed aliases win; a name in another language is accepted only
    when it names exactly one country across all catalogues. Fuzzy matches are only ever suggestions.
    """
    key = normalise(query)
    index = _index()
    if key in index:
        return index[key]
    if "-" in key and place(key.upper()) is not None:
        return key.upper()
    translated = _translated_index().get(key)
    if translated:
        if len(translated) == 1:
            return next(iter(translated))
        raise AmbiguousJurisdiction(query, sorted(translated))
    close = difflib.get_close_matches(key, index.keys(), n=3, cutoff=0.6)
    suggestions, seen = [], set()
    for match in close:
        code = index[match]
        if code not in seen:
            seen.add(code)
            suggestions.append((match.upper() if len(match) <= 3 else match.title(), code))
    raise UnknownJurisdiction(query, suggestions)
