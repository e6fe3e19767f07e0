package io.spanvault.query.extension;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.server.SharedQueryRoutes;
import io.spanvault.query.apiv3.V3Api;
import io.spanvault.pipeline.server.ServerSecurity;
import io.spanvault.query.http.HostAllowList;
import io.spanvault.query.http.EmbeddedUi;
import io.spanvault.query.http.QueryHttpServer;
import io.spanvault.query.http.RouteHandler;
import io.spanvault.query.http.Router;
import io.spanvault.query.http.StaticSite;
import io.spanvault.query.jaeger.V1Api;
import io.spanvault.query.metrics.MetricsApi;
import io.spanvault.query.zipkin.LensSite;
import io.spanvault.query.zipkin.ZipkinQueryRoutes;
import io.spanvault.query.zipkin.ZipkinV2Api;
import io.spanvault.storage.backend.BackendLookup;
import io.spanvault.storage.TraceReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Jaeger-compatible query API (v1 and api_v3), Zipkin's v2 API, Zipkin Lens and the UI bundle over
 * the storage backend named by {@code storage}: one of the storage extension's, or the backend a shorthand
 * {@code store} exporter owns. Zipkin's API and Lens are also offered to the {@code zipkin} receiver, which
 * answers them on its own port (9411).
 */
public final class QueryExtension implements Extension, SharedQueryRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(QueryExtension.class);

    private final ComponentContext context;
    private final QueryConfig config;
    private final Clock clock;
    private QueryHttpServer server;
    private InetSocketAddress address;
    private ZipkinQueryRoutes zipkinRoutes;

    public QueryExtension(ComponentContext context, QueryConfig config, Clock clock) {
        this.context = context;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void start(Host host) throws Exception {
        TraceReader reader = BackendLookup.owner(host, config.storage(), "storage").reader(config.storage());
        Supplier<TraceReader> store = () -> reader;
        Router router = new Router(fallback());
        new V1Api(store, clock, config.searchLimits()).register(router);
        new V3Api(store, config.searchLimits()).register(router);
        new MetricsApi(store, clock, config.metrics().maxLookback(), config.metrics().maxSpans()).register(router);
        new ZipkinV2Api(store, clock, config.searchLimits()).register(router);
        ServerSecurity security = ServerSecurity.resolve(context.id().toString(), host, config.tls(), config.cors(),
                config.auth());
        HostAllowList hosts = HostAllowList.of(config.allowedHosts(), config.endpoint().host());
        // the zipkin receiver's port answers these with the query extension's own auth, CORS and Host checks
        zipkinRoutes = new ZipkinQueryRoutes(store, clock, config.searchLimits(), security, hosts);
        server = new QueryHttpServer(router, config.basePath(), security, hosts, config.limits());
        address = server.start(config.endpoint());
        LOG.info("{}: UI{}, Jaeger and Zipkin query APIs and Zipkin Lens at /zipkin/ listening on {}://{}:{}{}/",
                context.id(), config.ui() == null ? "" : " from " + config.ui().staticFiles(),
                config.tls() == null ? "http" : "https", address.getHostString(), address.getPort(),
                config.basePath());
    }

    private RouteHandler fallback() {
        RouteHandler site;
        if (config.ui() == null) {
            site = new EmbeddedUi(config.basePath());
        } else {
            Path dir = Path.of(config.ui().staticFiles());
            if (!Files.isRegularFile(dir.resolve("index.html"))) {
                throw new InvalidConfigException("ui.static_files", "'" + dir + "' is not a directory holding"
                        + " index.html");
            }
            site = new StaticSite(dir, config.basePath());
        }
        LensSite lens = new LensSite(config.basePath());
        return request -> {
            String path = request.path();
            if (ZipkinV2Api.owns(path)) {
                return ZipkinV2Api.notFound(request);
            }
            if (LensSite.owns(path)) {
                return lens.handle(request);
            }
            return path.equals("/api") || path.startsWith("/api/") ? V1Api.notFound(request) : site.handle(request);
        };
    }

    @Override
    public boolean serves(String path) {
        return zipkinRoutes != null && zipkinRoutes.serves(path);
    }

    @Override
    public FullHttpResponse answer(FullHttpRequest request) {
        if (zipkinRoutes == null) {
            throw new IllegalStateException("the query extension is not started");
        }
        return zipkinRoutes.answer(request);
    }

    /** The port the server listens on (the OS's choice when the endpoint asked for port 0). */
    public int port() {
        if (address == null) {
            throw new IllegalStateException("the query extension is not started");
        }
        return address.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
