package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.TicketRow;

/**
 * A HubSpot ticket → {@code core.ticket}. Status (open / closed, from the stage's ticketState) and the
 * product (matched by the custom {@code product_sku} property against {@code core.product.sku}) are resolved
 * set-based by {@link HubspotNormalizer}'s finishing SQL; the row keeps the SKU in product_sku, so that the product is
 * found again on every run (one landing after the ticket was normalized, or deleted since).
 */
public final class HubspotTicketMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        String sku = p.text("product_sku");
        String category = p.text("hs_ticket_category");
        TicketRow row = new TicketRow(r.coreId("ticket", r.id()), r.source(), r.id(), p.text("subject"),
                r.firstAssociated("companies", "account"), r.firstAssociated("contacts", "contact"),
                null, r.coreId("owner", p.text("hubspot_owner_id")),
                r.coreId("pipeline", p.text("hs_pipeline")), r.coreId("stage", p.text("hs_pipeline_stage")),
                category, p.text("hs_ticket_priority"), null, p.text("source_type"), category,
                p.bool("return_requested"), // the portal's custom property; null (unknown) when the portal has none
                r.instant("createdate", "createdAt"), p.instant("closed_date"), r.deleted(), r.syncedAt())
                .withProductSku(sku);
        return Normalized.of(CoreWrite.row(TicketRow.TABLE, r.id(), row));
    }
}
