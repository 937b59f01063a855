"""The stored pairing of replies (store/reply_summary.py, migration 026) recounted from every
message in Python, as the rule says: a run of a conversation's buyer messages is one question,
asked at its first, answered by the shop's next message (platform and system lines are neither).
Shared by the pairing's equivalence tests and the kill harness. Messages of one conversation in
the same second are not told apart here: the builders that use it write at most one a second."""

from __future__ import annotations

from collections import Counter, defaultdict

QUARTER = 900


def recount(conn) -> tuple[Counter, Counter]:
    """(questions: (shop, asked_at, buyer, replied_at) → n, quarters: (shop, limit, quarter) →
    (questions, on time)) from the messages."""
    chats = defaultdict(list)
    for shop, buyer, at, role in conn.execute(
        "SELECT shop_id, buyer, sent_at, sender_role FROM messages WHERE sender_role IN ('buyer', 'staff')"
    ):
        chats[(shop, buyer)].append((at, role))
    questions: Counter = Counter()
    for (shop, buyer), chat in chats.items():
        chat.sort()
        for i, (at, role) in enumerate(chat):
            if role != "buyer" or (i and chat[i - 1][1] == "buyer"):
                continue
            replied = next((t for t, r in chat[i:] if r == "staff"), None)
            questions[(shop, at, buyer, replied)] += 1
    limits = [row[0] for row in conn.execute("SELECT limit_s FROM reply_limits")]
    quarters: Counter = Counter()
    for (shop, asked, _buyer, replied), n in questions.items():
        for limit in limits:
            on_time = n if replied is not None and replied - asked <= limit else 0
            quarters[(shop, limit, asked // QUARTER, "questions")] += n
            quarters[(shop, limit, asked // QUARTER, "on_time")] += on_time
    return questions, +quarters


def stored(conn) -> tuple[Counter, Counter]:
    """The same two counts as the store keeps them."""
    questions = Counter(
        {
            (shop, asked, buyer, replied): n
            for shop, asked, buyer, n, replied in conn.execute(
                "SELECT shop_id, asked_at, buyer, n, replied_at FROM reply_questions"
            )
        }
    )
    quarters: Counter = Counter()
    for shop, limit, quarter, count, on_time in conn.execute(
        "SELECT shop_id, limit_s, quarter, questions, on_time FROM reply_quarters"
    ):
        quarters[(shop, limit, quarter, "questions")] += count
        quarters[(shop, limit, quarter, "on_time")] += on_time
    return questions, +quarters
