package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What a test supplies to create a deal; the business assigns id and timestamps. */
public record NewDeal(String name, BigDecimal amount, String currency, String pipelineId, String stageId,
                      LocalDate closeDate, String ownerId, String companyId, List<String> contactIds, String leadSource) {
  public NewDeal {
    contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
  }
}
