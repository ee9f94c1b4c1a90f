"""Safe cells for CSV and Excel downloads."""

# A spreadsheet treats a cell starting with any of these as a formula (or part of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """'=SUM(A1)' → "'=SUM(A1)": shown as text, never run. Other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
