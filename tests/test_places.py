"""Resolving what a user typed to a jurisdiction code."""

import pytest

from service.places import UnknownJurisdiction, all_places, place, resolve_jurisdiction


@pytest.mark.parametrize("query,code", [
    ("GB", "GB"), ("gb", "GB"), ("GBR", "GB"), ("826", "GB"), ("United Kingdom", "GB"),
    ("united kingdom of great britain and northern ireland", "GB"), ("UK", "GB"),
    ("Turkey", "TR"), ("Türkiye", "TR"), ("Kosovo", "XK"), ("xk", "XK"), ("int", "INT"),
    ("European Union", "EU"), ("cote d’ivoire", "CI"), ("Côte d'Ivoire", "CI"), ("Ivory Coast", "CI"),
    ("US-CA", "US-CA"), ("us-ca", "US-CA"), ("  Hong   Kong ", "HK"), ("36", "AU"), ("036", "AU"),
    ("Viet Nam", "VN"), ("Taiwan", "TW"),
])
def test_resolves(query, code):
    assert resolve_jurisdiction(query) == code


def test_unknown_suggests_close_matches():
    with pytest.raises(UnknownJurisdiction) as exc:
        resolve_jurisdiction("UKK")
    assert str(exc.value) == "no jurisdiction 'UKK'; did you mean 'UK' → GB, 'UKR' → UA?"


def test_unknown_without_suggestion():
    with pytest.raises(UnknownJurisdiction) as exc:
        resolve_jurisdiction("zzzzzzzzzz")
    assert str(exc.value) == "no jurisdiction 'zzzzzzzzzz'"


def test_fuzzy_kosovo_is_not_serbia():
    assert resolve_jurisdiction("kosovo") == "XK"


def test_all_places_covers_iso_and_specials():
    codes = {p.code for p in all_places()}
    assert {"GB", "US", "INT", "EU", "XK"} <= codes
    assert len(codes) == 252  # 249 ISO 3166-1 countries + INT, EU, XK


def test_place_details():
    gb = place("GB")
    assert (gb.alpha3, gb.numeric, gb.kind) == ("GBR", "826", "country")
    assert place("US-CA").parent == "US"
    assert place("QQ") is None
