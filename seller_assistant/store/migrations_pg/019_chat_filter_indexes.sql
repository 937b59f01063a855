-- PostgreSQL twin of migrations/019_chat_filter_indexes.sql: the filter's side of a filtered Chats
-- search (a stage, a staff name), the same partial indexes. PostgreSQL's planner picks the smaller
-- side itself from them; SQLite's is picked by store/search_plan.py.
CREATE INDEX messages_stage ON messages (shop_id, stage) WHERE stage IS NOT NULL;
CREATE INDEX messages_sender ON messages (shop_id, sender_name) WHERE sender_name <> buyer;
