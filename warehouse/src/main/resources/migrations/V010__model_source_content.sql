-- meta.model_source.content_hash: a sum of the row hashes of a core table's rows (per source system, every column but
-- synced_at), taken when the table's rows were synced again. A full-refresh stream or a lookback overlap re-syncs
-- rows with the same values every run; the model runner compares this hash instead of rebuilding in full whatever
-- reads them.

alter table meta.model_source add column if not exists content_hash hugeint;
