package io.crmw.etl.normalize.hubspot;

import static io.crmw.etl.normalize.Derivations.DEAL_CLOSED_AT_FROM_HISTORY;
import static io.crmw.etl.normalize.Derivations.DEAL_PROBABILITY_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.DEAL_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.HISTORY_PIPELINE_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.TICKET_PRODUCT_BY_SKU;
import static io.crmw.etl.normalize.Derivations.TICKET_PRODUCT_UNMATCHED;
import static io.crmw.etl.normalize.Derivations.TICKET_STATUS_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.latest;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.StreamNormalizer;
import java.util.List;

/**
 * HubSpot's streams in dependency order, with the set-based SQL that finishes what a per-record mapper cannot
 * know: the shared {@link io.crmw.etl.normalize.Derivations} (a deal's status, probability and closed_at from its
 * stage, a ticket's status from its stage and product by SKU) and HubSpot's own (merge losers from
 * {@code hs_merged_object_ids}, a goal's owner by user id).
 * The only place outside the connector that knows HubSpot field names, together with its mappers.
 */
public final class HubspotNormalizer implements CrmNormalizer {

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
                        DEAL_PROBABILITY_FROM_STAGE, DEAL_CLOSED_AT_FROM_HISTORY, HISTORY_PIPELINE_FROM_STAGE,
                        DEAL_MERGED_INTO),
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
