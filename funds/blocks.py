"""The questions staff add to a round, with no code change.

Each question is a StreamField block; Wagtail gives every block in a page's StreamField a stable
id, and answers are stored under that id together with the question's label and type at the
moment of answering, so answers keep working when staff later edit, reorder or remove questions.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class BaseQuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Explanation"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Answer required"), required=False, default=True)

    class Meta:
        icon = "help"


class ShortTextQuestionBlock(BaseQuestionBlock):
    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextQuestionBlock(BaseQuestionBlock):
    max_words = blocks.IntegerBlock(label=_("Maximum words"), required=False, min_value=1)

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class ChoiceQuestionBlock(BaseQuestionBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Choices"), min_num=2)
    multiple = blocks.BooleanBlock(label=_("More than one answer"), required=False)

    class Meta:
        label = _("Choice")
        icon = "list-ul"


class NumberQuestionBlock(BaseQuestionBlock):
    min_value = blocks.DecimalBlock(label=_("Lowest"), required=False)
    max_value = blocks.DecimalBlock(label=_("Highest"), required=False)

    class Meta:
        label = _("Number")
        icon = "order"


class DateQuestionBlock(BaseQuestionBlock):
    class Meta:
        label = _("Date")
        icon = "date"


class FileQuestionBlock(BaseQuestionBlock):
    class Meta:
        label = _("File (PDF or image)")
        icon = "doc-full-inverse"


class QuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    choice = ChoiceQuestionBlock()
    number = NumberQuestionBlock()
    date = DateQuestionBlock()
    file = FileQuestionBlock()
