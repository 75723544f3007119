-- Marketing touches for campaign attribution (reports R7, R11). First touch only for now (decision §8.8):
-- HubSpot's contact property hs_analytics_first_touch_converting_campaign gives one 'first' touch per contact.
-- touch_id is '<source_system>:touch:<contact source id>:first'; source_id is the contact's vendor id, so a
-- contact's touches are rewritten together. touched_at is null when the vendor gives no time for the touch.

create table if not exists core.touch (
    touch_id        varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    contact_id      varchar,
    lead_id         varchar,
    campaign_id     varchar,
    channel         varchar,
    touch_type      varchar not null,      -- first
    touched_at      timestamptz,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);
