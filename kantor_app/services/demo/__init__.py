"""The synthetic demo branch: what it contains (words) and how it is filled.

`fill` is the entry point (fill_demo, ensure_demo_branch); `generator` draws
every row in one fixed order from `draws`, one module per kind of row
(employers, contributions, findings, workers, funding, outreach, packages);
the SQLite bulk loading uses store/sqlite_bulk.
"""
