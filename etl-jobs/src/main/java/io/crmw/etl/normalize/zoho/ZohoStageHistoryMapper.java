package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.DealStageHistoryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A deal's stage history (the connector's {@code deal_stage_history} record: {@code {deal_id, Modified_Time,
 * data: [{id, Stage, Probability, Amount, Closing_Date, Modified_Time}]}}, Zoho's Stage_History entries, newest
 * first) → the deal's {@code core.deal_stage_history}, replaced as a set.
 *
 * <p>Each entry's {@code Modified_Time} is when the deal entered its {@code Stage}; entries are ordered by it
 * (then by id), and an entry in the stage the previous one entered (an amount or date change) is no new row;
 * exited_at is the next row's entered_at. The entries name the stage only by its display value: the row holds
 * the placeholder {@code <source>:stage-name:<Stage>} until finishing SQL puts it in its deal's pipeline
 * ({@link ZohoNormalizer#HISTORY_STAGE_IN_DEAL_PIPELINE}).
 */
final class ZohoStageHistoryMapper implements RecordMapper {

    /** The placeholder entity of a stage known only by name. */
    static final String STAGE_NAME = "stage-name";

    private record Entry(String stage, Instant entered, String id) {}

    @Override
    public Normalized map(RawRow raw) {
        ZohoRecord r = new ZohoRecord(raw);
        String deal = r.firstText("deal_id");
        String dealId = r.coreId("deal", deal != null ? deal : raw.id());
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : raw.payload().path("data")) {
            Fields e = new Fields(raw, item);
            Instant at = e.instant("Modified_Time");
            if (e.text("Stage") != null && at != null) {
                entries.add(new Entry(e.text("Stage"), at, e.text("id") == null ? "" : e.text("id")));
            }
        }
        entries.sort(Comparator.comparing(Entry::entered).thenComparing(Entry::id));
        List<Entry> moves = new ArrayList<>();
        for (Entry e : entries) {
            if (moves.isEmpty() || !moves.get(moves.size() - 1).stage().equals(e.stage())) {
                moves.add(e);
            }
        }
        List<DealStageHistoryRow> rows = new ArrayList<>(moves.size());
        for (int i = 0; i < moves.size(); i++) {
            Entry e = moves.get(i);
            Instant exited = i + 1 < moves.size() ? moves.get(i + 1).entered() : null;
            rows.add(new DealStageHistoryRow(dealId, r.source(), i + 1, null, r.coreId(STAGE_NAME, e.stage()),
                    e.entered(), exited, "history", r.syncedAt()));
        }
        return Normalized.of(CoreWrite.children(DealStageHistoryRow.TABLE, "deal_id", dealId, rows));
    }
}
