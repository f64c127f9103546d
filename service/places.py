"""Jurisdiction identity: which codes exist, their names, and resolving what a user typed."""

import difflib
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pycountry
import yaml

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "aliases.yml"

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


def place(code: str) -> Optional[Place]:
    """Return the Place for an exact code (alpha-2, subdivision, INT, EU, XK), or None."""
    code = code.upper()
    if code in SPECIAL:
        return Place(code=code, **SPECIAL[code])
    if "-" in code:
        sub = pycountry.subdivisions.get(code=code)
        if sub is None:
            return None
        return Place(code=sub.code, name=sub.name, kind="subdivision", parent=sub.country_code)
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


def resolve_jurisdiction(query: str) -> str:
    """Return the code for an alpha-2/alpha-3/numeric/subdivision code or a name; raise UnknownJurisdiction."""
    key = normalise(query)
    index = _index()
    if key in index:
        return index[key]
    if "-" in key and place(key.upper()) is not None:
        return key.upper()
    close = difflib.get_close_matches(key, index.keys(), n=3, cutoff=0.6)
    suggestions, seen = [], set()
    for match in close:
        code = index[match]
        if code not in seen:
            seen.add(code)
            suggestions.append((match.upper() if len(match) <= 3 else match.title(), code))
    raise UnknownJurisdiction(query, suggestions)
