package io.crmw.etl.normalize.pipedrive;

import static io.crmw.etl.normalize.Derivations.DEAL_PROBABILITY_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_DELETE;
import static io.crmw.etl.normalize.Derivations.HISTORY_INFERRED_INSERT;
import static io.crmw.etl.normalize.Derivations.HISTORY_PIPELINE_FROM_STAGE;
import static io.crmw.etl.normalize.Derivations.LEAD_EMAIL_FROM_CONTACT;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_CURRENCY_FROM_DEAL;
import static io.crmw.etl.normalize.Derivations.LINE_ITEM_FROM_PRODUCT;
import static io.crmw.etl.normalize.Derivations.live;
import static io.crmw.etl.normalize.pipedrive.PipedriveRecord.TOMBSTONES;

import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.StreamNormalizer;
import io.crmw.etl.normalize.core.LineItemRow;
import java.util.List;

/**
 * Pipedrive's streams (docs/pipedrive.md) in dependency order, with the set-based SQL that finishes what a
 * per-record mapper cannot know: the shared {@link io.crmw.etl.normalize.Derivations} (a deal's probability from its
 * stage, inferred stage history for deals whose changelog has not landed, a history row's pipeline, a line item's
 * name and currency, a lead's e-mail) and Pipedrive's own: a stage's probability only where its pipeline uses deal
 * probability, and a deleted deal's line items flagged.
 *
 * <p>Deal status comes from the deal, not the stage (Pipedrive has no won or lost stages), so none of the stage →
 * status derivations apply. Fields, currencies, lead sources and labels and activity types have no core table (a
 * lead's label names become its lead_status_raw);
 * custom fields ({@code custom_fields}, {@code custom_fields_by_name}) are not needed by core.
 */
public final class PipedriveNormalizer implements CrmNormalizer {

    /**
     * A stage's probability is its {@code deal_probability} (a percent) while its pipeline has deal probability
     * enabled ({@code is_deal_probability_enabled}, v1 {@code deal_probability}; enabled when absent), else none.
     * Both ways, so switching the pipeline setting back restores it.
     */
    static final String STAGE_PROBABILITY_BY_PIPELINE = """
            update core.stage s
            set probability = p.probability
            from (select st.stage_id,
                         case when coalesce(pl.enabled, true) and try_cast(st.probability_raw as double) between 0 and 100
                              then try_cast(st.probability_raw as double) / 100 end as probability
                  from core.stage st
                  join (select {source} || ':pipeline:' || _id as pipeline_id,
                               try_cast(coalesce(payload->>'is_deal_probability_enabled',
                                                 payload->>'deal_probability') as boolean) as enabled
                        from %s) pl on pl.pipeline_id = st.pipeline_id
                  where st.source_system = {source}) p
            where s.source_system = {source} and s.stage_id = p.stage_id
              and s.probability is distinct from p.probability""".formatted(live("{raw:pipelines}"));

    /** A lead's label ids ({@code label_ids}) → its lead_status_raw: the label names (lead_labels), sorted, comma-separated. */
    static final String LEAD_STATUS_FROM_LABELS = """
            update core.lead l
            set lead_status_raw = n.labels, synced_at = greatest(l.synced_at, n._extracted_at)
            from (select {source} || ':lead:' || r._id as lead_id, max(lb._extracted_at) as _extracted_at,
                         string_agg(lb.payload->>'name', ', ' order by lb.payload->>'name') as labels
                  from (select _id, unnest(json_extract_string(payload, '$.label_ids[*]')) as label_id
                        from %s) r
                  join %s lb on lb._id = r.label_id
                  group by 1) n
            where l.source_system = {source} and l.lead_id = n.lead_id
              and l.lead_status_raw is distinct from n.labels""".formatted(live("{raw_table}"), live("{raw:lead_labels}"));

    @Override
    public String sourceType() {
        return "pipedrive";
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                TOMBSTONES.stream("users", "owner", new PipedriveOwnerMapper()),
                TOMBSTONES.stream("pipelines", "pipeline", PipedrivePipelineMapper.pipelines()),
                TOMBSTONES.stream("stages", "stage", PipedrivePipelineMapper.stages(), STAGE_PROBABILITY_BY_PIPELINE),
                TOMBSTONES.stream("organizations", "account", PipedriveContactMapper.organizations()),
                TOMBSTONES.stream("persons", "contact", PipedriveContactMapper.persons()),
                TOMBSTONES.stream("products", "product", PipedriveProductMapper.products()),
                TOMBSTONES.stream("leads", "lead", PipedriveContactMapper.leads(), LEAD_EMAIL_FROM_CONTACT,
                        LEAD_STATUS_FROM_LABELS),
                TOMBSTONES.stream("deals", "deal", new PipedriveDealMapper(), DEAL_PROBABILITY_FROM_STAGE,
                        HISTORY_INFERRED_DELETE, HISTORY_INFERRED_INSERT),
                // keyed by deal: a deleted deal's lines are flagged, not the lines whose own id equals the deal's
                new StreamNormalizer("deal_products", TOMBSTONES.skippingThin(PipedriveProductMapper.dealProducts()),
                        List.of(TOMBSTONES.flagSql(LineItemRow.TABLE, "deal_id", "{source} || ':deal:' || _id"),
                                LINE_ITEM_FROM_PRODUCT, LINE_ITEM_CURRENCY_FROM_DEAL)),
                StreamNormalizer.of("deal_changelog", TOMBSTONES.skippingThin(new PipedriveStageHistoryMapper()),
                        HISTORY_PIPELINE_FROM_STAGE),
                TOMBSTONES.stream("activities", "activity", PipedriveActivityMapper.activities()),
                new StreamNormalizer("notes", TOMBSTONES.skippingThin(PipedriveActivityMapper.notes()),
                        List.of(TOMBSTONES.flagSql("activity", "source_id", "'note-' || _id"))));
    }
}
