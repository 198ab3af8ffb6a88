"""Hiding small numbers in a table of counts with totals.

Pure functions, no database. A cell is a key with a number of respondents; a
relation says that one cell (a total) is the sum of others (its parts). A cell
of fewer than ``threshold`` respondents is hidden ("small"). A hidden cell must
not be worked out from a relation in which it is the only hidden cell (the
total minus the other parts): then the smallest shown part of that relation is
hidden as well ("complement"), or its total when no part is shown, until no
relation has exactly one hidden cell."""

from odoo.addons.ib_analysis.models.ib_care_report import SMALL_NUMBER

SMALL = "small"
COMPLEMENT = "complement"


def hidden_cells(values, relations, threshold=SMALL_NUMBER):
    """``{key: SMALL | COMPLEMENT}`` for the cells of ``values`` (``{key:
    respondents}``) to hide, given ``relations`` (``[(total key, [part key,
    ...]), ...]``)."""
    hidden = {key: SMALL for key, value in values.items() if value < threshold}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            if not parts:
                continue
            unknown = [key for key in (total, *parts) if key in hidden]
            if len(unknown) != 1:
                continue
            shown = [key for key in parts if key not in hidden] or [total]
            pick = min(shown, key=lambda key: (values[key], str(key)))
            hidden[pick] = COMPLEMENT
            changed = True
    return hidden


def share(part, total):
    """The percentage ``part`` of ``total`` with one decimal; None of nothing."""
    if not total:
        return None
    return round(100.0 * part / total, 1)
