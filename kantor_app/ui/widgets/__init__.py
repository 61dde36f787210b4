"""Widgets several features use: date and rupiah fields, form dialog, PDF view, numbers."""
