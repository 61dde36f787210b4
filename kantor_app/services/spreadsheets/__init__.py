"""Reading spreadsheets people send us: file sniffing, header finding, cell text, the error
workbook.
"""
