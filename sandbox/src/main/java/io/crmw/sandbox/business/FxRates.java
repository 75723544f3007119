package io.crmw.sandbox.business;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reference exchange rates from a CSV with header {@code rate_date,from_currency,to_currency,rate}.
 * The product's rule: use the row with the greatest rate_date on or before the date; same currency is rate 1.
 */
public final class FxRates {

  private final Map<String, NavigableMap<LocalDate, BigDecimal>> byPair = new HashMap<>();

  private FxRates() {
  }

  public static FxRates load(Path csv) {
    try {
      return parse(Files.readAllLines(csv));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fx rates from " + csv + ": " + e.getMessage(), e);
    }
  }

  public static FxRates parse(List<String> lines) {
    FxRates rates = new FxRates();
    if (lines.isEmpty() || !lines.get(0).trim().equals("rate_date,from_currency,to_currency,rate")) {
      throw new IllegalArgumentException("fx CSV must start with header rate_date,from_currency,to_currency,rate");
    }
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split(",");
      rates.byPair.computeIfAbsent(f[1] + "->" + f[2], k -> new TreeMap<>())
          .put(LocalDate.parse(f[0]), new BigDecimal(f[3]));
    }
    return rates;
  }

  public BigDecimal rate(String from, String to, LocalDate on) {
    if (from.equals(to)) {
      return BigDecimal.ONE;
    }
    NavigableMap<LocalDate, BigDecimal> series = byPair.get(from + "->" + to);
    Map.Entry<LocalDate, BigDecimal> e = series == null ? null : series.floorEntry(on);
    if (e == null) {
      throw new IllegalStateException("no fx rate " + from + "->" + to + " on or before " + on
          + "; add a row to the fx rates CSV");
    }
    return e.getValue();
  }
}
