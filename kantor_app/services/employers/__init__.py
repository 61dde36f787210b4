"""Employers: the registry, inspection findings and payments, compliance, reading for screens,
imports.
"""
