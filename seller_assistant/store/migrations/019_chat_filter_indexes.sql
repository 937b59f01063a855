-- A Chats search with a filter that excludes nearly all of the text's matches (a stage or a staff
-- name few messages have: issue 20) walked every match of the text, newest first, and tested each
-- row: up to 9 s at 10 M messages. store/search_plan.py now counts both sides (at most a few
-- thousand each) and reads the smaller one first; these two indexes give the filter's side.
-- Stage is NULL until a message is tied to an order (or the shop sets it): only tagged messages.
CREATE INDEX messages_stage ON messages (shop_id, stage) WHERE stage IS NOT NULL;
-- The staff filter is by sender name. A buyer's own messages carry the buyer's name (found by
-- messages_buyer); only the others are indexed here, so an import writes few new index entries in
-- few places (a shop has a handful of staff names, and new ids go at the end of each).
CREATE INDEX messages_sender ON messages (shop_id, sender_name) WHERE sender_name <> buyer;
