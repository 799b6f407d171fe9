"""Formula-injection neutralisation for cells written to CSV and XLSX.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
leading tab or carriage return can hide such a character. An order book comes from outside (a
customer, a distributor, an ERP export), so every cell we write back — the echoed input cells as
well as our own columns — is neutralised as the OWASP "CSV Injection" guidance recommends: the
cell is prefixed with a single quote, which makes the spreadsheet show it as text.
"""

from __future__ import annotations

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """The cell as text a spreadsheet will not evaluate: a leading ``'`` where it could start a formula.

    >>> neutralise_cell("=1+1")
    "'=1+1"
    >>> neutralise_cell("Samarium oxide")
    'Samarium oxide'
    """
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
