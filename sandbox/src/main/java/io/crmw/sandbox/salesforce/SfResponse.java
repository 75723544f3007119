package io.crmw.sandbox.salesforce;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A rendered response before faults and transport. */
record SfResponse(int status, Map<String, String> headers, byte[] body) {

  static SfResponse json(int status, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json;charset=UTF-8");
    return new SfResponse(status, h, body);
  }

  static SfResponse csv(String body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "text/csv");
    return new SfResponse(200, h, body.getBytes(StandardCharsets.UTF_8));
  }
}
