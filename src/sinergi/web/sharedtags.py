"""``{% shared "name" %} … {% endshared %}``: a part of a page kept as HTML for everyone who sees
it the same (a builtin library; see :func:`sinergi.web.caching.render_shared`). Outside such a
view the tag renders its content as usual."""
from django import template

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        parts = context.get("sinergi_shared_parts")
        if parts is None:
            return self.nodelist.render(context)
        return parts.part(self.name, lambda: self.nodelist.render(context), context.get("csrf_token", ""))


@register.tag("shared")
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% shared "nama" %} butuh satu nama dalam tanda kutip')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(bits[1][1:-1], nodelist)
