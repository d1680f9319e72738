"""``{{ problems|total_count }}``: how many problems were found — the kept ones plus those only
counted (:class:`sinergi.core.problems.Problems`); a plain list counts its items."""
from django import template

register = template.Library()


@register.filter
def total_count(problems) -> int:
    total = getattr(problems, "total", None)
    return total if isinstance(total, int) else len(problems or ())
