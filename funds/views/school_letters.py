"""A school's allocation letters of the Fonds Cultuureducatie, for the school itself: listed on
the school's page in Mijn portaal (/mijn/scholen/<pk>/, through the template tag
`school_allocation_letters`) and downloaded at /mijn/scholen/<pk>/toewijzingsbrieven/<letter>/.

Only members of the school with the directie or culture coordinator role see and download them;
anyone else gets a 404 (membership is checked through schools.permissions.policy), so nobody
learns which schools or letters exist.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View

from funds.models.education import AllocationLetter
from portal.storage import private_download
from schools.models import SchoolRole
from schools.permissions import policy as school_policy

LETTER_ROLES = frozenset({SchoolRole.DIRECTIE, SchoolRole.CULTUURCOORDINATOR})


def may_see_letters(user, school) -> bool:
    return school_policy.role(user, school) in LETTER_ROLES


def letters_of(school):
    """The school's allocation letters, newest first."""
    return AllocationLetter.objects.filter(allocation__school=school).select_related(
        "allocation__scheme"
    )


class SchoolAllocationLetterView(LoginRequiredMixin, View):
    """One allocation letter as PDF, for the school's directie and culture coordinators."""

    def get(self, request, school_pk, pk):
        school = school_policy.get_for_member_or_404(request.user, school_pk)
        if not may_see_letters(request.user, school):
            raise Http404
        letter = get_object_or_404(letters_of(school), pk=pk)
        return private_download(letter.file, letter.filename)
