"""The brief's pictures: country outlines decoded from TopoJSON, and a map that still draws without them."""
from __future__ import annotations

import json

from panj.briefs.charts import country_rings, map_png

POINT = ({"id": "e1", "quad_class": "material_conflict", "status": "disputed", "independent_sources": 2},
         {"lat": 37.2, "lon": 69.1}, 1)


def test_topojson_rings_are_decoded_from_delta_arcs(tmp_path):
    topo = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [60, 30]},
            "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]]}, {"type": "MultiPolygon", "arcs": [[[~1, ~0]]]}]}}}
    path = tmp_path / "countries.json"
    path.write_text(json.dumps(topo), encoding="utf-8")
    square = ((60.0, 30.0), (62.0, 30.0), (62.0, 32.0), (60.0, 32.0), (60.0, 30.0))
    assert country_rings(str(path)) == (square, tuple(reversed(square)))


def test_map_draws_points_with_or_without_outlines(tmp_path):
    assert map_png([]) is None
    bare = map_png([POINT], path=tmp_path / "absent.json")  # before `make static`: plain lon/lat axes
    assert bare.startswith(b"\x89PNG")
