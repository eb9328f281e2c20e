"""The Programme evaluation place: merge anonymous slips into tables, a PDF and CSV files."""
