"""Rendering prepared letter content to PDF with reportlab (no database)."""
