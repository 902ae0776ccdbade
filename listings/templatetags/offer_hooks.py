"""What other apps put on listings' pages, through hooks (listings imports none of them):

- `{% offer_actions offer %}`: hook "listings_offer_actions", called as `fn(request, offer)`
  (e.g. the Fonds Cultuureducatie's "book this offer on your school budget" for school members);
- `{% provider_sections provider %}`: hook "listings_provider_sections" on a provider's page in
  Mijn portaal, called as `fn(request, provider)` (e.g. the schools' bookings to answer).

Each returns HTML or ""."""

from django import template
from django.utils.html import format_html_join
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def offer_actions(context, offer):
    request = context.get("request")
    parts = [fn(request, offer) for fn in hooks.get_hooks("listings_offer_actions")]
    return format_html_join("", "{}", ((part,) for part in parts if part))


@register.simple_tag(takes_context=True)
def provider_sections(context, provider):
    request = context.get("request")
    parts = [fn(request, provider) for fn in hooks.get_hooks("listings_provider_sections")]
    return format_html_join("", "{}", ((part,) for part in parts if part))
