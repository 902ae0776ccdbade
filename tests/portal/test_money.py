"""One way to show money: "€ 1.234,50" in Dutch, "€ 1,234.50" in English, rounded half up;
the fast formatters for long tables give exactly what the plain ones give."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.money import EURO_SIGN_NBSP, cents, euro, euro_formatter, number, number_formatter


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", Decimal("1234.5"), "€ 1.234,50"),
        ("en", Decimal("1234.5"), "€ 1,234.50"),
        ("nl", Decimal("1234567.005"), "€ 1.234.567,01"),  # half up, not half even
        ("nl", Decimal("-0.5"), "€ -0,50"),
        ("nl", 15, "€ 15,00"),
        ("nl", None, ""),
    ],
)
def test_euro_and_the_fast_formatter_agree(language, value, expected):
    with translation.override(language):
        assert euro(value) == expected
        assert euro_formatter()(value) == expected


def test_percentages_are_rounded_not_cut_off():
    with translation.override("nl"):
        for value, expected in [(Decimal("33.36"), "33,4"), (Decimal("99.96"), "100,0")]:
            assert number(value, 1) == expected
            assert number_formatter(1)(value) == expected
        assert number(Decimal("33.35"), 1) == number_formatter(1)(Decimal("33.35")) == "33,4"
        assert number_formatter(1)(33.3) == "33,3"  # a float as it prints


def test_a_sign_that_stays_with_its_figure_and_cents():
    with translation.override("nl"):
        assert euro(Decimal("800"), sign=EURO_SIGN_NBSP) == "€\xa0800,00"
    assert cents("2.345") == Decimal("2.35")
