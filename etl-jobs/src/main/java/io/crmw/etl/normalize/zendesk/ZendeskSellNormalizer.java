package io.crmw.etl.normalize.zendesk;

import static io.crmw.etl.normalize.Derivations.DEAL_CLOSED_AT_FROM_HISTORY;
import static io.crmw.etl.normalize.Derivations.DEAL_OPEN_NOT_CLOSED;
import static io.crmw.etl.normalize.Derivations.DEAL_PIPELINE_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_PROBABILITY_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_DELETE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_INSERT;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_CURRENCY_FROM_DEAL;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_DELETED_WITH_DEAL;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_FROM_PRODUCT;
import static io.crmw.etl.normalize.Derivations.live;
import static io.crmw.etl.normalize.zendesk.ZendeskRecord.TOMBSTONES;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.StreamNormalizer;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ActivityRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.LineItemRow;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.ProductRow;
import io.crmw.etl.normalize.core.StageRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Zendesk Sell's streams (docs/zendesk.md) in dependency order. Users → owners; pipelines and stages (a stage's
 * {@code category} won / lost closes it, {@code likelihood} is a percent); contacts → accounts when
 * {@code is_organization}, else contacts of their organization ({@code contact_id}); leads; products (first price);
 * deals: stage, value and currency, {@code customized_win_likelihood} (else the stage's), close date
 * {@code estimated_close_date}, status and pipeline from the stage, source and loss reason named through the
 * {@code deal_sources} and {@code loss_reasons} lookups; an order's line items (the connector's {@code line_items}
 * record: {@code {order_id, deal_id, data: [...]}}) become its deal's line items; calls (outcome through
 * {@code call_outcomes}), tasks and notes → activities ({@code call-}, {@code task-}, {@code note-} ids: Sell numbers
 * them separately). Deletes arrive as thin tombstones (the Firehose, the ids-only pass): flagged, not mapped.
 */
public final class ZendeskSellNormalizer implements CrmNormalizer {

    @Override
    public String sourceType() {
        return "zendesk-sell";
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                TOMBSTONES.stream("users", OwnerRow.TABLE, raw -> {
                    ZendeskRecord r = new ZendeskRecord(raw);
                    return Normalized.of(CoreWrite.row(OwnerRow.TABLE, r.id(), new OwnerRow(r.coreId("owner", r.id()),
                            r.source(), r.id(), r.text("name"), r.f.lower("email"), null,
                            !r.deleted() && "active".equals(r.f.lower("status")), r.deleted(), r.syncedAt())));
                }),
                TOMBSTONES.stream("pipelines", PipelineRow.TABLE, raw -> {
                    ZendeskRecord r = new ZendeskRecord(raw);
                    return Normalized.of(CoreWrite.row(PipelineRow.TABLE, r.id(), new PipelineRow(
                            r.coreId("pipeline", r.id()), r.source(), r.id(), "deal", r.text("name"), null,
                            !Boolean.TRUE.equals(r.f.bool("disabled")), r.deleted(), r.syncedAt())));
                }),
                TOMBSTONES.stream("stages", StageRow.TABLE, ZendeskSellNormalizer::stage),
                new StreamNormalizer("contacts", TOMBSTONES.skippingThin(ZendeskSellNormalizer::contact),
                        List.of(TOMBSTONES.flagSql(AccountRow.TABLE), TOMBSTONES.flagSql(ContactRow.TABLE))),
                TOMBSTONES.stream("leads", LeadRow.TABLE, ZendeskSellNormalizer::lead,
                        named("lead", "lead_source_raw", "lead_id", "lead", "source_id", "lead_sources")),
                TOMBSTONES.stream("products", ProductRow.TABLE, ZendeskSellNormalizer::product),
                TOMBSTONES.stream("deals", DealRow.TABLE, ZendeskSellNormalizer::deal, DEAL_PIPELINE_FROM_STAGE,
                        DEAL_STATUS_FROM_STAGE, DEAL_PROBABILITY_FROM_STAGE,
                        named("deal", "lead_source_raw", "deal_id", "deal", "source_id", "deal_sources"),
                        named("deal", "lost_reason_raw", "deal_id", "deal", "loss_reason_id", "loss_reasons"),
                        HISTORY_INFERRED_DELETE, HISTORY_INFERRED_INSERT, DEAL_CLOSED_AT_FROM_HISTORY,
                        DEAL_OPEN_NOT_CLOSED),
                new StreamNormalizer("line_items", TOMBSTONES.skippingThin(ZendeskSellNormalizer::lineItems),
                        List.of(LINE_ITEM_FROM_PRODUCT, LINE_ITEM_CURRENCY_FROM_DEAL, LINE_ITEM_DELETED_WITH_DEAL)),
                activities("calls", "call", named("activity", "outcome_raw", "activity_id", "activity:call-",
                        "outcome_id", "call_outcomes")),
                activities("tasks", "task"),
                activities("notes", "note"));
    }

    /**
     * Sets {@code core.<table>.<column>} to the {@code name} of the {@code lookup} record whose id the step's raw
     * records hold in {@code field} (a deal's {@code source_id} → {@code deal_sources}).
     */
    static String named(String table, String column, String key, String entity, String field, String lookup) {
        return """
                update core.%1$s t
                set %2$s = s.name, synced_at = greatest(t.synced_at, s._extracted_at)
                from (select {source} || ':%4$s%7$s' || x._id as id, nullif(trim(l.payload->>'name'), '') as name,
                             greatest(x._extracted_at, l._extracted_at) as _extracted_at
                      from %5$s x
                      join %6$s l on l._id = trim(x.payload->>'%8$s')) s
                where t.source_system = {source} and t.%3$s = s.id and t.%2$s is distinct from s.name"""
                .formatted(table, column, key, entity, live("{raw_table}"), live("{raw:" + lookup + "}"),
                        entity.endsWith("-") ? "" : ":", field);
    }

    static Normalized stage(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        String category = r.f.lower("category");
        return Normalized.of(CoreWrite.row(StageRow.TABLE, r.id(), new StageRow(r.coreId("stage", r.id()), r.source(),
                r.id(), r.ref("pipeline", "pipeline_id"), r.text("name"), r.f.integer("position"),
                r.text("likelihood"), Vocabulary.percentFraction(r.f.number("likelihood")),
                category == null ? null : category.equals("won") || category.equals("lost"),
                category == null ? null : category.equals("won"), null, r.f.bool("active"), r.deleted(),
                r.syncedAt())));
    }

    /** An organization → account, a person → contact; the other table's row of the same id is dropped. */
    static Normalized contact(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        Instant created = r.instant("created_at");
        if (Boolean.TRUE.equals(r.f.bool("is_organization"))) {
            AccountRow account = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(), r.text("name"),
                    Vocabulary.domain(r.text("website")), r.text("industry"), null, r.nested("address", "country"),
                    r.ref("owner", "owner_id"), null, created, r.instant("updated_at"), r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), account),
                    new CoreWrite(ContactRow.TABLE, "source_id", r.id(), List.of()));
        }
        ContactRow contact = new ContactRow(r.coreId("contact", r.id()), r.source(), r.id(),
                r.ref("account", "contact_id"), r.f.lower("email"), r.text("first_name"), r.text("last_name"),
                "current".equals(r.f.lower("customer_status")) ? "customer" : null, null, null,
                r.ref("owner", "owner_id"), created, r.instant("updated_at"), r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(ContactRow.TABLE, r.id(), contact),
                new CoreWrite(AccountRow.TABLE, "source_id", r.id(), List.of()));
    }

    static Normalized lead(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        return Normalized.of(CoreWrite.row(LeadRow.TABLE, r.id(), new LeadRow(r.coreId("lead", r.id()), r.source(),
                r.id(), null, null, r.f.lower("email"), r.instant("created_at"), r.ref("owner", "owner_id"),
                r.f.lower("status"), null, null, null, null, null, null, null, r.deleted(), r.syncedAt())));
    }

    static Normalized product(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        JsonNode prices = raw.payload().path("prices");
        Fields price = new Fields(raw, prices.isArray() && !prices.isEmpty() ? prices.get(0) : null);
        return Normalized.of(CoreWrite.row(ProductRow.TABLE, r.id(), new ProductRow(r.coreId("product", r.id()),
                r.source(), r.id(), r.text("name"), r.text("sku"), null, price.decimal("amount", 2),
                r.f.decimal("cost", 2), Vocabulary.upper(price.text("currency")), null, null,
                r.deleted() || Boolean.FALSE.equals(r.f.bool("active")), r.syncedAt())));
    }

    static Normalized deal(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        String contact = r.text("contact_id");
        String organization = r.text("organization_id");
        DealRow deal = new DealRow(r.coreId("deal", r.id()), r.source(), r.id(), r.text("name"), null,
                r.ref("stage", "stage_id"), null, r.f.decimal("value", 2), Vocabulary.upper(r.text("currency")), null,
                r.text("customized_win_likelihood"), Vocabulary.percentFraction(r.f.number("customized_win_likelihood")),
                null, r.instant("created_at"), r.f.date("estimated_close_date"), null, r.instant("updated_at"),
                r.ref("owner", "owner_id"), r.coreId("account", organization),
                contact == null || contact.equals(organization) ? null : r.coreId("contact", contact), null, null,
                null, null, null, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(DealRow.TABLE, r.id(), deal), DealContactRow.ofPrimaryContact(deal));
    }

    /** An order's lines → its deal's line items, replaced as a set; discount = quantity × price − value. */
    static Normalized lineItems(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        String dealId = r.ref("deal", "deal_id");
        List<LineItemRow> rows = new ArrayList<>();
        for (JsonNode item : raw.payload().path("data")) {
            Fields li = new Fields(raw, item);
            String id = li.text("id");
            BigDecimal quantity = li.decimal("quantity", 4);
            BigDecimal price = li.decimal("price", 2);
            BigDecimal value = li.decimal("value", 2);
            BigDecimal discount = quantity == null || price == null || value == null ? null
                    : quantity.multiply(price).subtract(value).setScale(2, RoundingMode.HALF_UP).max(BigDecimal.ZERO);
            rows.add(new LineItemRow(r.coreId("line_item", id), r.source(), id, dealId,
                    r.coreId("product", li.text("product_id")), li.text("name"), quantity, price, discount, value,
                    Vocabulary.upper(li.text("currency")), null, null, r.deleted(), r.syncedAt()));
        }
        return Normalized.of(CoreWrite.children(LineItemRow.TABLE, "deal_id", dealId, rows));
    }

    private static StreamNormalizer activities(String stream, String type, String... finishSql) {
        List<String> sql = new ArrayList<>();
        sql.add(TOMBSTONES.flagSql(ActivityRow.TABLE, "source_id", "'" + type + "-' || _id"));
        sql.addAll(List.of(finishSql));
        return new StreamNormalizer(stream, TOMBSTONES.skippingThin(raw -> activity(raw, type)), sql);
    }

    /** A call, task or note; its deal or contact is its {@code resource_type} / {@code resource_id}. */
    static Normalized activity(RawRow raw, String type) {
        ZendeskRecord r = new ZendeskRecord(raw);
        String sourceId = type + "-" + r.id();
        String resource = r.f.lower("resource_type");
        String deal = "deal".equals(resource) ? r.text("resource_id") : null;
        String contact = "contact".equals(resource) ? r.text("resource_id") : null;
        Instant created = r.instant("created_at");
        boolean call = type.equals("call");
        boolean done = !type.equals("task") || Boolean.TRUE.equals(r.f.bool("completed"));
        Instant at = call ? r.instant("made_at") : type.equals("task") ? r.instant("due_date") : created;
        ActivityRow row = new ActivityRow(r.coreId("activity", sourceId), r.source(), sourceId, type, null,
                call ? (Boolean.TRUE.equals(r.f.bool("incoming")) ? "inbound" : "outbound") : null,
                Vocabulary.firstLine(r.firstText("summary", "content")),
                r.coreId("owner", r.firstText("user_id", "owner_id", "creator_id")), r.coreId("deal", deal),
                r.coreId("contact", contact), null, created, at != null ? at : created,
                type.equals("task") ? r.instant("due_date") : null,
                type.equals("task") ? r.instant("completed_at") : done ? at : null, done, null,
                call ? r.f.integer("duration") : null, call ? r.text("recording_url") : null, r.deleted(),
                r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, sourceId, row));
    }
}
