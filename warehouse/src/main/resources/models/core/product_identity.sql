-- Canonical products across sources, so that a product on a help desk's ticket meets the same product on the sales
-- CRMs' line items: products with the same normalized SKU (lower case, letters and digits only) are one product; a
-- product without a SKU (a help desk's product drop-down, known by its label) is the product with a SKU whose
-- normalized name (lower case, words of letters and digits) it has, else one product with the others of its name.
-- The canonical record is the group's lowest product_id. Deleted products are left out.
-- grain: one row per product_id
-- unique: product_id
-- test one_primary_per_product: select canonical_product_id, count(*) from core.product_identity where is_primary_record group by 1 having count(*) <> 1
-- test canonical_maps_to_itself: select * from core.product_identity where is_primary_record and canonical_product_id <> product_id

with

products as (
    select * from core.product
),

live_products as (
    select
        product_id,
        source_system,
        name,
        nullif(regexp_replace(lower(trim(sku)), '[^a-z0-9]+', '', 'g'), '') as sku_key,
        nullif(trim(regexp_replace(lower(name), '[^a-z0-9]+', ' ', 'g')), '') as name_key
    from products
    where not is_deleted
),

sku_of_name as (
    select
        name_key,
        min(sku_key) as sku_key
    from live_products
    where sku_key is not null
      and name_key is not null
    group by name_key
    having count(distinct sku_key) = 1
),

keyed as (
    select
        p.*,
        coalesce('sku:' || p.sku_key, 'sku:' || n.sku_key, 'name:' || p.name_key, 'product:' || p.product_id)
            as match_key
    from live_products as p
    left join sku_of_name as n
        on p.sku_key is null
        and n.name_key = p.name_key
),

final as (
    select
        product_id,
        source_system,
        name,
        match_key,
        min(product_id) over (partition by match_key) as canonical_product_id,
        product_id = min(product_id) over (partition by match_key) as is_primary_record
    from keyed
)

select * from final
