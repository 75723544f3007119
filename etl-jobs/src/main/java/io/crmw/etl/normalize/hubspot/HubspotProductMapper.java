package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.LineItemRow;
import io.crmw.etl.normalize.core.ProductRow;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** HubSpot products → {@code core.product} and line items → {@code core.line_item}. */
public final class HubspotProductMapper {

    private HubspotProductMapper() {}

    public static RecordMapper products() {
        return raw -> {
            HubspotRecord r = new HubspotRecord(raw);
            Fields p = r.props;
            Integer months = Vocabulary.billingMonths(p.text("recurringbillingfrequency"));
            ProductRow row = new ProductRow(r.coreId("product", r.id()), r.source(), r.id(), p.text("name"),
                    p.text("hs_sku"), null, p.decimal("price", 2), p.decimal("hs_cost_of_goods_sold", 2),
                    Vocabulary.upper(p.text("hs_currency")), p.text("recurringbillingfrequency") != null, months,
                    r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(ProductRow.TABLE, r.id(), row));
        };
    }

    public static RecordMapper lineItems() {
        return HubspotProductMapper::lineItem;
    }

    static Normalized lineItem(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        BigDecimal quantity = p.decimal("quantity", 4);
        BigDecimal price = p.decimal("price", 2);
        BigDecimal discount = p.decimal("discount", 2);
        BigDecimal amount = p.decimal("amount", 2);
        if (amount == null && quantity != null && price != null) {
            amount = quantity.multiply(price).subtract(discount == null ? BigDecimal.ZERO : discount)
                    .setScale(2, RoundingMode.HALF_UP);
        }
        LineItemRow row = new LineItemRow(r.coreId("line_item", r.id()), r.source(), r.id(),
                r.firstAssociated("deals", "deal"), r.coreId("product", p.text("hs_product_id")), p.text("name"),
                quantity, price, discount, amount, Vocabulary.upper(p.text("currency")),
                p.text("recurringbillingfrequency") != null,
                Vocabulary.billingMonths(p.text("recurringbillingfrequency")), r.deleted(), r.syncedAt(),
                termMonths(p.text("hs_recurring_billing_period")));
        return Normalized.of(CoreWrite.row(LineItemRow.TABLE, r.id(), row));
    }

    /** HubSpot {@code hs_recurring_billing_period} (an ISO-8601 period such as {@code P12M} or {@code P1Y}) → months. */
    static Integer termMonths(String period) {
        if (period == null || period.isBlank()) {
            return null;
        }
        try {
            long months = java.time.Period.parse(period.trim()).toTotalMonths();
            return months > 0 ? (int) months : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
