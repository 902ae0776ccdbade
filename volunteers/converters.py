from volunteers.programmes import PROGRAMMES, Programme


class ProgrammeConverter:
    """/voorleesexpress/... and /taalpunt/...: the programme as the first part of the path."""

    regex = "voorleesexpress|taalpunt"

    def to_python(self, value):
        return PROGRAMMES[value]

    def to_url(self, value):
        return value.code if isinstance(value, Programme) else value
