"""SQL fragments shared by the reporting views of the analysis.

Conventions, documented in readme/USAGE.md:

* a result is *at or above the norm* at level I-III (A-C), the publisher's
  bands: the lowest two bands (IV-V, D-E) are below the norm;
* the *expected score* at a grade and moment is the norm's expected score when
  the school entered it, else the middle of the average band (level III; for A-E
  tests the start of level B, the median of the 25/25/25/15/10 bands);
* the *didactic age* (DL) counts ten months of education per school year from
  the start of group 3: the middle of the year (M) is 5, the end (E) 10;
* shares are measures with an average aggregator over rows worth 100 or 0, so
  that any grouping shows the exact share of its rows (rows without a level or
  without a norm are NULL and do not count).
"""

from odoo.tools import SQL

# One value for the whole query: "now" for the years-ago filters.
YEARS_AGO = SQL("EXTRACT(YEAR FROM AGE(CURRENT_DATE, sy.date_start))::int")

# The expected score of norm ``n`` of test ``a``.
EXPECTED_SCORE = SQL(
    """COALESCE(
        NULLIF(n.ib_expected_score, 0),
        CASE WHEN a.level_scale = 'letter' THEN n.min_level_2
             ELSE (n.min_level_2 + n.min_level_3) / 2.0 END
    )"""
)

# The didactic age of result ``r`` of grade ``gr`` in school year ``sy``.
DIDACTIC_AGE = SQL(
    """CASE WHEN gr.number >= 3 THEN
        (gr.number - 3) * 10 + CASE r.moment
            WHEN 'middle' THEN 5
            WHEN 'end' THEN 10
            ELSE LEAST(10, GREATEST(0,
                (EXTRACT(YEAR FROM AGE(r.date, sy.date_start)) * 12
                 + EXTRACT(MONTH FROM AGE(r.date, sy.date_start)))::int - 1))
        END
    END"""
)

# Final test domains grouped as the reference levels are reported.
REF_DOMAIN = SQL(
    """CASE
        WHEN r.domain IN ('technical_reading', 'reading_comprehension')
            THEN 'reading'
        WHEN r.domain IN ('language', 'spelling', 'vocabulary') THEN 'language'
        WHEN r.domain = 'maths' THEN 'maths'
    END"""
)

REF_DOMAINS = [
    ("reading", "Reading"),
    ("language", "Language"),
    ("maths", "Maths"),
]


def share(condition, applies=None):
    """100 where ``condition`` holds, 0 where not, NULL where ``applies`` fails."""
    if applies is None:
        return SQL("CASE WHEN %s THEN 100.0 ELSE 0.0 END", condition)
    return SQL(
        "CASE WHEN %s THEN CASE WHEN %s THEN 100.0 ELSE 0.0 END END",
        applies,
        condition,
    )


def create_view(env, table, query):
    env.cr.execute(
        SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(table), query)
    )
