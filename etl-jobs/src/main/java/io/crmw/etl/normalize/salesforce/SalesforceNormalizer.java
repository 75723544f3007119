package io.crmw.etl.normalize.salesforce;

import static io.crmw.etl.normalize.Derivations.DEAL_CLOSED_AT_FROM_HISTORY;
import static io.crmw.etl.normalize.Derivations.DEAL_CONTACT_ROWS;
import static io.crmw.etl.normalize.Derivations.DEAL_FORECAST_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_OPEN_NOT_CLOSED;
import static io.crmw.etl.normalize.Derivations.DEAL_PROBABILITY_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_DELETE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_INSERT;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_CURRENCY_FROM_DEAL;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_FROM_PRODUCT;
import static io.crmw.etl.normalize.Derivations.TICKET_PRODUCT_BY_SKU;
import static io.crmw.etl.normalize.Derivations.live;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.CrmRates;
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
 * <p>{@code opportunity_history} and {@code pricebook_entries} have no core table of their own: their mapper writes
 * nothing (the step only moves the watermark) and the finishing SQL reads their raw tables. The org's rates,
 * {@code CurrencyType} and (advanced currency management) {@code DatedConversionRate}, go to
 * {@code core.crm_fx_rate} the same way: ConversionRate is units of IsoCode per 1 corporate currency, a dated rate
 * valid from StartDate until NextStartDate.
 */
public final class SalesforceNormalizer implements CrmNormalizer {

    /** Nothing to write per record: the stream is read set-based by finishing SQL. */
    static final RecordMapper RAW_ONLY = raw -> Normalized.of();

    /** Stages are keyed by API name: a tombstone's name comes from the record's earlier raw versions. */
    static final String STAGE_TOMBSTONES = """
            update core.stage
            set is_deleted = true, is_active = false, synced_at = greatest(synced_at, (select max(_extracted_at) from {raw_table}))
            where source_system = {source} and not is_deleted
              and source_id in (
                  select trim(v.payload->>'ApiName') from {raw_table} v
                  where nullif(trim(v.payload->>'ApiName'), '') is not null
                    and v._id in (select _id from {raw_table}
                                  qualify row_number() over (partition by _id order by _seq desc) = 1
                                      and (_deleted or lower(payload->>'IsDeleted') = 'true')))""";

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

    /** CurrencyType: the org's current rates, without dates (used where no dated rate applies). */
    static final List<String> CURRENCY_TYPE_RATES = CrmRates.replace("salesforce_currency_type", """
            select _id as source_id, c.iso as base_currency, upper(trim(payload->>'IsoCode')) as currency_code,
                   try_cast(payload->>'ConversionRate' as decimal(38,12)) as rate, 'per_base' as rate_quote,
                   date '0001-01-01' as valid_from, date '9999-12-31' as valid_to, _extracted_at as synced_at
            from %s, %s c""".formatted(live("{raw_table}"), CORPORATE_CURRENCY));

    /** DatedConversionRate: opportunities convert with the rate of their close date when the org has them. */
    static final List<String> DATED_RATES = CrmRates.replace("salesforce_dated", """
            select _id as source_id, c.iso as base_currency, upper(trim(payload->>'IsoCode')) as currency_code,
                   try_cast(payload->>'ConversionRate' as decimal(38,12)) as rate, 'per_base' as rate_quote,
                   coalesce(try_cast(payload->>'StartDate' as date), date '0001-01-01') as valid_from,
                   coalesce(try_cast(payload->>'NextStartDate' as date), date '9999-12-31') as valid_to,
                   _extracted_at as synced_at
            from %s, %s c""".formatted(live("{raw_table}"), CORPORATE_CURRENCY));

    /**
     * A row without a currency is in the org's corporate currency. Filled in place, so the row is synced now (mostly
     * it landed in this run anyway; a row filled later, once the org's currency is known, must reach the report build).
     */
    static String currencyFromCorporate(String table) {
        return """
                update core.%s t set currency_code = c.iso, synced_at = greatest(t.synced_at, now())
                from %s c
                where t.source_system = {source} and t.currency_code is null""".formatted(table, CORPORATE_CURRENCY);
    }

    static final String PIPELINE_DEFAULT = """
            insert into core.pipeline (pipeline_id, source_system, source_id, object_type, name, display_order,
                                       is_active, is_deleted, synced_at)
            select {source} || ':pipeline:default', {source}, 'default', 'deal', 'Opportunities', 0, true, false, now()
            where not exists (select 1 from core.pipeline where source_system = {source} and source_id = 'default')""";

    /** A converted lead's contact is its opportunity's primary contact when the opportunity names none. */
    static final String DEAL_CONTACT_FROM_LEAD = """
            update core.deal d
            set primary_contact_id = l.converted_contact_id, synced_at = greatest(d.synced_at, l.synced_at)
            from (select converted_deal_id, converted_contact_id, synced_at from core.lead
                  where source_system = {source} and not is_deleted and converted_deal_id is not null
                    and converted_contact_id is not null
                  qualify row_number() over (partition by converted_deal_id order by converted_at, lead_id) = 1) l
            where d.source_system = {source} and d.primary_contact_id is null and d.deal_id = l.converted_deal_id""";

    /**
     * The opportunities whose {@code OpportunityHistory} rows landed since the last run: named by the new rows, and for
     * a new row without an OpportunityId (queryAll's tombstone carries only its Id) by that row's earlier versions.
     */
    static final String AFFECTED_OPPORTUNITIES = """
            create or replace temp table affected_opportunity as
            select trim(payload->>'OpportunityId') as opp from {new_raw}
            where nullif(trim(payload->>'OpportunityId'), '') is not null
            union
            select trim(v.payload->>'OpportunityId') from {raw_table} as v
            where v._id in (select _id from {new_raw} where nullif(trim(payload->>'OpportunityId'), '') is null)
              and nullif(trim(v.payload->>'OpportunityId'), '') is not null""";

    /**
     * The stage history of the opportunities whose {@code OpportunityHistory} rows landed since the last run, rebuilt
     * from all their landed rows: ordered by {@code CreatedDate} (then Id), consecutive rows with the same
     * {@code StageName} (amount or close-date changes) collapsed, seq 1…n, exited_at = the next entry's entered_at.
     * The other opportunities keep theirs (rebuilding every opportunity's history on every run took 5.3-5.6 s at three
     * million history rows; finding the touched ones and all their rows' versions about 1.6 s). A history row's
     * OpportunityId cannot be changed in Salesforce; were one to change, the opportunity it left would keep the row
     * until that opportunity is touched again (raw retention keeps the versions until this step has seen them).
     */
    static final String HISTORY_DELETE = """
            delete from core.deal_stage_history
            where source_system = {source} and deal_id in (select {source} || ':deal:' || opp from affected_opportunity)""";

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
                  and opp in (select opp from affected_opportunity)
            ) o
            where prev_stage is null or prev_stage <> stage""".formatted(ts("CreatedDate"),
            // every version of the rows that ever named an affected opportunity: a tombstone names none
            live("(select * from {raw_table} where _id in (select _id from {raw_table}"
                    + " where trim(payload->>'OpportunityId') in (select opp from affected_opportunity)))"),
            notSoftDeleted());

    /** A product's list price and currency from its pricebook entries (active first, standard price book first). */
    static final String PRODUCT_PRICE_FROM_PRICEBOOK = """
            update core.product p
            set unit_price = e.unit_price, currency_code = coalesce(p.currency_code, e.currency_code),
                synced_at = greatest(p.synced_at, e._extracted_at)
            from (select {source} || ':product:' || trim(payload->>'Product2Id') as product_id, _extracted_at,
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
            where p.source_system = {source} and p.unit_price is null and p.product_id = e.product_id
              and e.unit_price is not null"""
            .formatted(live("{raw_table}"), notSoftDeleted());

    static final String LINE_ITEM_PRODUCT_FROM_PRICEBOOK = """
            update core.line_item li
            set product_id = {source} || ':product:' || e.product2_id, synced_at = greatest(li.synced_at, e.extracted_at)
            from (select l._id as line_item, trim(e.payload->>'Product2Id') as product2_id,
                         greatest(l._extracted_at, e._extracted_at) as extracted_at
                  from %s l join %s e on e._id = trim(l.payload->>'PricebookEntryId')
                  where nullif(trim(e.payload->>'Product2Id'), '') is not null) e
            where li.source_system = {source} and li.product_id is null and li.source_id = e.line_item"""
            .formatted(live("{raw_table}"), live("{raw:pricebook_entries}"));

    /** First touch: a lead's campaign is the campaign it became a member of first. */
    static final String LEAD_CAMPAIGN_FIRST_TOUCH = """
            update core.lead l
            set campaign_id = f.campaign_id, synced_at = greatest(l.synced_at, f._extracted_at)
            from (select {source} || ':lead:' || trim(payload->>'LeadId') as lead_id, _extracted_at,
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
     * membership created first. touch_id {@code <source>:touch:<contact or lead id>:first}, as for HubSpot. Rebuilt
     * rows are synced when the members stream or their lead last was: a deleted first membership, or a lead that
     * converted, changes rows that nothing else made newer (the report build compares the table's rows then).
     */
    static final String TOUCH_DELETE = """
            delete from core.touch where source_system = {source} and touch_type = 'first'""";

    static final String TOUCH_FIRST = """
            insert into core.touch (touch_id, source_system, source_id, contact_id, lead_id, campaign_id, channel,
                                    touch_type, touched_at, is_deleted, synced_at)
            select {source} || ':touch:' || person || ':first', {source}, person, contact_id, lead_id, campaign_id,
                   null, 'first', touched_at, false,
                   greatest(_extracted_at, lead_synced_at, (select max(_extracted_at) from {raw_table}))
            from (
                select m.*, regexp_replace(coalesce(m.contact_id, m.lead_id), '^.*:', '') as person
                from (
                    select r._id, r._extracted_at, r.touched_at, r.campaign_id, r.lead_id,
                           coalesce(r.contact_id, l.converted_contact_id) as contact_id, l.synced_at as lead_synced_at
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

    @Override
    public String sourceType() {
        return "salesforce";
    }

    /** A stream whose mapper skips thin tombstones and whose finishing SQL starts by flagging them in {@code table}. */
    private static StreamNormalizer of(String stream, String table, RecordMapper mapper, String... finishSql) {
        return SalesforceRecord.TOMBSTONES.stream(stream, table, mapper, finishSql);
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                of("user_roles", "team", SalesforceOwnerMapper.roles()),
                of("users", "owner", SalesforceOwnerMapper.users()),
                new StreamNormalizer("opportunity_stages",
                        SalesforceRecord.TOMBSTONES.skippingThin(new SalesforceStageMapper()),
                        List.of(STAGE_TOMBSTONES)),
                new StreamNormalizer("currency_types", RAW_ONLY, CURRENCY_TYPE_RATES),
                new StreamNormalizer("dated_conversion_rates", RAW_ONLY, DATED_RATES),
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
                        HISTORY_INFERRED_DELETE, HISTORY_INFERRED_INSERT, DEAL_CLOSED_AT_FROM_HISTORY,
                        DEAL_OPEN_NOT_CLOSED),
                StreamNormalizer.of("opportunity_history", RAW_ONLY, AFFECTED_OPPORTUNITIES, HISTORY_DELETE,
                        HISTORY_FROM_OPPORTUNITY_HISTORY, HISTORY_INFERRED_INSERT, DEAL_CLOSED_AT_FROM_HISTORY),
                of("opportunity_line_items", "line_item", SalesforceProductMapper.lineItems(),
                        LINE_ITEM_PRODUCT_FROM_PRICEBOOK, LINE_ITEM_FROM_PRODUCT, LINE_ITEM_CURRENCY_FROM_DEAL,
                        currencyFromCorporate("line_item")),
                of("tasks", "activity", SalesforceActivityMapper.tasks()),
                of("events", "activity", SalesforceActivityMapper.events()),
                of("cases", "ticket", new SalesforceCaseMapper(), TICKET_PRODUCT_BY_SKU));
    }
}
