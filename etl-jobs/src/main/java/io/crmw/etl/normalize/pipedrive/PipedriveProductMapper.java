package io.crmw.etl.normalize.pipedrive;

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
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Products ({@code /api/v2/products}) → {@code core.product}, and a deal's products (the connector's
 * {@code deal_products} record: {@code {deal_id, update_time, data: [deal products]}}) → that deal's
 * {@code core.line_item} rows, replaced as a set, so a product removed from the deal disappears.
 *
 * <p>A product has one price per currency ({@code prices[{price, currency, cost}]}): its unit price, unit cost and
 * currency are the first (usually only) entry's. {@code billing_frequency} (one-time, weekly, monthly, quarterly,
 * semi-annually, annually) gives the billing period; a line's {@code billing_frequency_cycles} times it is its term.
 * A line's {@code discount} is a percentage of quantity × item price, or with {@code discount_type: amount} the
 * amount itself; its {@code sum} is the line amount. Lines with {@code is_enabled: false} do not count toward the
 * deal's value in Pipedrive and are left out.
 */
final class PipedriveProductMapper {

    private PipedriveProductMapper() {}

    static RecordMapper products() {
        return raw -> {
            PipedriveRecord r = new PipedriveRecord(raw);
            JsonNode prices = raw.payload().path("prices");
            Fields price = new Fields(raw, prices.isArray() && !prices.isEmpty() ? prices.get(0) : null);
            String frequency = r.text("billing_frequency");
            ProductRow row = new ProductRow(r.coreId("product", r.id()), r.source(), r.id(), r.text("name"),
                    r.text("code"), r.text("category"), price.decimal("price", 2), price.decimal("cost", 2),
                    Vocabulary.upper(price.text("currency")), recurring(frequency), Vocabulary.billingMonths(frequency),
                    r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(ProductRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper dealProducts() {
        return PipedriveProductMapper::dealProducts;
    }

    static Normalized dealProducts(RawRow raw) {
        PipedriveRecord r = new PipedriveRecord(raw);
        String deal = r.firstText("deal_id");
        String dealId = r.coreId("deal", deal != null ? deal : raw.id());
        List<LineItemRow> rows = new ArrayList<>();
        for (JsonNode item : raw.payload().path("data")) {
            Fields li = new Fields(raw, item);
            String id = li.text("id");
            if (id == null || Boolean.FALSE.equals(li.bool("is_enabled"))) {
                continue;
            }
            BigDecimal quantity = li.decimal("quantity", 4);
            BigDecimal price = li.decimal("item_price", 2);
            BigDecimal discount = discountAmount(quantity, price, li.decimal("discount", 4), li.lower("discount_type"));
            BigDecimal sum = li.decimal("sum", 2);
            if (sum == null && quantity != null && price != null) {
                sum = quantity.multiply(price).subtract(discount == null ? BigDecimal.ZERO : discount)
                        .setScale(2, RoundingMode.HALF_UP);
            }
            String frequency = li.text("billing_frequency");
            Integer months = Vocabulary.billingMonths(frequency);
            Integer cycles = li.integer("billing_frequency_cycles");
            rows.add(new LineItemRow(r.coreId("line_item", id), r.source(), id, dealId,
                    r.coreId("product", li.text("product_id")), li.text("name"), quantity, price, discount, sum,
                    Vocabulary.upper(li.text("currency")), recurring(frequency), months, r.deleted(), r.syncedAt(),
                    months != null && cycles != null && cycles > 0 ? months * cycles : null));
        }
        return Normalized.of(CoreWrite.children(LineItemRow.TABLE, "deal_id", dealId, rows));
    }

    /** The discount as an amount: a percentage (the default) of quantity × price, or the amount itself. */
    static BigDecimal discountAmount(BigDecimal quantity, BigDecimal price, BigDecimal discount, String type) {
        if (discount == null) {
            return null;
        }
        if ("amount".equals(type)) {
            return discount.setScale(2, RoundingMode.HALF_UP);
        }
        if (quantity == null || price == null) {
            return null;
        }
        return quantity.multiply(price).multiply(discount).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    /** Recurring unless billed once ({@code one-time}); unknown without a frequency. */
    private static Boolean recurring(String frequency) {
        return frequency == null ? null : !frequency.replaceAll("[^A-Za-z]", "").equalsIgnoreCase("onetime");
    }
}
