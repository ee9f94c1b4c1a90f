"""`{{ cell|cell_display:threshold }}`: a suppressed count as it may be published.

A hidden Cell still carries its real value (for totals and testing); a template must never print
it. This filter prints "fewer than N" or "hidden" for a hidden cell and the number otherwise.
"""

from django import template

from withus.reports.suppression import Cell

register = template.Library()


@register.filter
def cell_display(cell, threshold) -> str:
    if cell is None:
        return "0"
    if isinstance(cell, Cell):
        return cell.display(int(threshold))
    return str(cell)
