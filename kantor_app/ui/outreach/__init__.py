"""Penjangkauan (outreach) tab."""
