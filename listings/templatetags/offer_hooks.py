"""`{% offer_actions offer %}`: what other apps put on an offer's page, through the hook
"listings_offer_actions" (listings imports none of them). A hook is called as
`fn(request, offer)` and returns HTML or "" (e.g. the Fonds Cultuureducatie's "book this offer
on your school budget" for school members)."""

from django import template
from django.utils.html import format_html_join
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def offer_actions(context, offer):
    request = context.get("request")
    parts = [fn(request, offer) for fn in hooks.get_hooks("listings_offer_actions")]
    return format_html_join("", "{}", ((part,) for part in parts if part))
