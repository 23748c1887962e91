"""Pure business rules: no Django, no database, no clock of their own.

Every function here takes what it needs (dates, amounts, statuses, "today") as
arguments, so each can be tested from a table.
"""
