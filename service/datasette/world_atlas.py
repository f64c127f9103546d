"""Re-key the Natural Earth TopoJSON from the npm package world-atlas by ISO alpha-2 code.

world-atlas identifies countries by ISO 3166-1 numeric code (Kosovo has none and carries only its
name), while the dataset keys jurisdictions by alpha-2. Run once per world-atlas release:

    python -m service.datasette.world_atlas node_modules/world-atlas/countries-50m.json \
        service/datasette/static/countries-50m.json
"""

import json
import sys

import pycountry

NAMELESS = {"Kosovo": "XK"}  # features world-atlas ships without an ISO numeric id


def _polygons(geometry: dict) -> list:
    return [geometry["arcs"]] if geometry["type"] == "Polygon" else list(geometry["arcs"])


def rekey(topology: dict) -> dict:
    """Return the topology with each country keyed by alpha-2 code; features sharing a code are merged.

    Natural Earth gives some territories their country's numeric code (Ashmore and Cartier Islands
    carry Australia's 036); a look-up by code must find one shape per country, so they are merged
    into one MultiPolygon under the first feature's properties.
    """
    merged: dict[str, dict] = {}
    kept = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        code = country.alpha_2 if country else NAMELESS.get(geometry.get("properties", {}).get("name"))
        if code is None:
            geometry.pop("id", None)
            kept.append(geometry)
        elif code in merged:
            first = merged[code]
            first["arcs"] = _polygons(first) + _polygons(geometry)
            first["type"] = "MultiPolygon"
        else:
            geometry["id"] = code
            merged[code] = geometry
            kept.append(geometry)
    topology["objects"]["countries"]["geometries"] = kept
    return topology


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        topology = rekey(json.load(f))
    with open(target, "w", encoding="utf-8") as f:
        json.dump(topology, f, separators=(",", ":"))


if __name__ == "__main__":
    main(*sys.argv[1:3])
