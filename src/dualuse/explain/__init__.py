"""Render rule-base records and results as plain data for text, JSON and HTML."""
