-- test only: a new core column, filled from raw by re-normalizing the stream that feeds it
-- renormalize: widgets
alter table core.test_widget add column region varchar;
