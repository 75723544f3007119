package io.crmw.app.web;

import io.crmw.app.reports.BadReportRequest;
import io.crmw.connectors.spi.ConfigException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every API failure as a JSON body naming what was wrong and what to do; never a stack trace. */
@RestControllerAdvice(assignableTypes = {ReportsApi.class, SourcesApi.class})
public class ApiErrors {

    @ExceptionHandler(BadReportRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(BadReportRequest e) {
        HttpStatus status = e.parameter().equals("report") ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
        return json(status, ReportsApi.error(e.parameter(), e.problem(), e.accepts()));
    }

    @ExceptionHandler(PublishedCopy.NoPublishedCopy.class)
    ResponseEntity<Map<String, Object>> noCopy(PublishedCopy.NoPublishedCopy e) {
        return json(HttpStatus.SERVICE_UNAVAILABLE, ReportsApi.error(null, e.getMessage(), ""));
    }

    @ExceptionHandler(ConfigException.class)
    ResponseEntity<Map<String, Object>> notReady(ConfigException e) {
        return json(HttpStatus.SERVICE_UNAVAILABLE, ReportsApi.error(null, e.getMessage(), ""));
    }

    private static ResponseEntity<Map<String, Object>> json(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
