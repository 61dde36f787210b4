"""The roster of workers: queries for screens, edits, exports; importing/ reads roster workbooks."""
