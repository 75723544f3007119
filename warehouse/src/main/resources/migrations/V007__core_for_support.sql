-- Help desks (Zendesk Support): a ticket's customer satisfaction rating, as the vendor words it (Zendesk: good, bad,
-- offered = asked without an answer, unoffered = never asked). R12 counts the good and bad ones per product.

alter table core.ticket add column if not exists satisfaction_score varchar;
