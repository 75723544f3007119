package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.CampaignRow;
import io.crmw.etl.normalize.core.ProductRow;

/**
 * Products → {@code core.product} ({@code Unit_Price}, {@code Product_Code} as SKU, {@code Product_Category} as
 * family; Zoho has no standard cost field, so the cost is the first of a few usual custom fields) and campaigns →
 * {@code core.campaign} ({@code Type}, {@code Start_Date} / {@code End_Date}, {@code Budgeted_Cost},
 * {@code Actual_Cost}). Without {@code Currency} (single-currency orgs) both are in the home currency (finishing
 * SQL). An inactive product ({@code Product_Active: false}) stays a product: core has no column for it, and its
 * past line items still need it.
 */
final class ZohoProductMapper {

    static final String[] COST_FIELDS = {"Unit_Cost", "Cost_Price", "Purchase_Cost", "Unit_Cost__c", "Cost__c"};

    private ZohoProductMapper() {}

    static RecordMapper products() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            String costField = null;
            for (String field : COST_FIELDS) {
                if (costField == null && r.text(field) != null) {
                    costField = field;
                }
            }
            ProductRow row = new ProductRow(r.coreId("product", r.id()), r.source(), r.id(), r.text("Product_Name"),
                    r.text("Product_Code"), r.text("Product_Category"), r.f.decimal("Unit_Price", 2),
                    costField == null ? null : r.f.decimal(costField, 2), Vocabulary.upper(r.text("Currency")), null,
                    null, r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(ProductRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper campaigns() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            CampaignRow row = new CampaignRow(r.coreId("campaign", r.id()), r.source(), r.id(),
                    r.text("Campaign_Name"), r.text("Type"), null, r.f.date("Start_Date"), r.f.date("End_Date"),
                    r.f.decimal("Budgeted_Cost", 2), r.f.decimal("Actual_Cost", 2),
                    Vocabulary.upper(r.text("Currency")), r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(CampaignRow.TABLE, r.id(), row));
        };
    }
}
