-- What the chat client showed around a message, kept beside it and never sealed: its read receipt
-- (已读/未读) and the notices that came with it (recalls, transfers, system lines). Before this,
-- such lines were read as part of the message's text.
ALTER TABLE messages ADD COLUMN status TEXT;   -- read|unread|NULL
ALTER TABLE messages ADD COLUMN notes TEXT;    -- notices, one per line, verbatim
-- The fingerprints of stored messages are recomputed by the rule new imports use (sender, time
-- and text without read receipts: core/chat_records.py) in store/migration_steps.py, in this
-- same transaction, so re-importing a chat read before this version adds nothing.
