package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.StreamNormalizer;
import java.util.List;

/**
 * Salesforce's streams (the connector's stream names) in dependency order, with the set-based SQL that finishes
 * what a per-record mapper cannot know: a deal's status and probability from its stage when the flags are
 * missing, the corporate currency for amounts without {@code CurrencyIsoCode}, the stage history from
 * {@code OpportunityHistory}, closed_at, a line item's product through its {@code PricebookEntry}, a product's
 * list price, a lead's first-touch campaign and the first touches, a case's product by code.
 *
 * <p>{@code opportunity_history}, {@code pricebook_entries}, {@code currency_types} and
 * {@code dated_conversion_rates} have no core table of their own: their mapper writes nothing (the step only
 * moves the watermark) and the finishing SQL reads their raw tables. Dated conversion rates are not used: the
 * reports convert with the configured reference rates ({@code core.fx_rate} is built from {@code config/}).
 */
public final class SalesforceNormalizer implements CrmNormalizer {

    /** Nothing to write per record: the stream is read set-based by finishing SQL. */
    static final RecordMapper RAW_ONLY = raw -> Normalized.of();

    /** Thin tombstones write nothing (they would blank the known row); {@link #flagTombstones} flags the row. */
    static RecordMapper skippingThinTombstones(RecordMapper mapper) {
        return raw -> new SalesforceRecord(raw).thinTombstone() ? Normalized.of() : mapper.map(raw);
    }

    /** Rows of this stream whose latest raw version is a tombstone are deleted (a restore lands a full record). */
    static String flagTombstones(String table) {
        return """
                update core.%s set is_deleted = true
                where source_system = {source} and not is_deleted
                  and source_id in (select _id from {raw_table}
                                    qualify row_number() over (partition by _id order by _seq desc) = 1
                                        and (_deleted or lower(payload->>'IsDeleted') = 'true'))""".formatted(table);
    }

    /** Stages are keyed by API name: a tombstone's name comes from the record's earlier raw versions. */
    static final String STAGE_TOMBSTONES = """
            update core.stage set is_deleted = true, is_active = false
            where source_system = {source} and not is_deleted
              and source_id in (
                  select trim(v.payload->>'ApiName') from {raw_table} v
                  where nullif(trim(v.payload->>'ApiName'), '') is not null
                    and v._id in (select _id from {raw_table}
                                  qualify row_number() over (partition by _id order by _seq desc) = 1
                                      and (_deleted or lower(payload->>'IsDeleted') = 'true')))""";

    /** Latest raw version per id, without tombstones and soft-deleted records. */
    static String live(String rawTable) {
        return "(select * from " + rawTable + " where not _deleted"
                + " qualify row_number() over (partition by _id order by _seq desc) = 1)";
    }

    /** A Salesforce datetime (typed JSON or Bulk string, {@code +0000} or {@code Z}) as timestamptz. */
    static String ts(String field) {
        return "try_cast(regexp_replace(payload->>'" + field + "', '([+-]\\d\\d)(\\d\\d)$', '\\1:\\2') as timestamptz)";
    }

    static String notSoftDeleted() {
        return "coalesce(lower(payload->>'IsDeleted'), 'false') <> 'true'";
    }

    static final String CORPORATE_CURRENCY = """
            (select upper(trim(payload->>'IsoCode')) as iso from %s
             where lower(payload->>'IsCorporate') = 'true' and nullif(trim(payload->>'IsoCode'), '') is not null
             order by _id limit 1)""".formatted(live("{raw:currency_types}"));

    static String currencyFromCorporate(String table) {
        return """
                update core.%s t set currency_code = c.iso
                from %s c
                where t.source_system = {source} and t.currency_code is null""".formatted(table, CORPORATE_CURRENCY);
    }

    static final String PIPELINE_DEFAULT = """
            insert into core.pipeline (pipeline_id, source_system, source_id, object_type, name, display_order,
                                       is_active, is_deleted, synced_at)
            select {source} || ':pipeline:default', {source}, 'default', 'deal', 'Opportunities', 0, true, false, now()
            where not exists (select 1 from core.pipeline where source_system = {source} and source_id = 'default')""";

    static final String DEAL_STATUS_FROM_STAGE = """
            update core.deal d
            set status = case when s.is_won then 'won' when s.is_closed then 'lost' else 'open' end
            from core.stage s
            where d.source_system = {source} and d.status is null and s.stage_id = d.stage_id
              and s.is_closed is not null""";

    static final String DEAL_PROBABILITY_FROM_STAGE = """
            update core.deal d
            set probability = s.probability, probability_raw = s.probability_raw
            from core.stage s
            where d.source_system = {source} and d.probability is null and d.probability_raw is null
              and s.stage_id = d.stage_id and s.probability is not null""";

    static final String DEAL_FORECAST_FROM_STAGE = """
            update core.deal d
            set forecast_category = s.forecast_category_default
            from core.stage s
            where d.source_system = {source} and d.forecast_category is null and s.stage_id = d.stage_id
              and s.forecast_category_default is not null""";

    /** A converted lead's contact is its opportunity's primary contact when the opportunity names none. */
    static final String DEAL_CONTACT_FROM_LEAD = """
            update core.deal d
            set primary_contact_id = l.converted_contact_id
            from (select converted_deal_id, converted_contact_id from core.lead
                  where source_system = {source} and not is_deleted and converted_deal_id is not null
                    and converted_contact_id is not null
                  qualify row_number() over (partition by converted_deal_id order by converted_at, lead_id) = 1) l
            where d.source_system = {source} and d.primary_contact_id is null and d.deal_id = l.converted_deal_id""";

    static final String DEAL_CONTACT_ROWS = """
            insert into core.deal_contact (deal_id, contact_id, source_system, synced_at)
            select d.deal_id, d.primary_contact_id, d.source_system, d.synced_at
            from core.deal d
            where d.source_system = {source} and d.primary_contact_id is not null
              and not exists (select 1 from core.deal_contact c
                              where c.deal_id = d.deal_id and c.contact_id = d.primary_contact_id)""";

    /** Deals without any history row get one inferred row: their current stage, entered at creation. */
    static final String HISTORY_INFERRED_DELETE = """
            delete from core.deal_stage_history where source_system = {source} and origin = 'inferred'""";

    static final String HISTORY_INFERRED_INSERT = """
            insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id, entered_at,
                                                 exited_at, origin, synced_at)
            select d.deal_id, d.source_system, 1, d.pipeline_id, d.stage_id, d.created_at, null, 'inferred', d.synced_at
            from core.deal d
            where d.source_system = {source} and d.stage_id is not null and d.created_at is not null
              and not exists (select 1 from core.deal_stage_history h
                              where h.source_system = {source} and h.deal_id = d.deal_id)""";

    /**
     * The stage history rebuilt from the landed {@code OpportunityHistory} rows: ordered by {@code CreatedDate}
     * (then Id), consecutive rows with the same {@code StageName} (amount or close-date changes) collapsed, seq
     * 1…n, exited_at = the next entry's entered_at.
     */
    static final String HISTORY_DELETE = """
            delete from core.deal_stage_history where source_system = {source}""";

    static final String HISTORY_FROM_OPPORTUNITY_HISTORY = """
            insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id, entered_at,
                                                 exited_at, origin, synced_at)
            select {source} || ':deal:' || opp, {source},
                   row_number() over (partition by opp order by entered_at, _id),
                   {source} || ':pipeline:default', {source} || ':stage:' || stage, entered_at,
                   lead(entered_at) over (partition by opp order by entered_at, _id), 'history', _extracted_at
            from (
                select *, lag(stage) over (partition by opp order by entered_at, _id) as prev_stage
                from (select _id, _extracted_at, trim(payload->>'OpportunityId') as opp,
                             trim(payload->>'StageName') as stage, %s as entered_at
                      from %s
                      where %s) h
                where opp <> '' and stage <> '' and entered_at is not null
            ) o
            where prev_stage is null or prev_stage <> stage""".formatted(ts("CreatedDate"), live("{raw_table}"),
            notSoftDeleted());

    /** closed_at of a closed deal: when it entered its current stage, from history; else midnight UTC of its close date. */
    static final String DEAL_CLOSED_AT = """
            update core.deal d
            set closed_at = coalesce(
                (select max(h.entered_at) from core.deal_stage_history h
                 where h.deal_id = d.deal_id and h.stage_id = d.stage_id and h.origin = 'history'),
                timezone('UTC', d.close_date::timestamp))
            where d.source_system = {source} and d.status in ('won', 'lost')""";

    static final String DEAL_OPEN_NOT_CLOSED = """
            update core.deal set closed_at = null
            where source_system = {source} and status = 'open' and closed_at is not null""";

    /** A product's list price and currency from its pricebook entries (active first, standard price book first). */
    static final String PRODUCT_PRICE_FROM_PRICEBOOK = """
            update core.product p
            set unit_price = e.unit_price, currency_code = coalesce(p.currency_code, e.currency_code)
            from (select {source} || ':product:' || trim(payload->>'Product2Id') as product_id,
                         try_cast(payload->>'UnitPrice' as decimal(18,2)) as unit_price,
                         upper(nullif(trim(payload->>'CurrencyIsoCode'), '')) as currency_code
                  from %s
                  where nullif(trim(payload->>'Product2Id'), '') is not null and payload->>'UnitPrice' is not null
                    and %s
                  qualify row_number() over (
                      partition by payload->>'Product2Id'
                      order by coalesce(lower(payload->>'IsActive'), 'true') = 'true' desc,
                               coalesce(lower(payload->'Pricebook2'->>'IsStandard'),
                                        lower(payload->>'IsStandard'), 'false') = 'true' desc,
                               _id) = 1) e
            where p.source_system = {source} and p.unit_price is null and p.product_id = e.product_id"""
            .formatted(live("{raw_table}"), notSoftDeleted());

    static final String LINE_ITEM_PRODUCT_FROM_PRICEBOOK = """
            update core.line_item li
            set product_id = {source} || ':product:' || e.product2_id
            from (select l._id as line_item, trim(e.payload->>'Product2Id') as product2_id
                  from %s l join %s e on e._id = trim(l.payload->>'PricebookEntryId')
                  where nullif(trim(e.payload->>'Product2Id'), '') is not null) e
            where li.source_system = {source} and li.product_id is null and li.source_id = e.line_item"""
            .formatted(live("{raw_table}"), live("{raw:pricebook_entries}"));

    static final String LINE_ITEM_FROM_PRODUCT = """
            update core.line_item li
            set name = coalesce(li.name, p.name),
                is_recurring = coalesce(li.is_recurring, p.is_recurring),
                billing_period_months = coalesce(li.billing_period_months, p.billing_period_months)
            from core.product p
            where li.source_system = {source} and p.product_id = li.product_id
              and (li.name is null or li.is_recurring is null or li.billing_period_months is null)""";

    static final String LINE_ITEM_CURRENCY_FROM_DEAL = """
            update core.line_item li
            set currency_code = d.currency_code
            from core.deal d
            where li.source_system = {source} and li.currency_code is null and d.deal_id = li.deal_id
              and d.currency_code is not null""";

    /** First touch: a lead's campaign is the campaign it became a member of first. */
    static final String LEAD_CAMPAIGN_FIRST_TOUCH = """
            update core.lead l
            set campaign_id = f.campaign_id
            from (select {source} || ':lead:' || trim(payload->>'LeadId') as lead_id,
                         {source} || ':campaign:' || trim(payload->>'CampaignId') as campaign_id
                  from %s
                  where nullif(trim(payload->>'LeadId'), '') is not null
                    and nullif(trim(payload->>'CampaignId'), '') is not null and %s
                  qualify row_number() over (partition by trim(payload->>'LeadId')
                                             order by %s nulls last, _id) = 1) f
            where l.source_system = {source} and l.lead_id = f.lead_id
              and l.campaign_id is distinct from f.campaign_id""".formatted(live("{raw_table}"), notSoftDeleted(),
            ts("CreatedDate"));

    /**
     * First touches ({@code core.touch}, touch_type 'first') rebuilt from the campaign members: per person (the
     * contact, or the lead while unconverted; a converted lead's membership counts for the contact it became) the
     * membership created first. touch_id {@code <source>:touch:<contact or lead id>:first}, as for HubSpot.
     */
    static final String TOUCH_DELETE = """
            delete from core.touch where source_system = {source} and touch_type = 'first'""";

    static final String TOUCH_FIRST = """
            insert into core.touch (touch_id, source_system, source_id, contact_id, lead_id, campaign_id, channel,
                                    touch_type, touched_at, is_deleted, synced_at)
            select {source} || ':touch:' || person || ':first', {source}, person, contact_id, lead_id, campaign_id,
                   null, 'first', touched_at, false, _extracted_at
            from (
                select m.*, regexp_replace(coalesce(m.contact_id, m.lead_id), '^.*:', '') as person
                from (
                    select r._id, r._extracted_at, r.touched_at, r.campaign_id, r.lead_id,
                           coalesce(r.contact_id, l.converted_contact_id) as contact_id
                    from (select _id, _extracted_at, %s as touched_at,
                                 {source} || ':campaign:' || trim(payload->>'CampaignId') as campaign_id,
                                 {source} || ':contact:' || nullif(trim(payload->>'ContactId'), '') as contact_id,
                                 {source} || ':lead:' || nullif(trim(payload->>'LeadId'), '') as lead_id
                          from %s
                          where nullif(trim(payload->>'CampaignId'), '') is not null and %s) r
                    left join core.lead l on l.source_system = {source} and l.lead_id = r.lead_id
                ) m
                where coalesce(m.contact_id, m.lead_id) is not null
                qualify row_number() over (partition by coalesce(m.contact_id, m.lead_id)
                                           order by m.touched_at nulls last, m._id) = 1
            )""".formatted(ts("CreatedDate"), live("{raw_table}"), notSoftDeleted());

    static final String TICKET_PRODUCT_BY_SKU = """
            update core.ticket t
            set product_id = p.product_id
            from (select product_id, sku from core.product
                  where source_system = {source} and not is_deleted and sku is not null
                  qualify row_number() over (partition by sku order by source_id) = 1) p
            where t.source_system = {source} and t.product_id = {source} || ':product-sku:' || p.sku""";

    static final String TICKET_PRODUCT_UNMATCHED = """
            update core.ticket set product_id = null
            where source_system = {source} and product_id like {source} || ':product-sku:%'""";

    @Override
    public String sourceType() {
        return "salesforce";
    }

    /** A stream whose mapper skips thin tombstones and whose finishing SQL starts by flagging them in {@code table}. */
    private static StreamNormalizer of(String stream, String table, RecordMapper mapper, String... finishSql) {
        List<String> sql = new java.util.ArrayList<>();
        sql.add(flagTombstones(table));
        sql.addAll(List.of(finishSql));
        return new StreamNormalizer(stream, skippingThinTombstones(mapper), sql);
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                of("user_roles", "team", SalesforceOwnerMapper.roles()),
                of("users", "owner", SalesforceOwnerMapper.users()),
                new StreamNormalizer("opportunity_stages", skippingThinTombstones(new SalesforceStageMapper()),
                        List.of(STAGE_TOMBSTONES)),
                StreamNormalizer.of("currency_types", RAW_ONLY),
                StreamNormalizer.of("dated_conversion_rates", RAW_ONLY),
                of("accounts", "account", SalesforceAccountMapper.accounts()),
                of("contacts", "contact", SalesforceAccountMapper.contacts()),
                of("leads", "lead", SalesforceAccountMapper.leads()),
                of("campaigns", "campaign", SalesforceCampaignMapper.campaigns(),
                        currencyFromCorporate("campaign")),
                of("campaign_members", "campaign_member", SalesforceCampaignMapper.members(), LEAD_CAMPAIGN_FIRST_TOUCH,
                        TOUCH_DELETE, TOUCH_FIRST),
                of("products", "product", SalesforceProductMapper.products()),
                StreamNormalizer.of("pricebook_entries", RAW_ONLY, PRODUCT_PRICE_FROM_PRICEBOOK,
                        currencyFromCorporate("product")),
                of("opportunities", "deal", new SalesforceOpportunityMapper(), PIPELINE_DEFAULT,
                        DEAL_STATUS_FROM_STAGE, DEAL_PROBABILITY_FROM_STAGE, DEAL_FORECAST_FROM_STAGE,
                        currencyFromCorporate("deal"), DEAL_CONTACT_FROM_LEAD, DEAL_CONTACT_ROWS,
                        HISTORY_INFERRED_DELETE, HISTORY_INFERRED_INSERT, DEAL_CLOSED_AT, DEAL_OPEN_NOT_CLOSED),
                StreamNormalizer.of("opportunity_history", RAW_ONLY, HISTORY_DELETE, HISTORY_FROM_OPPORTUNITY_HISTORY,
                        HISTORY_INFERRED_INSERT, DEAL_CLOSED_AT),
                of("opportunity_line_items", "line_item", SalesforceProductMapper.lineItems(),
                        LINE_ITEM_PRODUCT_FROM_PRICEBOOK, LINE_ITEM_FROM_PRODUCT, LINE_ITEM_CURRENCY_FROM_DEAL,
                        currencyFromCorporate("line_item")),
                of("tasks", "activity", SalesforceActivityMapper.tasks()),
                of("events", "activity", SalesforceActivityMapper.events()),
                of("cases", "ticket", new SalesforceCaseMapper(), TICKET_PRODUCT_BY_SKU,
                        TICKET_PRODUCT_UNMATCHED));
    }
}
