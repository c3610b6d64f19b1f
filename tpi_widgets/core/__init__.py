"""The workbook's rules, without widgets: records and steps registries, access, the rules of
each step, room numbers, charts (PNG) and HTML helpers.

Nothing here imports ipywidgets (tests/test_architecture.py checks it in a fresh interpreter),
so the CLI, the report kernels and the server use these modules without paying for widgets.
"""
