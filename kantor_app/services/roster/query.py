"""The roster as screens and exports read it: filtered, sorted and paged in SQL.

This module holds the labels the screens show and gathers the roster's
services, each in a module of its own job:

* filters.py: RosterFilter and its SQL conditions (NIK prefix, name words);
* sorting.py: sort columns, their index expressions and the keyset select;
* name_search.py: fast pages of a one-word name search matching many;
* paging.py: counting, page keys, anchors and row iteration;
* rows.py: table rows and the worker detail the dialog edits;
* edit.py: saving and deactivating a worker, with an audit row;
* export.py: the filtered roster as an Excel workbook;
* page_reader.py: the session the paged table model reads through.

A roster may hold a million workers, so nothing here loads it whole.
"""

from __future__ import annotations

from kantor_app.domain.textnorm import name_key
from kantor_app.domain.vocabulary import STATUS_ACTIVE, STATUS_INACTIVE
from kantor_app.services.roster.edit import (
    STATUSES,
    SaveResult,
    deactivate_worker,
    save_worker,
    validate_worker,
)
from kantor_app.services.roster.export import (
    EXPORT_HEADERS,
    Progress,
    export_workers_xlsx,
)
from kantor_app.services.roster.filters import (
    MIN_WORD_SEARCH,
    RosterFilter,
    filter_conditions,
)
from kantor_app.services.roster.name_search import (
    DENSE_WALK_CHECK_STEPS,
    DENSE_WALK_SECONDS,
    DENSE_WORD_MATCHES,
)
from kantor_app.services.roster.paging import (
    anchor_keys,
    count_workers,
    iter_rows,
    page_keys,
)
from kantor_app.services.roster.regions import region_table
from kantor_app.services.roster.rows import (
    WorkerData,
    WorkerRow,
    fetch_rows,
    worker_detail,
)
from kantor_app.services.roster.sorting import (
    Key,
    RosterSort,
    SortColumn,
    sort_exprs,
)

# Shown by the table, the filters, the dialog and the export; the translation
# tool (tools/update_translations.py) reads STATUS_LABELS here.
SEGMENT_LABELS = {"PU": "PU", "BPU": "BPU", "JAKON": "Jakon", "RENTAN": "Rentan"}
STATUS_LABELS = {STATUS_ACTIVE: "Aktif", STATUS_INACTIVE: "Nonaktif"}

__all__ = [
    "DENSE_WALK_CHECK_STEPS",
    "DENSE_WALK_SECONDS",
    "DENSE_WORD_MATCHES",
    "EXPORT_HEADERS",
    "MIN_WORD_SEARCH",
    "SEGMENT_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "Key",
    "Progress",
    "RosterFilter",
    "RosterSort",
    "SaveResult",
    "SortColumn",
    "WorkerData",
    "WorkerRow",
    "anchor_keys",
    "count_workers",
    "deactivate_worker",
    "export_workers_xlsx",
    "fetch_rows",
    "filter_conditions",
    "iter_rows",
    "name_key",
    "page_keys",
    "region_table",
    "save_worker",
    "sort_exprs",
    "validate_worker",
    "worker_detail",
]
