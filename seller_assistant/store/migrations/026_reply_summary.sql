-- Amazon's response time and Douyin's 3-minute reply rate from a stored pairing (issue 20). The
-- reply metrics paired every buyer message of the window with the shop's messages (two index seeks
-- each): at 10 M messages the first report after a chat changed, and every `risk` command, took
-- 0.54 s (Amazon) and 1.58 s (Douyin) of CPU. Here the pairing is kept: each buyer question (the
-- first of a run of buyer messages, store/reply_times.py) with the time of the shop's next message,
-- and per quarter hour of UTC the questions and those answered within each reply limit. Messages
-- are append-only; every message insert goes through store/message_rows.MessageWriter, which
-- re-pairs the quarter hours its rows touch in the writer's transaction (store/reply_summary.py).
CREATE TABLE reply_questions (
    shop_id INTEGER NOT NULL,
    asked_at INTEGER NOT NULL,      -- the question's first buyer message
    buyer TEXT NOT NULL,
    n INTEGER NOT NULL,             -- buyer messages of that second opening the run (usually 1)
    replied_at INTEGER,             -- the shop's first message at or after it, whenever; NULL: none yet
    PRIMARY KEY (shop_id, asked_at, buyer)
) WITHOUT ROWID;

-- The reply limits (seconds) counted per quarter: Douyin's 3 minutes, Amazon's 24 hours. A metric
-- whose limit is not here (a profile edited by hand) is paired from the messages, as before.
CREATE TABLE reply_limits (limit_s INTEGER PRIMARY KEY);
INSERT INTO reply_limits (limit_s) VALUES (180), (86400);

CREATE TABLE reply_quarters (
    shop_id INTEGER NOT NULL,
    limit_s INTEGER NOT NULL,    -- a reply limit of reply_limits
    quarter INTEGER NOT NULL,       -- asked_at // 900
    questions INTEGER NOT NULL,
    on_time INTEGER NOT NULL,       -- answered within limit_s seconds
    PRIMARY KEY (shop_id, limit_s, quarter)
) WITHOUT ROWID;

-- The stored chats paired once (the same lookups as the report's pairing).
INSERT INTO reply_questions (shop_id, asked_at, buyer, n, replied_at)
SELECT b.shop_id, b.sent_at, b.buyer, count(*),
  (SELECT r.sent_at FROM messages r WHERE r.shop_id = b.shop_id AND r.buyer = b.buyer
     AND r.sent_at >= b.sent_at AND r.sender_role = 'staff' ORDER BY r.sent_at LIMIT 1)
FROM messages b
WHERE b.sender_role = 'buyer'
  AND coalesce((SELECT p.sender_role FROM messages p WHERE p.shop_id = b.shop_id AND p.buyer = b.buyer
     AND p.sent_at < b.sent_at AND p.sender_role IN ('buyer', 'staff')
     ORDER BY p.sent_at DESC LIMIT 1), '') != 'buyer'
GROUP BY b.shop_id, b.sent_at, b.buyer;

INSERT INTO reply_quarters (shop_id, limit_s, quarter, questions, on_time)
SELECT q.shop_id, l.limit_s, q.asked_at / 900, sum(q.n),
  sum(CASE WHEN q.replied_at - q.asked_at <= l.limit_s THEN q.n ELSE 0 END)
FROM reply_questions q, reply_limits l
GROUP BY q.shop_id, l.limit_s, q.asked_at / 900;
