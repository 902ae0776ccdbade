from django import template

from volunteers.fields import labels
from volunteers.models import DAY_PARTS, ActivityKind, Language, LearningGoal

register = template.Library()


@register.filter
def day_parts(codes):
    return ", ".join(labels(DAY_PARTS, codes))


@register.filter
def language_names(codes):
    return ", ".join(labels(Language.choices, codes))


@register.filter
def goal_names(codes):
    return ", ".join(labels(LearningGoal.choices, codes))


@register.filter
def activity_kinds(codes):
    return ", ".join(labels(ActivityKind.choices, codes))
