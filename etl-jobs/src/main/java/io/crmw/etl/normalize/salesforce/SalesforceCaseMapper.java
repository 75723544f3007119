package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.TicketRow;
import java.util.Locale;

/**
 * A {@code Case} → {@code core.ticket}. Status: closed when {@code IsClosed} (or, without the flag, a status
 * named Closed), solved for a Resolved / Solved status, else open. Channel = {@code Origin}, reason_raw =
 * {@code Reason}; a return request is a case whose Type or Reason mentions a return. Cases have no pipeline.
 *
 * <p>Salesforce has no standard product on Case: a product lookup ({@code ProductId}, {@code Product2Id},
 * {@code Product__c}, {@code Product2__c} holding a 01t… id) is used as is; else a product code in a custom field
 * ({@code Product_Code__c}, {@code Product_SKU__c}) is kept in product_sku and resolved against
 * {@code core.product.sku} by finishing SQL on every run.
 */
final class SalesforceCaseMapper implements RecordMapper {

    static final String[] PRODUCT_FIELDS = {"ProductId", "Product2Id", "Product__c", "Product2__c"};
    static final String[] SKU_FIELDS = {"Product_Code__c", "Product_SKU__c", "ProductCode__c", "Product_Sku__c"};

    @Override
    public Normalized map(RawRow raw) {
        SalesforceRecord r = new SalesforceRecord(raw);
        String product = null;
        for (String field : PRODUCT_FIELDS) {
            product = r.refIf(field, SalesforceRecord.PRODUCT, "product");
            if (product != null) {
                break;
            }
        }
        String sku = product == null ? r.firstText(SKU_FIELDS) : null;
        String type = r.text("Type");
        String reason = r.text("Reason");
        String status = status(r.f.bool("IsClosed"), r.text("Status"));
        TicketRow row = new TicketRow(r.coreId("ticket", r.id()), r.source(), r.id(), r.text("Subject"),
                r.ref("account", "AccountId"), r.ref("contact", "ContactId"), product, r.owner("OwnerId"), null,
                null, type, r.text("Priority"), status, r.text("Origin"), reason,
                mentionsReturn(type) || mentionsReturn(reason), r.instant("CreatedDate"),
                "open".equals(status) ? null : r.instant("ClosedDate"), r.deleted(), r.syncedAt()).withProductSku(sku);
        return Normalized.of(CoreWrite.row(TicketRow.TABLE, r.id(), row));
    }

    static String status(Boolean isClosed, String status) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (Boolean.TRUE.equals(isClosed) || (isClosed == null && s.startsWith("closed"))) {
            return "closed";
        }
        if (s.equals("resolved") || s.equals("solved")) {
            return "solved";
        }
        return "open";
    }

    private static boolean mentionsReturn(String s) {
        return s != null && s.toLowerCase(Locale.ROOT).matches(".*\\b(return|rma|refund)\\b.*");
    }
}
