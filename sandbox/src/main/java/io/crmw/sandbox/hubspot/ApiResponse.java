package io.crmw.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

/** A rendered response before faults and transport: status, extra headers, JSON bytes. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

  static ApiResponse json(int status, byte[] body) {
    return new ApiResponse(status, new LinkedHashMap<>(), body);
  }
}
