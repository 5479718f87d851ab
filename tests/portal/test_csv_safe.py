"""CSV injection: every way a spreadsheet could read a cell as a formula is neutralised."""

import pytest

from portal.core.csv_export import csv_safe


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        '\n=HYPERLINK("http://x")',
        '\uff1dHYPERLINK("http://x")',
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
    ],
)
def test_formula_starts_are_prefixed_with_an_apostrophe(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Anne", "1 = 1", "", "é=", "0612"])
def test_ordinary_text_is_left_alone(value):
    assert csv_safe(value) == value
