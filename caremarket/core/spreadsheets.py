"""Writing cells of a workbook: text as it is, less what a workbook cannot hold.

openpyxl refuses a string holding a control character (IllegalCharacterError), so one such
character anywhere in saved data would make every export of it fail. Inputs refuse them now
(caremarket.core.validation.CONTROL_CHARACTERS), but data saved before must still export:
every writer passes its cells through here.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def cell_value(value):
    """`value` as a cell may hold it: text without illegal characters; anything else as is."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def row_values(values) -> list:
    return [cell_value(value) for value in values]
