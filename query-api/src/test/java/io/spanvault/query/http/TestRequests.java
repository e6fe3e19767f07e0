package io.spanvault.query.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;

/** Builds the {@link ApiRequest} a URI would produce, for testing parsers without a server. */
public final class TestRequests {
    private TestRequests() {
    }

    public static ApiRequest get(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        return new ApiRequest(decoder.rawPath(), decoder.parameters(), Map.of(), new DefaultHttpHeaders());
    }
}
