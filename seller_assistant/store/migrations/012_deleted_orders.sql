-- An order the platform itself deleted (JD's "(删除)等待出库": e.g. the parent of an order JD split
-- into two) is no order of the shop's: it is stored, with its words, as closed and deleted, and it
-- counts in no denominator (help rate, health metrics). 1 = deleted by the platform.
ALTER TABLE orders ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
