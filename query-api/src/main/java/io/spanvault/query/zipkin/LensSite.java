package io.spanvault.query.zipkin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.ApiResponse;
import io.spanvault.query.http.RouteHandler;
import io.spanvault.query.http.StaticSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Zipkin Lens, Zipkin's UI, at {@code /zipkin/}, straight from the {@code io.zipkin:zipkin-lens} jar on the
 * class path (its files live under {@code zipkin-lens/}). Lens takes its API root from {@code <base href>}:
 * {@code /zipkin/} makes it call {@code /zipkin/api/v2/...} and {@code /zipkin/config.json}, so under a base
 * path the href (and the asset links, which are absolute) are rewritten to include it. Paths that are not
 * files ({@code /zipkin/traces/abc}) get {@code index.html}, for Lens's router.
 */
public final class LensSite implements RouteHandler {
    public static final String PREFIX = "/zipkin";
    private static final String RESOURCES = "zipkin-lens/";
    /** Zipkin server's defaults for the settings Lens reads. */
    private static final String CONFIG = """
            {"environment":"","queryLimit":10,"defaultLookback":900000,"searchEnabled":true,\
            "logsUrl":null,"supportUrl":null,"archivePostUrl":null,"archiveUrl":null,\
            "dependency":{"enabled":true,"lowErrorRate":0.5,"highErrorRate":0.75}}""";

    private final byte[] index;

    /** Reads Lens's {@code index.html} now, so a missing jar fails start-up rather than the first page view. */
    public LensSite(String basePath) {
        try (InputStream in = resource("index.html")) {
            if (in == null) {
                throw new IllegalStateException("zipkin-lens is not on the class path");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            index = html.replace("\"/zipkin/", "\"" + basePath + "/zipkin/").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Zipkin Lens's index.html", e);
        }
    }

    /** Whether the path belongs to Lens. */
    public static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws IOException {
        String file = QueryStringDecoder.decodeComponent(request.path()).substring(PREFIX.length())
                .replaceFirst("^/+", "");
        if (file.equals("config.json")) {
            return ApiResponse.text(HttpResponseStatus.OK, ApiResponse.JSON, CONFIG);
        }
        if (!file.isEmpty() && !file.equals("index.html") && !file.contains("..") && !file.endsWith("/")) {
            try (InputStream in = resource(file)) {
                if (in != null) {
                    return new ApiResponse(HttpResponseStatus.OK, StaticSite.contentType(file),
                            Unpooled.wrappedBuffer(in.readAllBytes()));
                }
            }
        }
        return new ApiResponse(HttpResponseStatus.OK, StaticSite.contentType("index.html"),
                Unpooled.wrappedBuffer(index));
    }

    private static InputStream resource(String file) {
        return LensSite.class.getClassLoader().getResourceAsStream(RESOURCES + file);
    }
}
