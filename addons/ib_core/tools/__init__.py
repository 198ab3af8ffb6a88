"""Plain helpers of the suite (no models): import them as
``from odoo.addons.ib_core.tools.spreadsheet import ...``."""
