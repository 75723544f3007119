package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import io.crmw.etl.normalize.core.DealStageHistoryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A HubSpot deal → {@code core.deal}, its {@code core.deal_contact} rows and its
 * {@code core.deal_stage_history} (from the {@code hs_date_entered_<stageId>} / {@code hs_date_exited_<stageId>}
 * properties). Status comes from {@code hs_is_closed_won} / {@code hs_is_closed}; when HubSpot sent neither
 * flag it is left null here and derived from the stage by {@link HubspotNormalizer}'s finishing SQL.
 */
public final class HubspotDealMapper implements RecordMapper {

    static final String ENTERED = "hs_date_entered_";
    static final String EXITED = "hs_date_exited_";

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        String dealId = r.coreId("deal", r.id());
        String pipelineId = r.coreId("pipeline", p.text("pipeline"));
        String stage = p.text("dealstage");
        List<String> contacts = r.associated("contacts");
        Instant createdAt = r.instant("createdate", "createdAt");

        DealRow deal = new DealRow(
                dealId, r.source(), r.id(),
                p.text("dealname"),
                pipelineId,
                r.coreId("stage", stage),
                Vocabulary.dealStatus(p.bool("hs_is_closed"), p.bool("hs_is_closed_won")),
                p.decimal("amount", 2),
                Vocabulary.upper(p.text("deal_currency_code")),
                p.decimal("amount_in_home_currency", 2),
                p.text("hs_deal_stage_probability"),
                Vocabulary.fractionOrPercent(p.number("hs_deal_stage_probability")),
                p.text("hs_forecast_category"),
                createdAt,
                p.date("closedate"),
                null, // closed_at: the time it entered its closed stage, set by the finishing SQL
                r.instant("hs_lastmodifieddate", "updatedAt"),
                r.coreId("owner", p.text("hubspot_owner_id")),
                r.firstAssociated("companies", "account"),
                contacts.isEmpty() ? null : r.coreId("contact", contacts.get(0)),
                null, // HubSpot deals carry no campaign
                p.text("hs_analytics_source"),
                Vocabulary.dealType(p.text("dealtype")),
                p.text("closed_lost_reason"),
                null, // merged_into_id: set on losers from the survivor's hs_merged_object_ids (finishing SQL)
                r.deleted(),
                r.syncedAt());

        List<DealContactRow> dealContacts = contacts.stream().distinct()
                .map(c -> new DealContactRow(dealId, r.coreId("contact", c), r.source(), r.syncedAt()))
                .toList();

        return Normalized.of(
                CoreWrite.row(DealRow.TABLE, r.id(), deal),
                CoreWrite.children(DealContactRow.TABLE, "deal_id", dealId, dealContacts),
                CoreWrite.children(DealStageHistoryRow.TABLE, "deal_id", dealId,
                        stageHistory(r, dealId, pipelineId, stage, createdAt)));
    }

    /**
     * One row per stage with a {@code hs_date_entered_<stageId>} value, numbered by entry time. A deal without
     * any such property gets one inferred row: its current stage, entered at creation.
     */
    static List<DealStageHistoryRow> stageHistory(HubspotRecord r, String dealId, String pipelineId,
                                                  String currentStage, Instant createdAt) {
        record Entry(String stageId, Instant entered, Instant exited) {}
        List<Entry> entries = new ArrayList<>();
        for (String name : r.props.node().propertyNames()) {
            if (name.startsWith(ENTERED) && name.length() > ENTERED.length()) {
                String stageId = name.substring(ENTERED.length());
                Instant entered = r.props.instant(name);
                if (entered != null) {
                    entries.add(new Entry(stageId, entered, r.props.instant(EXITED + stageId)));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::entered).thenComparing(Entry::stageId));
        List<DealStageHistoryRow> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            rows.add(new DealStageHistoryRow(dealId, r.source(), rows.size() + 1, pipelineId,
                    r.coreId("stage", e.stageId()), e.entered(), e.exited(), "history", r.syncedAt()));
        }
        if (rows.isEmpty() && currentStage != null && createdAt != null) {
            rows.add(new DealStageHistoryRow(dealId, r.source(), 1, pipelineId, r.coreId("stage", currentStage),
                    createdAt, null, "inferred", r.syncedAt()));
        }
        return rows;
    }
}
