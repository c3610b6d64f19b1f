"""TPI Workbook: widgets, store and reports for WHO Twinning Partnerships for Improvement."""

__version__ = "0.1.0"
