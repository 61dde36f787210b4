"""Kantor: desktop application for BPJS Ketenagakerjaan branch offices."""

__version__ = "0.1.0"
