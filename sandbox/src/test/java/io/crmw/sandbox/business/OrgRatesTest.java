package io.crmw.sandbox.business;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgRatesTest {

  @Test
  void salesforceDatedRatesChangeOnThe1stAndThe16thAndCoverEveryDayWithoutGaps() {
    List<OrgRates.DatedRate> eur = OrgRates.salesforceDated("EUR");

    assertThat(eur.get(0).start()).isEqualTo(LocalDate.of(1, 1, 1));
    assertThat(eur.get(eur.size() - 1).nextStart()).isEqualTo(LocalDate.of(9999, 12, 31));
    for (int i = 1; i < eur.size(); i++) {
      assertThat(eur.get(i).start()).isEqualTo(eur.get(i - 1).nextStart());
      assertThat(eur.get(i).start().getDayOfMonth()).isIn(1, 16);
    }
    assertThat(OrgRates.salesforceDated("EUR", LocalDate.of(2026, 3, 15)))
        .isNotEqualTo(OrgRates.salesforceDated("EUR", LocalDate.of(2026, 3, 16)));
    assertThat(OrgRates.salesforceDated("EUR", LocalDate.of(2026, 3, 16)))
        .isEqualTo(OrgRates.salesforceDated("EUR", LocalDate.of(2026, 3, 31)));
    assertThat(OrgRates.salesforceDated("USD", LocalDate.of(2026, 3, 16))).isEqualTo(BigDecimal.ONE);
  }

  @Test
  void hubSpotRatesAreMonthlyInUsdPerUnitWithSixDecimals() {
    LocalDate day = LocalDate.of(2026, 5, 20);
    BigDecimal hubspot = OrgRates.hubspotPortal("GBP", day);

    assertThat(hubspot).isBetween(new BigDecimal("1.2"), new BigDecimal("1.32"));
    assertThat(hubspot).isEqualTo(OrgRates.hubspotPortal("GBP", LocalDate.of(2026, 5, 1)));
    assertThat(hubspot).isNotEqualTo(OrgRates.hubspotPortal("GBP", LocalDate.of(2026, 6, 1)));
    assertThat(hubspot.scale()).isEqualTo(6);
  }
}
