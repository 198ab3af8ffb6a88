from . import ib_portfolio_report
