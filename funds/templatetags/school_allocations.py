"""`{% school_allocation_letters school %}`: the Fonds Cultuureducatie's letters on a school's
page in Mijn portaal, for the members who may download them (directie, culture coordinator);
nothing for other members."""

from django import template

from funds.views.school_letters import letters_of, may_see_letters

register = template.Library()


@register.inclusion_tag("funds/education/_school_letters.html", takes_context=True)
def school_allocation_letters(context, school):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_see_letters(user, school):
        return {"visible": False}
    return {"visible": True, "letters": list(letters_of(school))}
