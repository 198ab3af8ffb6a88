"""A small inline SVG radar chart (no JavaScript, no external assets), used in the
assessment form and the portfolio PDF to compare levels with last year."""

import math

from markupsafe import Markup, escape

SERIES_STYLES = [
    {"stroke": "#017e84", "fill": "#017e84", "opacity": "0.25", "dash": ""},
    {"stroke": "#8f8f8f", "fill": "none", "opacity": "0", "dash": "5,4"},
    {"stroke": "#e99d00", "fill": "none", "opacity": "0", "dash": "2,3"},
]


def _point(cx, cy, radius, index, count):
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar_svg(labels, series, max_value, size=420):
    """Return the SVG of a radar chart as Markup.

    :param labels: axis labels (short codes read best)
    :param series: list of (name, values) with one value (number or None) per label
    :param max_value: the value at the outer ring
    """
    count = len(labels)
    if count < 3 or max_value <= 0:
        return Markup("")
    legend_height = 22 * len(series)
    cx = cy = size / 2
    radius = size / 2 - 34
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_ib_radar" '
        f'width="{size}" height="{size + legend_height}" '
        f'viewBox="0 0 {size} {size + legend_height}" font-family="sans-serif">'
    ]
    for ring in range(1, max_value + 1):
        points = " ".join(
            "{:.1f},{:.1f}".format(*_point(cx, cy, radius * ring / max_value, i, count))
            for i in range(count)
        )
        parts.append(
            f'<polygon points="{points}" fill="none" stroke="#d8d8d8" '
            f'stroke-width="1"/>'
        )
    for i, label in enumerate(labels):
        x, y = _point(cx, cy, radius, i, count)
        lx, ly = _point(cx, cy, radius + 16, i, count)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="#e4e4e4" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="10" '
            f'text-anchor="middle" fill="#444">{escape(label)}</text>'
        )
    for index, (name, values) in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = " ".join(
            "{:.1f},{:.1f}".format(
                *_point(
                    cx, cy, radius * min(value or 0, max_value) / max_value, i, count
                )
            )
            for i, value in enumerate(values)
        )
        parts.append(
            f'<polygon class="o_ib_radar_series" points="{points}" '
            f'fill="{style["fill"]}" fill-opacity="{style["opacity"]}" '
            f'stroke="{style["stroke"]}" stroke-width="2" '
            f'stroke-dasharray="{style["dash"]}"/>'
        )
        ly = size + 16 + 22 * index
        parts.append(
            f'<line x1="20" y1="{ly - 4}" x2="48" y2="{ly - 4}" '
            f'stroke="{style["stroke"]}" stroke-width="2" '
            f'stroke-dasharray="{style["dash"]}"/>'
        )
        parts.append(
            f'<text x="56" y="{ly}" font-size="12" fill="#333">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
