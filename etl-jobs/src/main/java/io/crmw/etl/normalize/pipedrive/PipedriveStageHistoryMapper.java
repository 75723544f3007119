package io.crmw.etl.normalize.pipedrive;

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
 * A deal's changelog (the connector's {@code deal_changelog} record: {@code {deal_id, add_time, stage_id, data:
 * [{field_key, old_value, new_value, time}]}}, entries from {@code /v1/deals/{id}/changelog} with v1 times) →
 * the deal's {@code core.deal_stage_history}, replaced as a set.
 *
 * <p>The deal entered its first stage (the oldest stage change's {@code old_value}, or its current {@code stage_id}
 * when it never moved) at its {@code add_time}, then each {@code new_value} at that change's time; exited_at is the
 * next entry's entered_at. Stage changes within the same second are ordered so that each leaves the stage the
 * previous one entered. The pipeline of each row is its stage's (finishing SQL).
 */
final class PipedriveStageHistoryMapper implements RecordMapper {

    private record Move(String from, String to, Instant at) {}

    private record Entry(String stage, Instant entered) {}

    @Override
    public Normalized map(RawRow raw) {
        PipedriveRecord r = new PipedriveRecord(raw);
        String deal = r.firstText("deal_id");
        String dealId = r.coreId("deal", deal != null ? deal : raw.id());
        List<Entry> entries = entries(r);
        List<DealStageHistoryRow> rows = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Instant exited = i + 1 < entries.size() ? entries.get(i + 1).entered() : null;
            rows.add(new DealStageHistoryRow(dealId, r.source(), i + 1, null, r.coreId("stage", e.stage()),
                    e.entered(), exited, "history", r.syncedAt()));
        }
        return Normalized.of(CoreWrite.children(DealStageHistoryRow.TABLE, "deal_id", dealId, rows));
    }

    static List<Entry> entries(PipedriveRecord r) {
        List<Move> moves = new ArrayList<>();
        for (JsonNode change : r.raw.payload().path("data")) {
            Fields c = new Fields(r.raw, change);
            Instant at = c.instant("time");
            if ("stage_id".equals(c.text("field_key")) && c.text("new_value") != null && at != null) {
                moves.add(new Move(c.text("old_value"), c.text("new_value"), at));
            }
        }
        moves.sort(Comparator.comparing(Move::at));
        moves = chained(moves);

        List<Entry> entries = new ArrayList<>();
        String first = moves.isEmpty() ? r.refId("stage_id") : moves.get(0).from();
        Instant created = r.instant("add_time");
        if (first != null && created != null) {
            entries.add(new Entry(first, created));
        }
        for (Move m : moves) {
            String current = entries.isEmpty() ? null : entries.get(entries.size() - 1).stage();
            if (!m.to().equals(current)) {
                entries.add(new Entry(m.to(), m.at()));
            }
        }
        return entries;
    }

    /**
     * Moves sorted by time; among moves of the same instant, the one leaving the stage the previous move entered goes
     * first, else one leaving a stage no other move of that instant enters.
     */
    private static List<Move> chained(List<Move> byTime) {
        List<Move> out = new ArrayList<>(byTime.size());
        List<Move> pending = new ArrayList<>(byTime);
        while (!pending.isEmpty()) {
            Instant at = pending.get(0).at();
            List<Move> sameInstant = pending.stream().filter(m -> m.at().equals(at)).toList();
            String current = out.isEmpty() ? null : out.get(out.size() - 1).to();
            Move next = sameInstant.stream().filter(m -> current != null && current.equals(m.from())).findFirst()
                    .or(() -> sameInstant.stream()
                            .filter(m -> sameInstant.stream().noneMatch(o -> o != m && o.to().equals(m.from())))
                            .findFirst())
                    .orElse(sameInstant.get(0));
            pending.remove(next);
            out.add(next);
        }
        return out;
    }
}
