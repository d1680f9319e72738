"""``{% page_query page_number %}``: the current query string with only the page number changed,
so that paging keeps every filter (used by ``_pager.html``)."""
from django import template

register = template.Library()

PAGE_PARAM = "hal"


@register.simple_tag(takes_context=True)
def page_query(context, number, param=PAGE_PARAM) -> str:
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        from django.http import QueryDict

        query = QueryDict(mutable=True)
    query[param] = str(number)
    return "?" + query.urlencode()
