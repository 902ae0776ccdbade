from django import template

from listings.offer_detail import public_offers

register = template.Library()


@register.simple_tag
def provider_offers(provider):
    """The provider's offers a visitor can find (live, not past), for its public profile."""
    return list(public_offers(provider))
