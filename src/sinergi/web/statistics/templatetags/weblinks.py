"""``{{ value|web_url }}``: the address when it is an http(s) web address, else empty — the
one rule (:mod:`sinergi.core.links`) for turning a source address from data into a link."""
from django import template

from sinergi.core.links import web_url as _web_url

register = template.Library()


@register.filter
def web_url(value) -> str:
    return _web_url(value)
