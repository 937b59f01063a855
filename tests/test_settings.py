"""Shop settings: stored per shop, validated with a message that names the key."""

from __future__ import annotations

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import ShopSettings, settings_from_mapping
from seller_assistant.store import open_store, shops

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def test_settings_round_trip_through_the_store(store_location):
    store = open_store(store_location)
    chosen = ShopSettings(
        name="青瓷小铺",
        platform="pinduoduo",
        timezone="Asia/Shanghai",
        ship_promise_hours=24,
        help_rate_threshold=0.015,
        due_soon_lead_hours=3,
        warning_margin=2,
        language="en",
        minimize_to_tray=True,
        staff_name="阿杰",
    )
    shop_id = shops.create_shop(store, chosen)
    store.close()

    reopened = open_store(store_location)
    assert shops.load_settings(reopened, shop_id) == chosen
    reopened.close()


def test_new_shop_defaults_follow_the_brief():
    settings = ShopSettings()
    assert settings.ship_promise_hours == 48
    assert settings.help_rate_threshold is None
    assert settings.platform == "taobao"


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("help_rate_threshold", 1.5, "between 0 and 1"),
        ("platform", "wish", "one of"),
        ("timezone", "Mars/Olympus", "time zone"),
        ("ship_promise_hours", "soon", "a number"),
        ("colour", "red", "unknown setting 'colour'"),
    ],
)
def test_bad_setting_is_refused_naming_the_key(key, value, fragment):
    with pytest.raises(UserError, match=fragment):
        settings_from_mapping({key: value})


def test_cli_settings_set_and_show(cli, store):
    result = cli("settings", "--set", "help_rate_threshold=0.015", "--set", "ship_promise_hours=24", "--json")
    assert result.code == 0, result.err
    assert '"help_rate_threshold": 0.015' in result.out
    assert shops.load_settings(store, 1).ship_promise_hours == 24


def test_chinese_marketplaces_report_in_chinese_unless_the_shop_chooses():
    assert ShopSettings(platform="taobao").report_language() == "zh"
    assert ShopSettings(platform="amazon").report_language() == "en"
    assert ShopSettings(platform="taobao", language="en").report_language() == "en"
