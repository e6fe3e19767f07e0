package io.spanvault.query.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves a single-page app (a built Jaeger UI) from a directory: existing files as they are, every other path
 * ({@code /search}, {@code /trace/abc}) as {@code index.html} so the app's router takes over. Under a base
 * path, {@code <base href="/">} in {@code index.html} is rewritten to it, as Jaeger's query service does.
 * Nothing outside the directory is ever served, whether reached by {@code ..} or by a symlink.
 */
public final class StaticSite implements RouteHandler {
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("webmanifest", "application/manifest+json"));

    private final Path root;
    /** The root with every symlink resolved: a file is served only when its real path is below it. */
    private final Path realRoot;
    private final byte[] index;

    /** Reads {@code index.html} now, so a missing one fails start-up rather than the first page view. */
    public StaticSite(Path root, String basePath) {
        this.root = root.toAbsolutePath().normalize();
        Path indexFile = this.root.resolve("index.html");
        if (!Files.isRegularFile(indexFile)) {
            throw new IllegalArgumentException("no index.html in " + this.root);
        }
        try {
            this.realRoot = this.root.toRealPath();
            String html = Files.readString(indexFile, StandardCharsets.UTF_8);
            this.index = html.replace("<base href=\"/\"", "<base href=\"" + basePath + "/\"")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + indexFile, e);
        }
    }

    /**
     * The file at the request's path, or {@code index.html} for a path that names no file. A path that leaves
     * the root ({@code ..}, or a symlink whose target is outside it) is a 404.
     */
    @Override
    public ApiResponse handle(ApiRequest request) throws IOException {
        Path file = root.resolve(UrlEscapes.decodePath(request.path()).replaceFirst("^/+", "")).normalize();
        if (!file.startsWith(root)) {
            throw notFound(request);
        }
        if (!file.equals(root) && !file.getFileName().toString().equals("index.html") && Files.exists(file)) {
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw notFound(request);
            }
            if (Files.isRegularFile(real)) {
                return new ApiResponse(HttpResponseStatus.OK, contentType(file), Unpooled.wrappedBuffer(
                        Files.readAllBytes(real)));
            }
        }
        return new ApiResponse(HttpResponseStatus.OK, CONTENT_TYPES.get("html"), Unpooled.wrappedBuffer(index));
    }

    private static ApiException notFound(ApiRequest request) {
        return ApiException.notFound("404 page not found: " + request.path());
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
