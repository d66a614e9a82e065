"""The charts and the map of the public pages, as plotly figures drawn in the browser from JSON.

Every figure stands beside a table with the same figures, so a page reads the same without JavaScript.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from projects.queries import MapPoint

# Colours that stay apart for the common kinds of colour blindness (Okabe and Ito), one per status or sector group.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARGIN = {"l": 8, "r": 8, "t": 8, "b": 8}


def bar_figure(labels: Sequence[str], counts: Sequence[int], costs: Sequence[Decimal]) -> dict[str, Any]:
    """Draw a horizontal bar of projects per group, with each group's estimated cost in its hover text."""
    hover = [f"{count} · {cost:,.0f} UAH" for count, cost in zip(counts, costs, strict=True)]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": list(labels),
                "x": list(counts),
                "hovertext": hover,
                "hoverinfo": "text+y",
                "marker": {"color": PALETTE[0]},
            }
        ],
        "layout": {
            "margin": {**MARGIN, "l": 220, "b": 48},
            "height": max(160, 28 * len(labels) + 40),
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"title": {"text": gettext("Projects")}},
            "font": {"size": 13},
        },
    }


def map_figure(points: Sequence[MapPoint], *, colour_by: str, names: dict[str, str], english: bool) -> dict[str, Any]:
    """Draw the located places as points on longitude and latitude, one trace per status or sector group.

    Each point carries the address of its project's page, which a click on it opens.
    """
    groups: dict[str, list[MapPoint]] = {}
    for point in points:
        key = point.status if colour_by == "status" else point.sector[:1]
        groups.setdefault(key, []).append(point)
    traces = []
    for index, (key, members) in enumerate(sorted(groups.items())):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": names.get(key, key),
                # Four decimals of a degree are about ten metres: enough for a map, and lighter to send.
                "x": [round(float(point.longitude), 4) for point in members],
                "y": [round(float(point.latitude), 4) for point in members],
                "text": [(point.title_en if english and point.title_en else point.title_uk) for point in members],
                "customdata": [reverse("portal:project", args=[point.code]) for point in members],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {"color": PALETTE[index % len(PALETTE)], "size": 9, "line": {"width": 1, "color": "#fff"}},
            }
        )
    return {
        "data": traces,
        "layout": {
            "margin": {**MARGIN, "l": 56, "b": 48},
            "height": 560,
            # Degrees of longitude are shorter than degrees of latitude at Ukraine's latitudes (about 0.66 at 48°N).
            "xaxis": {"title": {"text": gettext("Longitude")}, "range": [22, 40.5]},
            "yaxis": {
                "title": {"text": gettext("Latitude")},
                "range": [44, 52.6],
                "scaleanchor": "x",
                "scaleratio": 1.5,
            },
            "legend": {"orientation": "h", "y": -0.12},
            "font": {"size": 13},
        },
        "clickable": True,
    }
