"""A second window on the same store finds the first and can ask it to come forward."""

from __future__ import annotations

from seller_assistant.ui.app import application
from seller_assistant.ui.single_instance import InstanceGuard


def test_second_instance_sees_the_first_and_asks_it_to_show(qtbot, tmp_path):
    application()
    db = tmp_path / "shop.db"
    first = InstanceGuard(db)
    assert not first.other_instance_running()
    assert first.listen()

    second = InstanceGuard(db)
    assert second.other_instance_running()
    with qtbot.waitSignal(first.show_requested, timeout=3000):
        assert second.ask_other_to_show()


def test_guards_for_different_stores_do_not_collide(tmp_path):
    application()
    one = InstanceGuard(tmp_path / "a.db")
    assert one.listen()
    assert not InstanceGuard(tmp_path / "b.db").other_instance_running()
