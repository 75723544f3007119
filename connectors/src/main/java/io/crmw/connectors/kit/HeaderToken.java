package io.crmw.connectors.kit;

import io.crmw.connectors.http.Auth;
import io.crmw.connectors.http.TokenEndpoint;
import io.crmw.connectors.spi.Secret;
import okhttp3.Request;

/** A long-lived token sent in a vendor's own header (Pipedrive {@code x-api-token}). */
public record HeaderToken(String header, Secret token) implements Auth {

    @Override
    public void apply(Request.Builder request, TokenEndpoint tokens) {
        request.header(header, token.reveal());
    }

    @Override
    public String credentialHint() {
        return token.origin();
    }
}
