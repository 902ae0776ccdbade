"""Amounts and figures as people read them, in the active language: "€ 1.234,56" in Dutch,
"€ 1,234.56" in English. The one place every app formats money (templates use Django's
`floatformat:"2g"`, which gives the same figures).

- `euro` / `number`: one value, rounded half up (33.35 → 33.4), with thousands grouping.
- `euro_formatter` / `number_formatter`: the same output, fast, for long tables: they read the
  language's separators once instead of localising on every call (hundreds of rows times a
  handful of figures cost more through `number_format` than all the queries of a page).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format, number_format

CENT = Decimal("0.01")
EURO_SIGN = "€ "
# Where the sign must stay on the line of its figure (budget totals, form messages).
EURO_SIGN_NBSP = "€\xa0"


def cents(amount) -> Decimal:
    """The amount as a Decimal rounded half up to whole cents."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _rounded(value, places: int) -> Decimal:
    if not isinstance(value, Decimal):
        value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(value, places: int = 2) -> str:
    """ "1.234,56": rounded half up to `places` decimals, grouped; "" for None."""
    if value is None:
        return ""
    return number_format(
        _rounded(value, places), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def euro(amount, places: int = 2, sign: str = EURO_SIGN) -> str:
    """ "€ 1.234,56"; "" for None."""
    if amount is None:
        return ""
    return sign + number(amount, places)


def number_formatter(places: int = 2):
    """A function giving what `number(value, places)` gives, fast, for the active language at
    the time of the call."""
    decimal_sep = get_format("DECIMAL_SEPARATOR")
    thousand_sep = get_format("THOUSAND_SEPARATOR")
    table = str.maketrans({",": thousand_sep, ".": decimal_sep})
    pattern = f"{{:,.{places}f}}"

    def format_number(value) -> str:
        if value is None:
            return ""
        return pattern.format(_rounded(value, places)).translate(table)

    return format_number


def euro_formatter(places: int = 2, sign: str = EURO_SIGN):
    """The same for amounts: what `euro(amount)` gives, fast."""
    format_number = number_formatter(places)

    def format_euro(amount) -> str:
        if amount is None:
            return ""
        return sign + format_number(amount)

    return format_euro
