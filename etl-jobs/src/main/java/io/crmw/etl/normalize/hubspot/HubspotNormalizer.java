package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.StreamNormalizer;
import java.util.List;

/**
 * HubSpot's streams in dependency order, with the set-based SQL that finishes what a per-record mapper cannot
 * know (a deal's status from its stage, merge losers, a goal's owner by user id, a ticket's product by SKU).
 * The only place outside the connector that knows HubSpot field names, together with its mappers.
 */
public final class HubspotNormalizer implements CrmNormalizer {

    /** Latest raw version per id of a stream, for finishing SQL that needs payload fields core does not keep. */
    private static String latest(String rawTable) {
        return "(select * from " + rawTable + " qualify row_number() over (partition by _id order by _seq desc) = 1)";
    }

    static final String DEAL_STATUS_FROM_STAGE = """
            update core.deal d
            set status = case when s.is_won then 'won' when s.is_closed then 'lost' else 'open' end
            from core.stage s
            where d.source_system = {source} and d.status is null and s.stage_id = d.stage_id""";

    static final String DEAL_PROBABILITY_FROM_STAGE = """
            update core.deal d
            set probability = s.probability, probability_raw = s.probability_raw
            from core.stage s
            where d.source_system = {source} and d.probability is null and d.probability_raw is null
              and s.stage_id = d.stage_id and s.probability is not null""";

    /** closed_at: when the deal entered its current (closed) stage, else midnight UTC of its close date. */
    static final String DEAL_CLOSED_AT = """
            update core.deal d
            set closed_at = coalesce(
                (select max(h.entered_at) from core.deal_stage_history h
                 where h.deal_id = d.deal_id and h.stage_id = d.stage_id and h.origin = 'history'),
                timezone('UTC', d.close_date::timestamp))
            where d.source_system = {source} and d.status in ('won', 'lost') and d.closed_at is null""";

    static final String HISTORY_PIPELINE_FROM_STAGE = """
            update core.deal_stage_history h
            set pipeline_id = s.pipeline_id
            from core.stage s
            where h.source_system = {source} and s.stage_id = h.stage_id
              and h.pipeline_id is distinct from s.pipeline_id""";

    static final String DEAL_MERGED_INTO = """
            update core.deal d
            set merged_into_id = m.survivor_id
            from (
                select {source} || ':deal:' || _id as survivor_id,
                       trim(unnest(string_split(merged_ids, ';'))) as loser_id
                from (select _id, payload->'properties'->>'hs_merged_object_ids' as merged_ids
                      from %s)
                where merged_ids is not null and merged_ids <> ''
            ) m
            where d.source_system = {source} and d.source_id = m.loser_id and d.deal_id <> m.survivor_id
              and d.merged_into_id is distinct from m.survivor_id""".formatted(latest("{raw_table}"));

    static final String TICKET_STATUS_FROM_STAGE = """
            update core.ticket t
            set status = case when s.is_closed then 'closed' else 'open' end
            from core.stage s
            where t.source_system = {source} and t.status is null and s.stage_id = t.stage_id""";

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

    static final String GOAL_OWNER_BY_USER_ID = """
            update core.goal g
            set assignee_id = o.owner_id
            from (select {source} || ':owner:' || _id as owner_id, payload->>'userId' as user_id
                  from %s) o
            where g.source_system = {source} and o.user_id is not null
              and g.assignee_id = {source} || ':user:' || o.user_id""".formatted(latest("{raw:owners}"));

    @Override
    public String sourceType() {
        return "hubspot";
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                StreamNormalizer.of("owners", new HubspotOwnerMapper()),
                StreamNormalizer.of("deal_pipelines", new HubspotPipelineMapper("deal")),
                StreamNormalizer.of("ticket_pipelines", new HubspotPipelineMapper("ticket")),
                StreamNormalizer.of("companies", new HubspotCompanyMapper()),
                StreamNormalizer.of("contacts", new HubspotContactMapper()),
                StreamNormalizer.of("products", HubspotProductMapper.products()),
                StreamNormalizer.of("deals", new HubspotDealMapper(), DEAL_STATUS_FROM_STAGE,
                        DEAL_PROBABILITY_FROM_STAGE, DEAL_CLOSED_AT, HISTORY_PIPELINE_FROM_STAGE, DEAL_MERGED_INTO),
                StreamNormalizer.of("line_items", HubspotProductMapper.lineItems()),
                StreamNormalizer.of("calls", new HubspotEngagementMapper("call")),
                StreamNormalizer.of("emails", new HubspotEngagementMapper("email")),
                StreamNormalizer.of("meetings", new HubspotEngagementMapper("meeting")),
                StreamNormalizer.of("tasks", new HubspotEngagementMapper("task")),
                StreamNormalizer.of("notes", new HubspotEngagementMapper("note")),
                StreamNormalizer.of("tickets", new HubspotTicketMapper(), TICKET_STATUS_FROM_STAGE,
                        TICKET_PRODUCT_BY_SKU, TICKET_PRODUCT_UNMATCHED),
                StreamNormalizer.of("marketing_emails", new HubspotMarketingEmailMapper()),
                StreamNormalizer.of("goals", new HubspotGoalMapper(), GOAL_OWNER_BY_USER_ID));
    }
}
