-- Canonical contacts across sources: contacts with the same lower-cased, trimmed e-mail are one person. The
-- canonical record is the earliest-created of the group (ties: lowest contact_id) and carries is_primary_record;
-- a contact without an e-mail is its own person. canonical_account_id maps the contact's account through
-- core.account_identity. Deleted contacts are left out.
-- grain: one row per contact_id
-- unique: contact_id
-- not_null: contact_id, canonical_contact_id
-- relationships: contact_id -> core.contact.contact_id
-- relationships: canonical_contact_id -> core.contact_identity.contact_id
-- test one_primary_per_person: select canonical_contact_id, count(*) from core.contact_identity where is_primary_record group by 1 having count(*) <> 1
-- test canonical_maps_to_itself: select * from core.contact_identity where is_primary_record and canonical_contact_id <> contact_id

with

contacts as (
    select * from core.contact
),

account_identity as (
    select * from core.account_identity
),

keyed as (
    select
        contact_id,
        source_system,
        source_id,
        account_id,
        created_at,
        nullif(lower(trim(email)), '') as email_normalized,
        coalesce('email:' || nullif(lower(trim(email)), ''), 'contact:' || contact_id) as match_key
    from contacts
    where not is_deleted
),

ranked as (
    select
        *,
        first_value(contact_id) over (
            partition by match_key
            order by created_at nulls last, contact_id
        ) as canonical_contact_id,
        count(*) over (partition by match_key) as records_in_group
    from keyed
),

final as (
    select
        r.contact_id,
        r.source_system,
        r.source_id,
        r.email_normalized,
        r.match_key,
        r.canonical_contact_id,
        r.contact_id = r.canonical_contact_id as is_primary_record,
        r.records_in_group,
        r.account_id,
        a.canonical_account_id
    from ranked as r
    left join account_identity as a on a.account_id = r.account_id
)

select * from final
