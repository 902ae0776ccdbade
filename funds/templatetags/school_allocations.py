"""`{% school_allocation_letters school %}`: the Fonds Cultuureducatie's letters on a school's
page in Mijn portaal, for the members who may download them (directie, culture coordinator);
nothing for other members."""

from django import template
from django.utils import timezone

from funds.views.school_letters import letters_of, may_see_letters
from schools.permissions import policy as school_policy

register = template.Library()


@register.inclusion_tag("funds/education/_school_letters.html", takes_context=True)
def school_allocation_letters(context, school):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_see_letters(user, school):
        return {"visible": False}
    return {"visible": True, "letters": list(letters_of(school))}


@register.inclusion_tag("funds/school_budget/_school_card.html", takes_context=True)
def school_budget_card(context, school):
    """This year's culture budget on the school's page, with a link to the budget page; for
    every member of the school (a vakdocent too: they see the budget and may propose)."""
    from funds.services import budget as budget_service
    from funds.views.school_budget import confirmed_allocations

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or school_policy.role(user, school) is None:
        return {"visible": False}
    this_year = timezone.localdate().year
    allocation = confirmed_allocations(school).filter(scheme__year=this_year).first()
    return {
        "visible": True,
        "school": school,
        "year": this_year,
        "budget": budget_service.budget_for(allocation) if allocation else None,
    }
