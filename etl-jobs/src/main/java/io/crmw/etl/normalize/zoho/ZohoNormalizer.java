package io.crmw.etl.normalize.zoho;

import static io.crmw.etl.normalize.Derivations.DEAL_CLOSED_AT_FROM_HISTORY;
import static io.crmw.etl.normalize.Derivations.DEAL_FORECAST_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_OPEN_NOT_CLOSED;
import static io.crmw.etl.normalize.Derivations.DEAL_PROBABILITY_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_DELETE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_INSERT;
import static io.crmw.etl.normalize.Derivations.HISTORY_PIPELINE_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_FROM_PRODUCT;
import static io.crmw.etl.normalize.Derivations.live;
import static io.crmw.etl.normalize.zoho.ZohoRecord.TOMBSTONES;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.CrmRates;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.StreamNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Zoho CRM's streams (docs/zoho.md) in dependency order, with the set-based SQL that finishes what a per-record
 * mapper cannot know: the shared {@link io.crmw.etl.normalize.Derivations} (a deal's status, probability and
 * forecast category from its stage, inferred history, closed_at, a line item's name and currency) and Zoho's own:
 * stage probabilities from {@code deal_stages}, the home currency from {@code currencies} / {@code org}, history
 * stages placed in their deal's pipeline, and line items from sales orders.
 *
 * <p>Line items come from {@code sales_orders} only (Zoho deals have no products of their own): every item of a
 * live, not cancelled sales order whose {@code Deal_Name} names a deal, so a deal with several orders has all
 * their lines and a changed or deleted order replaces them. Quotes are offers, not sales, and an invoice normally
 * follows its sales order, so reading them too would count lines twice. {@code fields}, {@code quotes} and
 * {@code invoices} have no core table; custom fields ({@code *__c}) are not needed by core.
 */
public final class ZohoNormalizer implements CrmNormalizer {

    /** Nothing to write per record: the stream is read set-based by its finishing SQL. */
    static final RecordMapper RAW_ONLY = raw -> Normalized.of();

    /**
     * A stage's probability (percent) and, where its pipeline gave none, its forecast type, by display value; only the
     * stages it changes, synced when the deal stage was (the stages are compared by content, not by synced_at alone).
     */
    static final String STAGE_FROM_DEAL_STAGES = """
            update core.stage s
            set probability_raw = p.probability_raw, probability = p.probability,
                is_closed = coalesce(s.is_closed, p.is_closed), is_won = coalesce(s.is_won, p.is_won),
                synced_at = greatest(s.synced_at, p._extracted_at)
            from (select coalesce(nullif(trim(payload->>'display_value'), ''), _id) as name, _extracted_at,
                         nullif(trim(payload->>'probability'), '') as probability_raw,
                         case when try_cast(payload->>'probability' as double) between 0 and 100
                              then try_cast(payload->>'probability' as double) / 100 end as probability,
                         lower(payload->>'forecast_type') like 'closed%%' as is_closed,
                         lower(payload->>'forecast_type') = 'closed won' as is_won
                  from %s) p
            where s.source_system = {source} and s.name = p.name
              and (s.probability_raw is distinct from p.probability_raw or s.probability is distinct from p.probability
                   or s.is_closed is null and p.is_closed is not null or s.is_won is null and p.is_won is not null)"""
            .formatted(live("{raw_table}"));

    /** A history row named by its stage's display value takes the stage of that name in its deal's pipeline. */
    static final String HISTORY_STAGE_IN_DEAL_PIPELINE = """
            update core.deal_stage_history h
            set stage_id = {source} || ':stage:' || substr(d.pipeline_id, length({source}) + 11) || ':'
                           || substr(h.stage_id, length({source}) + 13),
                synced_at = greatest(h.synced_at, d.synced_at)
            from core.deal d
            where h.source_system = {source} and d.deal_id = h.deal_id and d.pipeline_id is not null
              and starts_with(h.stage_id, {source} || ':stage-name:')""";

    /** The home currency: the base currency of {@code currencies}, else the org's. */
    static final String HOME_FROM_CURRENCIES = """
            (select upper(trim(payload->>'iso_code')) as iso from %s
             where lower(payload->>'is_base') = 'true' and nullif(trim(payload->>'iso_code'), '') is not null
             order by _id limit 1)""".formatted(live("{raw:currencies}"));

    /**
     * The org's currencies as rates: exchange_rate is units of the currency per 1 home (base) currency, the same
     * direction as a record's Exchange_Rate (home amount = Amount / Exchange_Rate); Zoho keeps no dated history.
     */
    static final List<String> ORG_RATES = CrmRates.replace("zoho_org", """
            select id as source_id, h.iso as base_currency, upper(trim(payload->>'iso_code')) as currency_code,
                   try_cast(payload->>'exchange_rate' as decimal(38,12)) as rate, 'per_base' as rate_quote,
                   date '0001-01-01' as valid_from, date '9999-12-31' as valid_to, _extracted_at as synced_at
            from (select *, coalesce(nullif(trim(payload->>'id'), ''), _id) as id from %s) c, %s h"""
            .formatted(live("{raw_table}"), HOME_FROM_CURRENCIES));

    static final String HOME_FROM_ORG = """
            (select upper(coalesce(nullif(trim(payload->>'iso_code'), ''),
                                   regexp_extract(payload->>'currency', '([A-Za-z]{3})\\s*$', 1))) as iso
             from %s order by _id limit 1)""".formatted(live("{raw:org}"));

    /** The home currency as one value: the base currency of {@code currencies}, else the org's (null when neither). */
    static final String HOME_CURRENCY = "coalesce((select nullif(iso, '') from %s), (select nullif(iso, '') from %s))"
            .formatted(HOME_FROM_CURRENCIES, HOME_FROM_ORG);

    static final String LINE_ITEMS_DELETE = "delete from core.line_item where source_system = {source}";

    /**
     * {@code Ordered_Items[]} of the latest live sales orders: List_Price × Quantity, Discount an amount; the line
     * amount is {@code Total_After_Discount}, else {@code Total} (before discount) − Discount ({@code Net_Total}
     * includes tax); the currency is the order's, else the deal's, else the home currency (written here, not filled
     * afterwards: the lines are written again every run, and a fill would date them anew each time). Lines of a deleted
     * deal are flagged. A line is synced when its order or its deal was, whichever is
     * later (a deal deleted after its order flags the lines again, for the report build to see).
     */
    static final String LINE_ITEMS_FROM_SALES_ORDERS = """
            insert into core.line_item (line_item_id, source_system, source_id, deal_id, product_id, name, quantity,
                                        unit_price, discount_amount, line_amount, currency_code, is_deleted,
                                        synced_at)
            select {source} || ':line_item:' || i.line_id, {source}, i.line_id, i.deal_id,
                   {source} || ':product:' || nullif(trim(i.item->'Product_Name'->>'id'), ''),
                   nullif(trim(i.item->'Product_Name'->>'name'), ''), i.quantity, i.unit_price, i.discount,
                   coalesce(try_cast(i.item->>'Total_After_Discount' as decimal(18,2)),
                            try_cast(i.item->>'Total' as decimal(18,2)) - coalesce(i.discount, 0),
                            i.quantity * i.unit_price - coalesce(i.discount, 0)),
                   coalesce(i.currency_code, d.currency_code, %s),
                   coalesce(d.is_deleted, false), greatest(i._extracted_at, d.synced_at)
            from (select o._extracted_at, o.item, nullif(trim(o.item->>'id'), '') as line_id,
                         {source} || ':deal:' || trim(o.payload->'Deal_Name'->>'id') as deal_id,
                         try_cast(o.item->>'Quantity' as decimal(18,4)) as quantity,
                         try_cast(o.item->>'List_Price' as decimal(18,2)) as unit_price,
                         try_cast(o.item->>'Discount' as decimal(18,2)) as discount,
                         upper(nullif(trim(o.payload->>'Currency'), '')) as currency_code
                  from (select _extracted_at, payload, unnest(json_extract(payload, '$.Ordered_Items[*]')) as item
                        from %s
                        where nullif(trim(payload->'Deal_Name'->>'id'), '') is not null
                          and coalesce(lower(trim(payload->>'Status')), '') <> 'cancelled') o) i
            left join core.deal d on d.deal_id = i.deal_id
            where i.line_id is not null""".formatted(HOME_CURRENCY, live("{raw_table}"));

    /** Rows of {@code core.<table>} without a currency are in the home currency (synced now: filled in place). */
    static List<String> currencyFromHome(String table) {
        return List.of("""
                update core.%1$s t set currency_code = %2$s, synced_at = greatest(t.synced_at, now())
                where t.source_system = {source} and t.currency_code is null and %2$s is not null"""
                .formatted(table, HOME_CURRENCY));
    }

    @Override
    public String sourceType() {
        return "zoho";
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                new StreamNormalizer("currencies", RAW_ONLY, ORG_RATES),
                TOMBSTONES.stream("roles", "team", ZohoPeopleMapper.roles()),
                TOMBSTONES.stream("users", "owner", ZohoPeopleMapper.users()),
                TOMBSTONES.stream("pipelines", "pipeline", ZohoPipelineMapper.pipelines()),
                StreamNormalizer.of("deal_stages", RAW_ONLY, STAGE_FROM_DEAL_STAGES),
                TOMBSTONES.stream("accounts", "account", ZohoAccountMapper.accounts()),
                TOMBSTONES.stream("contacts", "contact", ZohoAccountMapper.contacts()),
                stream("campaigns", "campaign", ZohoProductMapper.campaigns(), currencyFromHome("campaign")),
                stream("products", "product", ZohoProductMapper.products(), currencyFromHome("product")),
                TOMBSTONES.stream("leads", "lead", ZohoAccountMapper.leads()),
                stream("deals", "deal", new ZohoDealMapper(), concat(
                        List.of(DEAL_STATUS_FROM_STAGE, DEAL_PROBABILITY_FROM_STAGE, DEAL_FORECAST_FROM_STAGE),
                        currencyFromHome("deal"),
                        List.of(HISTORY_INFERRED_DELETE, HISTORY_INFERRED_INSERT, DEAL_CLOSED_AT_FROM_HISTORY,
                                DEAL_OPEN_NOT_CLOSED))),
                StreamNormalizer.of("deal_stage_history", TOMBSTONES.skippingThin(new ZohoStageHistoryMapper()),
                        HISTORY_STAGE_IN_DEAL_PIPELINE, HISTORY_PIPELINE_FROM_STAGE, DEAL_CLOSED_AT_FROM_HISTORY),
                new StreamNormalizer("sales_orders", RAW_ONLY, concat(
                        List.of(LINE_ITEMS_DELETE, LINE_ITEMS_FROM_SALES_ORDERS, LINE_ITEM_FROM_PRODUCT))),
                TOMBSTONES.stream("calls", "activity", ZohoActivityMapper.calls()),
                TOMBSTONES.stream("tasks", "activity", ZohoActivityMapper.tasks()),
                TOMBSTONES.stream("events", "activity", ZohoActivityMapper.events()));
    }

    private static StreamNormalizer stream(String stream, String table, RecordMapper mapper, List<String> finishSql) {
        return TOMBSTONES.stream(stream, table, mapper, finishSql.toArray(String[]::new));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
