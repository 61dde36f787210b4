"""Outreach (Penjangkauan): coverage against target, funding programs, field activities,
SiRUP/Jakon.
"""
