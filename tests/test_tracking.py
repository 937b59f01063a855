"""Tracking numbers per carrier: known-valid numbers pass, one digit off fails, forms are checked.

Known-valid numbers: UPS "1Z999AA10123456784" and "1ZWX0692YP40636269", FedEx "152152152158", USPS
"9101026837331000039521" and DHL "1656740256" are the examples public tracking libraries test with
(drogher's tests/test_shippers.py); the S10 numbers are computed by hand with the UPU weights below.
"""

from __future__ import annotations

import pytest

from seller_assistant.core.tracking import carrier_names, check_tracking, find_carrier, tracking_check_value

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("1Z999AA10123456784", "UPS"),
        ("1ZWX0692YP40636269", "ups"),
        ("152152152158", "FedEx"),
        ("9101026837331000039521", "USPS"),
        ("1656740256", "DHL"),
        # RR 12345678 ?: 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5.
        ("RR123456785GB", "Royal Mail"),
        # EA 87654321 ?: 8·8 + 7·6 + 6·4 + 5·2 + 4·3 + 3·5 + 2·9 + 1·7 = 192; 192 mod 11 = 5; 11 − 5 = 6.
        ("EA876543216CN", "EMS"),
        ("EA 8765 4321 6CN", "中国邮政"),  # spaces as typed from a label
        ("SF1234567890123", "顺丰速运"),
        ("75312345678901", "中通快递"),
        ("YT1234567890123", "圆通"),
        ("JT0001234567890", "极兔速递"),
        ("JDVA12345678901", "京东物流"),
    ],
)
def test_known_valid_numbers_pass(number, carrier):
    assert check_tracking(number, carrier).status == "valid"


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("1Z999AA10123456785", "UPS"),  # last digit one off
        ("1Z999AA10123456794", "UPS"),  # a body digit one off
        ("152152152159", "FedEx"),
        ("9101026837331000039522", "USPS"),
        ("1656740257", "DHL"),
        ("RR123456784GB", "Royal Mail"),
        ("EA876543217CN", "EMS"),
    ],
)
def test_one_digit_off_fails_the_check_digit(number, carrier):
    result = check_tracking(number, carrier)
    assert (result.status, result.problem) == ("invalid", "check_digit")


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("SF12345", "顺丰"),
        ("1234567890123", "圆通速递"),  # 圆通 numbers start with YT
        ("75011112222", "中通快递"),  # 11 digits: one short
        ("1Z999AA1012345678", "UPS"),  # 17 characters
        ("RR123456785US", "Royal Mail"),
    ],
)
def test_a_wrong_form_is_invalid(number, carrier):
    assert (check_tracking(number, carrier).status, check_tracking(number, carrier).problem) == (
        "invalid",
        "format",
    )


def test_unknown_carrier_is_unchecked_not_invalid():
    assert check_tracking("ABC123", "老王物流").status == "unchecked"
    assert tracking_check_value("ABC123", "老王物流") == "unchecked"
    assert tracking_check_value(None, None) is None
    assert tracking_check_value("", "顺丰") == "invalid"


def test_carriers_are_found_by_chinese_english_and_longer_names():
    assert find_carrier("中通快递(ZTO)").id == "zto"
    assert find_carrier("J&T").id == "jtexpress"
    assert find_carrier("Royal Mail").id == "royalmail"
    assert "顺丰速运" in carrier_names("zh") and "SF Express" in carrier_names("en")
