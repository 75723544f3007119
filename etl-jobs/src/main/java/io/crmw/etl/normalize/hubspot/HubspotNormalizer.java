package io.crmw.etl.normalize.hubspot;

import static io.crmw.etl.normalize.Derivations.DEAL_CLOSED_AT_FROM_HISTORY;
import static io.crmw.etl.normalize.Derivations.DEAL_PROBABILITY_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.HISTORY_PIPELINE_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.TICKET_PRODUCT_BY_SKU;
import static io.crmw.etl.normalize.Derivations.TICKET_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.latest;
import static io.crmw.etl.normalize.Derivations.live;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.CrmRates;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.SetBasedMapping;
import io.crmw.etl.normalize.StreamNormalizer;
import java.util.List;

/**
 * HubSpot's streams in dependency order, with the set-based SQL that finishes what a per-record mapper cannot
 * know: the shared {@link io.crmw.etl.normalize.Derivations} (a deal's status, probability and closed_at from its
 * stage, a ticket's status from its stage and product by SKU) and HubSpot's own (merge losers from
 * {@code hs_merged_object_ids}, a goal's owner by user id) and the portal's currencies: the company currency and the
 * exchange rates of the settings API go to {@code core.crm_fx_rate} (conversionRate = company-currency units per 1
 * fromCurrencyCode, valid from effectiveAt's day until the currency's next rate); a deal's own
 * {@code amount_in_home_currency} is in the company currency.
 * The only place outside the connector that knows HubSpot field names, together with its mappers.
 */
public final class HubspotNormalizer implements CrmNormalizer {

    /**
     * Runs after every normalize of deals over every deal's latest raw version, so it parses only the payloads that
     * can name merged deals: the property named with a value other than JSON null. The payloads are Jackson's compact
     * JSON, where a null value is exactly {@code "hs_merged_object_ids":null}; a payload in another form is parsed.
     * (Parsing all of them took 2.3-2.5 s at a million deals on every run, most of the deals step's finishing time.)
     */
    static final String DEAL_MERGED_INTO = """
            update core.deal d
            set merged_into_id = m.survivor_id, synced_at = greatest(d.synced_at, m._extracted_at)
            from (
                select {source} || ':deal:' || _id as survivor_id, _extracted_at,
                       trim(unnest(string_split(merged_ids, ';'))) as loser_id
                from (select r._id, r._extracted_at, r.payload->'properties'->>'hs_merged_object_ids' as merged_ids
                      from {raw_table} as r
                      join (select _id, max(_seq) as _seq from {raw_table} group by _id) as latest
                          on latest._id = r._id and latest._seq = r._seq
                      where contains(r.payload, 'hs_merged_object_ids')
                        and (contains(r.payload, '"hs_merged_object_ids":"')
                             or not contains(r.payload, '"hs_merged_object_ids":null')))
                where merged_ids is not null and merged_ids <> ''
            ) m
            where d.source_system = {source} and d.source_id = m.loser_id and d.deal_id <> m.survivor_id
              and d.merged_into_id is distinct from m.survivor_id""";

    static final String GOAL_OWNER_BY_USER_ID = """
            update core.goal g
            set assignee_id = o.owner_id, synced_at = greatest(g.synced_at, o._extracted_at)
            from (select {source} || ':owner:' || _id as owner_id, payload->>'userId' as user_id, _extracted_at
                  from %s) o
            where g.source_system = {source} and o.user_id is not null
              and g.assignee_id = {source} || ':user:' || o.user_id""".formatted(latest("{raw:owners}"));

    /** {@link HubspotDealMapper} as SQL over the raw deals: the files of {@code normalize/hubspot/deals/}. */
    static final SetBasedMapping DEALS_IN_SQL = SetBasedMapping.fromResources("normalize/hubspot/deals",
            "deal", "source_id", "source_id",
            "deal_contact", "deal_id", "core_id({source}, 'deal', source_id)",
            "deal_stage_history", "deal_id", "core_id({source}, 'deal', source_id)");

    /** {@link HubspotCompanyMapper} as SQL over the raw companies: the files of {@code normalize/hubspot/companies/}. */
    static final SetBasedMapping COMPANIES_IN_SQL = SetBasedMapping.fromResources("normalize/hubspot/companies",
            "account", "source_id", "source_id");

    /** {@link HubspotEngagementMapper} of one type as SQL (notes stay in Java): {@code normalize/hubspot/engagements/}. */
    static SetBasedMapping engagementsInSql(String type) {
        return ENGAGEMENTS_IN_SQL.with("{type}", type);
    }

    private static final SetBasedMapping ENGAGEMENTS_IN_SQL = SetBasedMapping.fromResources(
            "normalize/hubspot/engagements", "activity", "source_id", "source_id");

    /** Nothing to write per record: the stream is read set-based by finishing SQL. */
    static final RecordMapper RAW_ONLY = raw -> Normalized.of();

    /** An ISO-8601 instant (or epoch milliseconds) of the payload as a UTC date. */
    private static String utcDate(String field) {
        return "cast(timezone('UTC', coalesce(try_cast(payload->>'" + field + "' as timestamptz),"
                + " to_timestamp(try_cast(payload->>'" + field + "' as bigint) / 1000))) as date)";
    }

    /** The company currency: the base of the portal's rates, at 1 (a portal without other currencies has only it). */
    static final List<String> COMPANY_CURRENCY = CrmRates.replace("hubspot_company_currency", """
            select 'company_currency' as source_id, iso as base_currency, iso as currency_code,
                   cast(1 as decimal(38,12)) as rate, 'in_base' as rate_quote, date '0001-01-01' as valid_from,
                   date '9999-12-31' as valid_to, _extracted_at as synced_at
            from (select upper(trim(coalesce(payload->>'currencyCode', payload->>'id'))) as iso, _extracted_at
                  from %s order by _extracted_at desc limit 1)""".formatted(live("{raw_table}")));

    /** The portal's exchange rates; of several rates of one currency effective the same day, the latest counts. */
    static final List<String> EXCHANGE_RATES = CrmRates.replace("hubspot_portal", """
            select source_id, base_currency, currency_code, rate, 'in_base' as rate_quote, valid_from,
                   coalesce(lead(valid_from) over (partition by currency_code order by valid_from),
                            date '9999-12-31') as valid_to, synced_at
            from (select _id as source_id, upper(trim(payload->>'toCurrencyCode')) as base_currency,
                         upper(trim(payload->>'fromCurrencyCode')) as currency_code,
                         try_cast(payload->>'conversionRate' as decimal(38,12)) as rate,
                         %s as valid_from, _extracted_at as synced_at
                  from %s
                  where payload->>'effectiveAt' is not null
                  qualify row_number() over (
                      partition by upper(trim(payload->>'fromCurrencyCode')), %s
                      order by payload->>'effectiveAt' desc, payload->>'updatedAt' desc, _id desc) = 1)"""
            .formatted(utcDate("effectiveAt"), live("{raw_table}"), utcDate("effectiveAt")));

    @Override
    public String sourceType() {
        return "hubspot";
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                new StreamNormalizer("company_currency", RAW_ONLY, COMPANY_CURRENCY),
                new StreamNormalizer("exchange_rates", RAW_ONLY, EXCHANGE_RATES),
                StreamNormalizer.of("owners", new HubspotOwnerMapper()),
                StreamNormalizer.of("deal_pipelines", new HubspotPipelineMapper("deal")),
                StreamNormalizer.of("ticket_pipelines", new HubspotPipelineMapper("ticket")),
                StreamNormalizer.of("companies", new HubspotCompanyMapper()).mappedInSql(COMPANIES_IN_SQL),
                StreamNormalizer.of("contacts", new HubspotContactMapper()),
                StreamNormalizer.of("products", HubspotProductMapper.products()),
                StreamNormalizer.of("deals", new HubspotDealMapper(), DEAL_STATUS_FROM_STAGE,
                        DEAL_PROBABILITY_FROM_STAGE, DEAL_CLOSED_AT_FROM_HISTORY, HISTORY_PIPELINE_FROM_STAGE,
                        DEAL_MERGED_INTO).mappedInSql(DEALS_IN_SQL),
                StreamNormalizer.of("line_items", HubspotProductMapper.lineItems()),
                StreamNormalizer.of("calls", new HubspotEngagementMapper("call"))
                        .mappedInSql(engagementsInSql("call")),
                StreamNormalizer.of("emails", new HubspotEngagementMapper("email"))
                        .mappedInSql(engagementsInSql("email")),
                StreamNormalizer.of("meetings", new HubspotEngagementMapper("meeting"))
                        .mappedInSql(engagementsInSql("meeting")),
                StreamNormalizer.of("tasks", new HubspotEngagementMapper("task"))
                        .mappedInSql(engagementsInSql("task")),
                StreamNormalizer.of("notes", new HubspotEngagementMapper("note")),
                StreamNormalizer.of("tickets", new HubspotTicketMapper(), TICKET_STATUS_FROM_STAGE,
                        TICKET_PRODUCT_BY_SKU),
                StreamNormalizer.of("marketing_emails", new HubspotMarketingEmailMapper()),
                StreamNormalizer.of("goals", new HubspotGoalMapper(), GOAL_OWNER_BY_USER_ID));
    }
}
