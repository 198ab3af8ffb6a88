"""The arithmetic of learning lines and of the OPP's exit-level forecast.

Pure Python, no ORM: the models (ib_care_plan.py, ib_pupil.py) collect the
numbers and pass them here; tests/test_forecast_engine.py checks the sums on
known values.

Two measures of growth:

* ``score``: ability scores of one test on its own scale. A straight line is
  fitted through (years since the first result, score) by least squares and
  read off at the end of group 8.
* ``dle``: the didactic age equivalent (DLE, months of education a score is
  worth) against the didactic age (DL, months of education had, 10 per year
  from group 3). The line through (DL, DLE) is read off at DL 60, the end of
  group 8: growth per month of education so far, continued.

Too few results (fewer than two) or too short a span (under half a year, or
6 months of education) give no forecast, with the reason: never a number that
the data cannot carry.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

MIN_RESULTS = 2
MIN_SPAN_YEARS = 0.5
MIN_SPAN_MONTHS = 6
# DL at the end of group 8: groups 3 to 8, ten months of education a year.
DL_END_OF_GROUP_8 = 60
DAYS_PER_YEAR = 365.25

# reasons for "no forecast yet" (the model translates them)
REASON_TOO_FEW = "too_few"
REASON_SHORT_SPAN = "short_span"


def fit_line(points):
    """Least-squares line through ``points`` [(x, y), ...]: (slope, intercept).

    The x values must differ (the span checks in :func:`forecast` see to it)."""
    count = len(points)
    mean_x = sum(x for x, _y in points) / count
    mean_y = sum(y for _x, y in points) / count
    sxx = sum((x - mean_x) ** 2 for x, _y in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x


def forecast(points, target_x, min_span):
    """The value of the fitted line at ``target_x``.

    Returns ``(value, slope, intercept, None)``, or ``(None, None, None,
    reason)`` when the points cannot carry a forecast: fewer than
    ``MIN_RESULTS`` points (REASON_TOO_FEW), or less than ``min_span``
    between the first and the last x (REASON_SHORT_SPAN)."""
    points = sorted(points)
    if len(points) < MIN_RESULTS:
        return None, None, None, REASON_TOO_FEW
    if points[-1][0] - points[0][0] < min_span:
        return None, None, None, REASON_SHORT_SPAN
    slope, intercept = fit_line(points)
    return slope * target_x + intercept, slope, intercept, None


def years_between(start, end):
    """Years from ``start`` to ``end`` (dates) as a float."""
    return (end - start).days / DAYS_PER_YEAR


def end_of_group_8(grade_number, school_year_end):
    """The last day of group 8 of a pupil in group ``grade_number`` in the
    school year ending on ``school_year_end``."""
    return school_year_end + relativedelta(years=8 - grade_number)


def didactic_age(grade_number, on_date, school_year_start):
    """The didactic age (DL) on ``on_date``: ten months of education for every
    group from group 3, plus the months of this school year (September to June,
    a month counting from its 15th), at most 10. None before group 3."""
    if not grade_number or grade_number < 3:
        return None
    september = date(school_year_start.year, 9, 1)
    months = (on_date.year - september.year) * 12 + on_date.month - september.month
    if on_date.day >= 15:
        months += 1
    return (grade_number - 3) * 10 + max(0, min(10, months))


def map_exit_level(value, thresholds):
    """The exit level of ``value``: the level of the highest minimum at or
    below it. ``thresholds`` is [(minimum, level), ...]; None when the value is
    below every minimum or there is no table."""
    found = None
    for minimum, level in sorted(thresholds, key=lambda row: row[0]):
        if value >= minimum:
            found = level
    return found


def course(forecast_level, expected_level, ladder):
    """Where the forecast stands against the expected exit level on the
    ``ladder`` (the levels from low to high): ``on_course``, ``ahead``,
    ``behind``, or None when either is missing or not on the ladder."""
    if forecast_level not in ladder or expected_level not in ladder:
        return None
    difference = ladder.index(forecast_level) - ladder.index(expected_level)
    if difference > 0:
        return "ahead"
    if difference < 0:
        return "behind"
    return "on_course"


def line_position(goal_ids, reached_ids):
    """The position of a pupil on a learning line.

    ``goal_ids`` are the line's goals in their order, ``reached_ids`` the goals
    the pupil reached. Returns ``(last_goal_id, reached_count, percent)``: the
    furthest goal reached along the line (not the latest date), how many goals
    of the line were reached, and that as a percentage of the line (0 for a
    line without goals)."""
    reached = set(reached_ids)
    done = [goal_id for goal_id in goal_ids if goal_id in reached]
    percent = round(100.0 * len(done) / len(goal_ids), 1) if goal_ids else 0.0
    return (done[-1] if done else None), len(done), percent


# ------------------------------------------------------------------ the chart
CHART_WIDTH = 560
CHART_HEIGHT = 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40


def _fmt(value):
    return f"{value:.1f}"


def forecast_svg(points, target_x, line, x_label, y_label, bands=(), x_ticks=()):
    """An inline SVG of the results and the forecast line up to ``target_x``.

    :param points: [(x, y)] the results
    :param target_x: x of the end of group 8
    :param line: (slope, intercept) of the fitted line, or None
    :param x_label, y_label: axis titles (escaped)
    :param bands: [(minimum, label)] horizontal lines of the exit-level table
        (labels escaped)
    :param x_ticks: [(x, label)] labels under the x axis (escaped)
    Returns Markup: numbers and escaped text only.
    """
    if not points:
        return Markup("")
    xs = [x for x, _y in points] + [target_x]
    ys = [y for _x, y in points] + [minimum for minimum, _label in bands]
    if line:
        ys.append(line[0] * target_x + line[1])
    x_min, x_max = min(xs), max(xs)
    y_min, y_max = min(ys), max(ys)
    if x_max == x_min:
        x_max = x_min + 1
    pad = (y_max - y_min) * 0.1 or 1
    y_min, y_max = y_min - pad, y_max + pad
    plot_w = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def px(x):
        return MARGIN_LEFT + (x - x_min) / (x_max - x_min) * plot_w

    def py(y):
        return MARGIN_TOP + (y_max - y) / (y_max - y_min) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_ib_forecast_chart" '
        f'width="{CHART_WIDTH}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" font-family="sans-serif" '
        f'font-size="10">',
        f'<rect x="{MARGIN_LEFT}" y="{MARGIN_TOP}" width="{plot_w}" '
        f'height="{plot_h}" fill="#fafafa" stroke="#cccccc"/>',
    ]
    for minimum, label in bands:
        y = py(minimum)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{_fmt(y)}" x2="{MARGIN_LEFT + plot_w}" '
            f'y2="{_fmt(y)}" stroke="#e0c080" stroke-dasharray="3,3"/>'
        )
        parts.append(
            f'<text x="{MARGIN_LEFT + plot_w - 2}" y="{_fmt(y - 2)}" '
            f'text-anchor="end" fill="#8a6d1f">{escape(label)}</text>'
        )
    for x, label in x_ticks:
        parts.append(
            f'<text x="{_fmt(px(x))}" y="{CHART_HEIGHT - MARGIN_BOTTOM + 14}" '
            f'text-anchor="middle" fill="#444">{escape(label)}</text>'
        )
    if line:
        slope, intercept = line
        parts.append(
            f'<line class="o_ib_forecast_line" x1="{_fmt(px(x_min))}" '
            f'y1="{_fmt(py(slope * x_min + intercept))}" x2="{_fmt(px(target_x))}" '
            f'y2="{_fmt(py(slope * target_x + intercept))}" stroke="#017e84" '
            f'stroke-width="2" stroke-dasharray="6,4"/>'
        )
        parts.append(
            f'<circle cx="{_fmt(px(target_x))}" '
            f'cy="{_fmt(py(slope * target_x + intercept))}" r="5" fill="none" '
            f'stroke="#017e84" stroke-width="2"/>'
        )
    for x, y in points:
        parts.append(
            f'<circle class="o_ib_forecast_point" cx="{_fmt(px(x))}" '
            f'cy="{_fmt(py(y))}" r="4" fill="#714b67"/>'
        )
    parts.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2}" y="{CHART_HEIGHT - 6}" '
        f'text-anchor="middle" fill="#444">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="12" y="{MARGIN_TOP + plot_h / 2}" text-anchor="middle" '
        f'fill="#444" transform="rotate(-90 12 {MARGIN_TOP + plot_h / 2})">'
        f"{escape(y_label)}</text>"
    )
    for y in (y_min + pad, y_max - pad):
        parts.append(
            f'<text x="{MARGIN_LEFT - 4}" y="{_fmt(py(y) + 3)}" text-anchor="end" '
            f'fill="#444">{_fmt(y)}</text>'
        )
    parts.append("</svg>")
    # every text above went through escape(); the rest are numbers
    return Markup("".join(parts))
