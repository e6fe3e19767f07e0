package io.spanvault.query.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Spanvault's own UI, shipped as classpath resources: files under {@code /assets/} as they are (404 when
 * missing, so a broken module import shows as such), every other path as {@code index.html} so the app's
 * router takes over. Under a base path, {@code <base href="/">} is rewritten to it, as {@link StaticSite} does.
 */
public final class EmbeddedUi implements RouteHandler {
    private static final String ROOT = "/io/spanvault/query/ui";
    private static final String ASSETS = "/assets/";
    /** Asset names we ship; anything else (dot-dot, encoded bytes) cannot name one. */
    private static final Pattern ASSET_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    private final byte[] index;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    public EmbeddedUi(String basePath) {
        String html = new String(read("/index.html"), StandardCharsets.UTF_8);
        index = html.replace("<base href=\"/\"", "<base href=\"" + basePath + "/\"").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String path = request.path();
        if (!path.startsWith(ASSETS)) {
            return new ApiResponse(HttpResponseStatus.OK, StaticSite.contentType(Path.of("index.html")),
                    Unpooled.wrappedBuffer(index));
        }
        byte[] body = ASSET_PATH.matcher(path).matches() ? assets.computeIfAbsent(path, EmbeddedUi::readOrNull)
                : null;
        if (body == null || body.length == 0) {
            return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "404 page not found: " + path + "\n");
        }
        return new ApiResponse(HttpResponseStatus.OK, StaticSite.contentType(Path.of(path.substring(1))),
                Unpooled.wrappedBuffer(body));
    }

    /** A missing asset is cached as an empty array: the set of resources never changes at run time. */
    private static byte[] readOrNull(String path) {
        try (InputStream in = EmbeddedUi.class.getResourceAsStream(ROOT + path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the UI resource " + path, e);
        }
    }

    private static byte[] read(String path) {
        byte[] body = readOrNull(path);
        if (body.length == 0) {
            throw new IllegalStateException("the UI resource " + ROOT + path + " is missing from the jar");
        }
        return body;
    }
}
