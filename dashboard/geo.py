"""Municipal boundaries from a configured GeoJSON file (third-party, never in the repo).

The file is read once per path and modification time; a region's subset is cut from it
and kept, so the map's geometry is built once and only its colours change afterwards.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path


@functools.lru_cache(maxsize=4)
def _features(path: str, mtime_ns: int) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        collection = json.load(fh)
    out = {}
    for feature in collection.get("features", []):
        code = feature.get("id") or feature.get("properties", {}).get("code")
        if code:
            out[code] = {"type": "Feature", "id": code, "geometry": feature["geometry"],
                         "properties": {}}
    return out


def region_boundaries(path: Path | None, codes: list[str]) -> dict | None:
    """A FeatureCollection of the municipalities `codes`, or None when no file is set or
    readable, or when it lacks any of them (the caller then draws centroid tiles)."""
    if path is None or not Path(path).is_file():
        return None
    features = _features(str(path), Path(path).stat().st_mtime_ns)
    if not codes or any(c not in features for c in codes):
        return None
    return {"type": "FeatureCollection", "features": [features[c] for c in codes]}


def bounds(collection: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every coordinate in a FeatureCollection."""
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], int | float):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for feature in collection["features"]:
        walk(feature["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)
