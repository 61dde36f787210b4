"""The import framework every importer shares, one module per job.

reader (opening files, plain messages for unreadable ones), headers (finding
the header row), mapping (columns by header names), cell_text and
column_letter (how cells and columns read), rejections (the per-row issue),
error_workbook (the one "Ditolak" layout, saved atomically) and results (the
counts and the ``--json`` shape).
"""
