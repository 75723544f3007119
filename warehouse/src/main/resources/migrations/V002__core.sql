-- The unified CRM model, written by the normalization jobs (etl-jobs). Every table carries
-- source_system (the configured source name), source_id (the vendor's id), is_deleted and synced_at.
-- Surrogate ids are '<source_system>:<entity>:<source_id>' (e.g. 'hubspot-main:deal:18231'), so they are
-- stable across runs and computable by every mapper without a lookup. Money is decimal(18,2); instants
-- are UTC timestamptz; probabilities are fractions 0-1 next to the vendor's raw value.
-- No primary-key constraints: writers merge by (source_system, source_id) with delete + insert.

create table if not exists core.owner (
    owner_id        varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    name            varchar,
    email           varchar,
    team_id         varchar,              -- primary team
    is_active       boolean,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.team (
    team_id         varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    name            varchar,
    parent_team_id  varchar,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.account (
    account_id      varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    name            varchar,
    domain          varchar,              -- normalized: lower case, no scheme, no 'www.'
    industry        varchar,
    employee_count  integer,
    country         varchar,
    owner_id        varchar,
    lead_source_raw varchar,
    created_at      timestamptz,
    updated_at      timestamptz,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.contact (
    contact_id      varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    account_id      varchar,
    email           varchar,              -- lower case
    first_name      varchar,
    last_name       varchar,
    lifecycle_stage varchar,
    lead_status     varchar,
    lead_source_raw varchar,
    owner_id        varchar,
    created_at      timestamptz,
    updated_at      timestamptz,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.lead (
    lead_id              varchar not null,
    source_system        varchar not null,
    source_id            varchar not null,
    contact_id           varchar,         -- HubSpot: the contact that is the lead
    account_id           varchar,
    email                varchar,
    created_at           timestamptz,
    owner_id             varchar,
    status               varchar,
    lead_source_raw      varchar,
    campaign_id          varchar,
    is_converted         boolean,
    converted_at         timestamptz,
    converted_account_id varchar,
    converted_contact_id varchar,
    converted_deal_id    varchar,
    is_deleted           boolean not null,
    synced_at            timestamptz not null
);

create table if not exists core.pipeline (
    pipeline_id     varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    object_type     varchar not null,     -- deal | ticket
    name            varchar,
    display_order   integer,
    is_active       boolean,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.stage (
    stage_id                  varchar not null,
    source_system             varchar not null,
    source_id                 varchar not null,
    pipeline_id               varchar,
    name                      varchar,
    display_order             integer,
    probability_raw           varchar,
    probability               double,     -- 0-1
    is_closed                 boolean,
    is_won                    boolean,
    forecast_category_default varchar,
    is_active                 boolean,
    is_deleted                boolean not null,
    synced_at                 timestamptz not null
);

create table if not exists core.deal (
    deal_id            varchar not null,
    source_system      varchar not null,
    source_id          varchar not null,
    name               varchar,
    pipeline_id        varchar,
    stage_id           varchar,
    status             varchar,           -- open | won | lost
    amount             decimal(18,2),
    currency_code      varchar,
    amount_home        decimal(18,2),     -- the vendor's own home-currency amount, when it gives one
    probability_raw    varchar,
    probability        double,            -- 0-1
    forecast_category  varchar,
    created_at         timestamptz,
    close_date         date,              -- expected while open, actual once closed
    closed_at          timestamptz,
    updated_at         timestamptz,
    owner_id           varchar,
    account_id         varchar,
    primary_contact_id varchar,
    campaign_id        varchar,
    lead_source_raw    varchar,
    deal_type          varchar,           -- new | existing | renewal
    lost_reason_raw    varchar,
    merged_into_id     varchar,           -- set on losers of a vendor-side merge; they are not counted
    is_deleted         boolean not null,
    synced_at          timestamptz not null
);

create table if not exists core.deal_contact (
    deal_id         varchar not null,
    contact_id      varchar not null,
    source_system   varchar not null,
    synced_at       timestamptz not null
);

create table if not exists core.deal_stage_history (
    deal_id         varchar not null,
    source_system   varchar not null,
    seq             integer not null,
    pipeline_id     varchar,
    stage_id        varchar not null,
    entered_at      timestamptz not null,
    exited_at       timestamptz,
    origin          varchar not null,      -- history | inferred
    synced_at       timestamptz not null
);

create table if not exists core.activity (
    activity_id     varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    type            varchar not null,      -- call | email | meeting | task | note
    subtype         varchar,
    direction       varchar,               -- inbound | outbound
    subject         varchar,
    owner_id        varchar,
    deal_id         varchar,
    contact_id      varchar,
    account_id      varchar,
    created_at      timestamptz,
    occurred_at     timestamptz,           -- the engagement's own timestamp (hs_timestamp)
    due_at          timestamptz,
    completed_at    timestamptz,
    is_done         boolean,
    outcome_raw     varchar,
    duration_s      integer,
    recording_url   varchar,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.product (
    product_id            varchar not null,
    source_system         varchar not null,
    source_id             varchar not null,
    name                  varchar,
    sku                   varchar,
    family                varchar,
    unit_price            decimal(18,2),
    unit_cost             decimal(18,2),
    currency_code         varchar,
    is_recurring          boolean,
    billing_period_months integer,
    is_deleted            boolean not null,
    synced_at             timestamptz not null
);

create table if not exists core.line_item (
    line_item_id          varchar not null,
    source_system         varchar not null,
    source_id             varchar not null,
    deal_id               varchar,
    product_id            varchar,
    name                  varchar,
    quantity              decimal(18,4),
    unit_price            decimal(18,2),
    discount_amount       decimal(18,2),
    line_amount           decimal(18,2),   -- quantity x unit_price - discount
    currency_code         varchar,
    is_recurring          boolean,
    billing_period_months integer,
    is_deleted            boolean not null,
    synced_at             timestamptz not null
);

create table if not exists core.campaign (
    campaign_id     varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    name            varchar,
    type            varchar,
    channel         varchar,
    start_date      date,
    end_date        date,
    budgeted_cost   decimal(18,2),
    actual_cost     decimal(18,2),
    currency_code   varchar,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);

create table if not exists core.campaign_member (
    campaign_id        varchar not null,
    source_system      varchar not null,
    source_id          varchar not null,
    contact_id         varchar,
    lead_id            varchar,
    status             varchar,
    has_responded      boolean,
    first_responded_at timestamptz,
    is_deleted         boolean not null,
    synced_at          timestamptz not null
);

create table if not exists core.email_campaign (
    email_campaign_id varchar not null,
    source_system     varchar not null,
    source_id         varchar not null,
    campaign_id       varchar,
    name              varchar,
    subject           varchar,
    sent_at           timestamptz,
    sent              bigint,
    delivered         bigint,
    opened            bigint,
    clicked           bigint,
    bounced           bigint,
    unsubscribed      bigint,
    spam_reports      bigint,
    is_deleted        boolean not null,
    synced_at         timestamptz not null
);

create table if not exists core.email_event (
    event_id          varchar not null,
    source_system     varchar not null,
    source_id         varchar not null,
    email_campaign_id varchar,
    contact_id        varchar,
    event_type        varchar,             -- SENT, DELIVERED, OPEN, CLICK, BOUNCE, ...
    occurred_at       timestamptz,
    is_deleted        boolean not null,
    synced_at         timestamptz not null
);

create table if not exists core.ticket (
    ticket_id          varchar not null,
    source_system      varchar not null,
    source_id          varchar not null,
    subject            varchar,
    account_id         varchar,
    contact_id         varchar,
    product_id         varchar,
    owner_id           varchar,
    pipeline_id        varchar,
    stage_id           varchar,
    type               varchar,
    priority           varchar,
    status             varchar,            -- open | solved | closed (normalized), raw stage in stage_id
    channel            varchar,
    reason_raw         varchar,
    is_return_request  boolean,
    created_at         timestamptz,
    solved_at          timestamptz,
    is_deleted         boolean not null,
    synced_at          timestamptz not null
);

create table if not exists core.goal (
    goal_id         varchar not null,
    source_system   varchar not null,
    source_id       varchar not null,
    name            varchar,
    metric          varchar,               -- e.g. revenue
    assignee_type   varchar,               -- owner | team | company
    assignee_id     varchar,
    period_start    date,
    period_end      date,
    target_value    decimal(18,2),
    currency_code   varchar,
    is_deleted      boolean not null,
    synced_at       timestamptz not null
);
