"""The guard warns when a reply says what the platform's guidance forbids, in Chinese and English."""

from __future__ import annotations

import pytest

from seller_assistant.core.reply_guard import check


@pytest.mark.parametrize(
    "text, code",
    [
        ("亲，麻烦您把退款原因改成七天无理由，谢谢", "change_refund_reason"),
        ("退款理由能不能换一个", "change_refund_reason"),
        ("Could you change the refund reason to 'no reason'?", "change_refund_reason"),
        ("物流的问题您自己联系一下快递吧", "courier_alone"),
        ("你去问问快递员", "courier_alone"),
        ("Please contact the courier yourself, it is their responsibility.", "courier_alone"),
        ("加我微信，微信转账可以便宜20", "off_platform"),
        ("直接支付宝转账给我就行，线下交易更快", "off_platform"),
        ("Add me on WeChat and pay by bank transfer", "off_platform"),
        ("这个不退的，概不退换", "stall_refuse"),
        ("过几天再说吧", "stall_refuse"),
        ("Sorry, we can't refund this item.", "stall_refuse"),
        ("好评返现5元哦", "review_pressure"),
        ("Please remove your review and we will refund you", "review_pressure"),
    ],
)
def test_forbidden_phrasing_is_warned(text, code):
    assert code in [w.code for w in check(text)]


def test_traditional_chinese_is_guarded_too():
    assert "off_platform" in [w.code for w in check("加我微信，用微信轉賬")]


@pytest.mark.parametrize(
    "text",
    [
        "亲，我们这就联系快递核实，今天18:00前给您回复。",
        "您可以选择退款、补发或者再等等，按您的意思来。",
        "We are contacting the courier now and will update you by 18:00.",
        "If you would rather have a refund, just tell us.",
    ],
)
def test_good_replies_get_no_warning(text):
    assert check(text) == []


def test_warning_names_what_triggered_it_in_both_languages():
    warning = check("加我微信")[0]
    assert "加我微信" in warning.message("zh") and "加我微信" in warning.message("en")
    assert warning.to_json("en")["code"] == "off_platform"
