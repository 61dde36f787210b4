"""Importing roster workbooks: header and column finding, row checks, writing (in process or in
a child).
"""
