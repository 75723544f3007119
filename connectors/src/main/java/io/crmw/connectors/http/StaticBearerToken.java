package io.crmw.connectors.http;

import io.crmw.connectors.spi.Secret;
import okhttp3.Request;

/** A long-lived bearer token (HubSpot private app, Zendesk Sell PAT, ...). */
public record StaticBearerToken(Secret token) implements Auth {

    @Override
    public void apply(Request.Builder request, TokenEndpoint tokens) {
        request.header("Authorization", "Bearer " + token.reveal());
    }

    @Override
    public String credentialHint() {
        return token.origin();
    }
}
