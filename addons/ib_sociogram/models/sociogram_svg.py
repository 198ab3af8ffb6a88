"""The picture of a sociogram as SVG, drawn from the engine's result.

Pure Python: no Odoo, no JavaScript. Every text that comes from outside (the
pupils' labels, the legend) is escaped here, so the result can be shown as
HTML without sanitizing (the form's field and the PDF report).

The pupils are circles (``class="ib-node"``) on rings around the centre:
popular pupils in the centre, then those chosen at least as often as the
group's mean, then those chosen less, and the isolated pupils (never chosen)
on the outer ring. A one-way choice is an arrow (``class="ib-edge
ib-positive"``, slightly bent), a mutual choice a green double line without arrow heads
(``class="ib-edge ib-mutual"``, one per pair), a negative choice a red dashed
arrow (``class="ib-edge ib-negative"``).
"""

import math

from markupsafe import Markup, escape

from .sociogram_engine import (
    RING_AVERAGE,
    RING_BELOW,
    RING_ISOLATED,
    RING_POPULAR,
)

SIZE = 720
CENTRE = SIZE / 2
NODE_RADIUS = 16
RING_RADII = {RING_POPULAR: 75, RING_AVERAGE: 160, RING_BELOW: 240, RING_ISOLATED: 310}
NODE_FILL = {
    RING_POPULAR: "#f5c542",
    RING_AVERAGE: "#9ecae1",
    RING_BELOW: "#d6e6f4",
    RING_ISOLATED: "#eeeeee",
}
POSITIVE = "#5b7db1"
MUTUAL = "#2e8b57"
NEGATIVE = "#c0392b"
LEGEND_HEIGHT = 70


def _fmt(value):
    return f"{value:.1f}"


def layout(order, result):
    """``{pupil key: (x, y)}``: the pupils spread evenly around the centre in
    their order (so that no two share a direction), each at the radius of its
    ring; a single popular pupil in the centre."""
    popular = [key for key in order if result.pupils[key].ring == RING_POPULAR]
    centred = popular if len(popular) == 1 else []
    around = [key for key in order if key not in centred]
    positions = {key: (CENTRE, CENTRE) for key in centred}
    for index, key in enumerate(around):
        radius = RING_RADII[result.pupils[key].ring]
        angle = -math.pi / 2 + 2 * math.pi * index / len(around)
        positions[key] = (
            CENTRE + radius * math.cos(angle),
            CENTRE + radius * math.sin(angle),
        )
    return positions


def _shortened(start, end, margin):
    """The segment from ``start`` to ``end`` without ``margin`` at both ends
    (from the edge of one circle to the edge of the other)."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    return x1 + dx * margin, y1 + dy * margin, x2 - dx * margin, y2 - dy * margin


def _line(x1, y1, x2, y2, attributes):
    return Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" {}/>').format(
        _fmt(x1), _fmt(y1), _fmt(x2), _fmt(y2), Markup(attributes)
    )


def _curve(x1, y1, x2, y2, attributes):
    """A slightly bent arrow (to the right of its direction), so that a choice
    between two pupils on opposite sides does not run through the pupil in
    the centre, and a choice back does not cover it."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    bend = 0.12 * length
    cx = (x1 + x2) / 2 - (y2 - y1) / length * bend
    cy = (y1 + y2) / 2 + (x2 - x1) / length * bend
    return Markup('<path d="M {} {} Q {} {} {} {}" fill="none" {}/>').format(
        _fmt(x1), _fmt(y1), _fmt(cx), _fmt(cy), _fmt(x2), _fmt(y2), Markup(attributes)
    )


def render_svg(order, result, labels, legend, prefix="ib-sociogram"):
    """The SVG of a sociogram.

    :param order: the pupils' keys in the order to place them
    :param result: the engine's :class:`SociogramResult`
    :param labels: ``{key: text}``, e.g. "Anna B." (escaped here)
    :param legend: ``{"popular", "isolated", "rejected", "one_way", "mutual",
        "negative"}`` texts of the legend (escaped here)
    :param prefix: makes the ids of the arrow heads unique in the page
    :return: ``Markup``
    """
    prefix = "".join(c for c in str(prefix) if c.isalnum() or c in "-_")
    positions = layout(order, result)
    margin = NODE_RADIUS + 3
    height = SIZE + LEGEND_HEIGHT
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="ib-sociogram-svg" '
            'viewBox="0 0 {size} {height}" width="100%" '
            'style="max-width: {size}px; font-family: sans-serif;" '
            'role="img">'
        ).format(size=SIZE, height=height),
        Markup("<defs>"),
    ]
    for name, colour in (("arrow", POSITIVE), ("arrow-negative", NEGATIVE)):
        parts.append(
            Markup(
                '<marker id="{prefix}-{name}" viewBox="0 0 10 10" refX="10" '
                'refY="5" markerWidth="7" markerHeight="7" orient="auto">'
                '<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
            ).format(prefix=prefix, name=name, colour=colour)
        )
    parts.append(Markup("</defs>"))
    for ring in (RING_AVERAGE, RING_BELOW, RING_ISOLATED):
        parts.append(
            Markup(
                '<circle class="ib-ring" cx="{c}" cy="{c}" r="{r}" fill="none" '
                'stroke="#dddddd" stroke-dasharray="4 4"/>'
            ).format(c=_fmt(CENTRE), r=RING_RADII[ring])
        )

    index = {key: number for number, key in enumerate(order)}

    def in_order(pair):
        return index[pair[0]], index[pair[1]]

    mutual = {frozenset(pair) for pair in result.mutual_pairs}
    for a, b in result.mutual_pairs:
        x1, y1, x2, y2 = _shortened(positions[a], positions[b], margin)
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        # two parallel lines, 2.5 px either side of the centre line
        nx, ny = -(y2 - y1) / length * 2.5, (x2 - x1) / length * 2.5
        parts.append(Markup('<g class="ib-edge ib-mutual">'))
        for sign in (1, -1):
            parts.append(
                _line(
                    x1 + sign * nx,
                    y1 + sign * ny,
                    x2 + sign * nx,
                    y2 + sign * ny,
                    f'stroke="{MUTUAL}" stroke-width="1.8"',
                )
            )
        parts.append(Markup("</g>"))
    for a, b in sorted(result.ties, key=in_order):
        if frozenset((a, b)) in mutual:
            continue
        parts.append(
            _curve(
                *_shortened(positions[a], positions[b], margin),
                f'class="ib-edge ib-positive" stroke="{POSITIVE}" '
                f'stroke-width="1.4" marker-end="url(#{prefix}-arrow)"',
            )
        )
    for a, b in sorted(result.negative_ties, key=in_order):
        parts.append(
            _curve(
                *_shortened(positions[a], positions[b], margin),
                f'class="ib-edge ib-negative" stroke="{NEGATIVE}" '
                f'stroke-width="1.4" stroke-dasharray="5 3" '
                f'marker-end="url(#{prefix}-arrow-negative)"',
            )
        )

    for key in order:
        pupil = result.pupils[key]
        x, y = positions[key]
        label = labels.get(key, "")
        classes = "ib-node"
        if pupil.popular:
            classes += " ib-popular"
        if pupil.isolated:
            classes += " ib-isolated"
        if pupil.rejected:
            classes += " ib-rejected"
        parts.append(
            Markup(
                '<g><title>{label}</title><circle class="{classes}" cx="{x}" '
                'cy="{y}" r="{r}" fill="{fill}" stroke="{stroke}" '
                'stroke-width="{width}"/><text x="{x}" y="{ty}" font-size="12" '
                'text-anchor="middle" fill="#222222" stroke="#ffffff" '
                'stroke-width="3" paint-order="stroke">{label}</text>'
                '<text x="{x}" y="{cy}" font-size="11" text-anchor="middle" '
                'fill="#222222">{received}</text></g>'
            ).format(
                label=escape(label),
                classes=classes,
                x=_fmt(x),
                y=_fmt(y),
                r=NODE_RADIUS,
                fill=NODE_FILL[pupil.ring],
                stroke=NEGATIVE if pupil.rejected else "#555555",
                width=3 if pupil.rejected else 1,
                ty=_fmt(y + NODE_RADIUS + 13),
                cy=_fmt(y + 4),
                received=pupil.received,
            )
        )

    # legend below the rings
    top = SIZE + 15
    items = [
        ("node", NODE_FILL[RING_POPULAR], "#555555", legend.get("popular", "")),
        ("node", NODE_FILL[RING_ISOLATED], "#555555", legend.get("isolated", "")),
        ("node", "#ffffff", NEGATIVE, legend.get("rejected", "")),
        ("line", POSITIVE, "", legend.get("one_way", "")),
        ("line", MUTUAL, "", legend.get("mutual", "")),
        ("line", NEGATIVE, "", legend.get("negative", "")),
    ]
    for index, (kind, colour, stroke, text) in enumerate(items):
        x = 20 + (index % 3) * 230
        y = top + (index // 3) * 26
        if kind == "node":
            parts.append(
                Markup(
                    '<rect class="ib-legend" x="{x}" y="{y}" width="14" '
                    'height="14" rx="7" fill="{fill}" stroke="{stroke}" '
                    'stroke-width="2"/>'
                ).format(x=x, y=y, fill=colour, stroke=stroke)
            )
        else:
            parts.append(
                Markup(
                    '<rect class="ib-legend" x="{x}" y="{y}" width="24" '
                    'height="4" fill="{fill}"/>'
                ).format(x=x - 5, y=y + 5, fill=colour)
            )
        parts.append(
            Markup(
                '<text x="{x}" y="{y}" font-size="12" fill="#222222">{text}</text>'
            ).format(x=x + 26, y=y + 11, text=escape(text))
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
