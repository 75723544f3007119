-- Canonical accounts across sources: accounts with the same normalized domain (lower case, no scheme, no 'www.',
-- no path) are one customer. The canonical record is the earliest-created of the group (ties: lowest account_id);
-- it carries is_primary_record. An account without a domain is its own customer. With one source every account
-- maps to itself unless that source holds duplicates of a domain. Deleted accounts are left out.
-- Customer-level reports count customers by canonical_account_id.
-- grain: one row per account_id
-- unique: account_id
-- not_null: account_id, source_system, match_key, canonical_account_id
-- relationships: account_id -> core.account.account_id
-- relationships: canonical_account_id -> core.account_identity.account_id
-- test one_primary_per_customer: select canonical_account_id, count(*) from core.account_identity where is_primary_record group by 1 having count(*) <> 1
-- test canonical_maps_to_itself: select * from core.account_identity where is_primary_record and canonical_account_id <> account_id

with

accounts as (
    select * from core.account
),

live_accounts as (
    select
        account_id,
        source_system,
        source_id,
        name,
        created_at,
        nullif(
            regexp_replace(
                regexp_replace(lower(trim(domain)), '^[a-z]+://', ''),
                '^www\.|/.*$', '', 'g'),
            '') as domain_normalized
    from accounts
    where not is_deleted
),

keyed as (
    select
        *,
        coalesce('domain:' || domain_normalized, 'account:' || account_id) as match_key
    from live_accounts
),

ranked as (
    select
        *,
        first_value(account_id) over (
            partition by match_key
            order by created_at nulls last, account_id
        ) as canonical_account_id,
        count(*) over (partition by match_key) as records_in_group
    from keyed
),

final as (
    select
        account_id,
        source_system,
        source_id,
        name,
        domain_normalized,
        match_key,
        canonical_account_id,
        account_id = canonical_account_id as is_primary_record,
        records_in_group
    from ranked
)

select * from final
