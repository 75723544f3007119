-- core.ticket.product_sku: the code a ticket names its product by (HubSpot's product_sku property, a Salesforce
-- case's product code field). product_id is resolved from it against core.product.sku on every run, so a product
-- that lands, or is deleted, after the ticket was normalized still counts: an unchanged ticket is never normalized
-- again, and the code used to be replaced by the product it matched (or by null when none had it yet) and lost.
-- renormalize: tickets, cases

alter table core.ticket add column if not exists product_sku varchar;
