package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.LineItemRow;
import io.crmw.etl.normalize.core.ProductRow;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code Product2} → {@code core.product} and {@code OpportunityLineItem} → {@code core.line_item}.
 *
 * <p>A product's price lives on its {@code PricebookEntry} rows, and a line item may name only its
 * {@code PricebookEntryId}: both are filled in set-based from the landed pricebook entries (finishing SQL).
 * The unit cost and recurring billing are custom fields when an org has them ({@code Unit_Cost__c},
 * {@code Billing_Period_Months__c} / {@code Billing_Frequency__c}, …). {@code Discount} is a percent of
 * quantity × unit price; discount_amount is that amount, line_amount is {@code TotalPrice}.
 */
final class SalesforceProductMapper {

    static final String[] UNIT_COST_FIELDS = {"Unit_Cost__c", "UnitCost__c", "Cost__c", "Cost_Price__c", "Unit_Cost_Price__c"};
    static final String[] MONTHS_FIELDS = {"Billing_Period_Months__c", "Billing_Months__c", "Subscription_Term_Months__c"};
    static final String[] FREQUENCY_FIELDS = {"Billing_Frequency__c", "Billing_Period__c", "Recurring_Billing_Frequency__c"};

    private SalesforceProductMapper() {}

    static RecordMapper products() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            Integer months = billingMonths(r);
            ProductRow row = new ProductRow(r.coreId("product", r.id()), r.source(), r.id(), r.text("Name"),
                    r.text("ProductCode"), r.text("Family"),
                    null, // unit price: from its pricebook entries (finishing SQL)
                    decimal(r, UNIT_COST_FIELDS), Vocabulary.upper(r.text("CurrencyIsoCode")),
                    recurring(r, months), months, r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(ProductRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper lineItems() {
        return SalesforceProductMapper::lineItem;
    }

    static Normalized lineItem(RawRow raw) {
        SalesforceRecord r = new SalesforceRecord(raw);
        BigDecimal quantity = r.f.decimal("Quantity", 4);
        BigDecimal unitPrice = r.f.decimal("UnitPrice", 2);
        BigDecimal gross = quantity == null || unitPrice == null ? null : quantity.multiply(unitPrice);
        BigDecimal discountPct = r.f.decimal("Discount", 4);
        BigDecimal discount = gross == null || discountPct == null ? null
                : gross.multiply(discountPct).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        BigDecimal total = r.f.decimal("TotalPrice", 2);
        if (total == null && gross != null) {
            total = gross.subtract(discount == null ? BigDecimal.ZERO : discount).setScale(2, RoundingMode.HALF_UP);
        }
        Integer months = billingMonths(r);
        String name = r.text("Name");
        if (name == null) {
            name = r.f.node().path("Product2").isObject()
                    ? new io.crmw.etl.normalize.Fields(raw, r.f.node().path("Product2")).text("Name") : null;
        }
        LineItemRow row = new LineItemRow(r.coreId("line_item", r.id()), r.source(), r.id(),
                r.ref("deal", "OpportunityId"),
                r.ref("product", "Product2Id"), // else through its PricebookEntryId (finishing SQL)
                name, quantity, unitPrice, discount, total, Vocabulary.upper(r.text("CurrencyIsoCode")),
                months == null ? null : recurring(r, months), months, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(LineItemRow.TABLE, r.id(), row));
    }

    private static BigDecimal decimal(SalesforceRecord r, String... fields) {
        for (String field : fields) {
            BigDecimal v = r.f.node().has(field) ? r.f.decimal(field, 2) : null;
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Boolean recurring(SalesforceRecord r, Integer months) {
        Boolean flag = null;
        for (String field : new String[] {"Is_Recurring__c", "IsRecurring__c", "Recurring__c"}) {
            if (r.f.node().has(field) && (flag = r.f.bool(field)) != null) {
                return flag;
            }
        }
        return months != null ? Boolean.TRUE : null;
    }

    /** Months between invoices from a months field or a frequency picklist (Monthly, Quarterly, Annual, …). */
    static Integer billingMonths(SalesforceRecord r) {
        for (String field : MONTHS_FIELDS) {
            if (r.f.node().has(field)) {
                Integer m = r.f.integer(field);
                if (m != null && m > 0) {
                    return m;
                }
            }
        }
        return Vocabulary.billingMonths(r.firstText(FREQUENCY_FIELDS));
    }
}
