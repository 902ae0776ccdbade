from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        items = site.root_page.get_children().live().in_menu().public().specific(defer=True)
    current = context.get("page")
    current_path = current.url_path if current is not None else ""
    return {
        "request": request,
        "entries": [
            {
                "page": item,
                "current": item.url_path == current_path,
                "active": current_path.startswith(item.url_path),
            }
            for item in items
        ],
        "user": context.get("user"),
        "perms": context.get("perms"),
    }
