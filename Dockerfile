# Spanvault all-in-one image: OTLP in on 4317 (gRPC) / 4318 (HTTP), Zipkin on 9411, Jaeger-compatible query API and UI on
# 16686, health on 13133, self-metrics on 8888, Prometheus scrape of the metrics it receives on 8889; traces kept under
# the /var/lib/spanvault/data volume.
#   docker build -t spanvault . && docker run -p 4317:4317 -p 4318:4318 -p 9411:9411 -p 16686:16686 spanvault

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY pipeline/ pipeline/
COPY config/ config/
COPY storage/ storage/
COPY cassandra-testserver/ cassandra-testserver/
COPY cassandra/ cassandra/
COPY receiver/ receiver/
COPY processor/ processor/
COPY exporter/ exporter/
COPY connector/ connector/
COPY kafka/ kafka/
COPY query-api/ query-api/
COPY server/ server/
COPY bench/ bench/
RUN ./mvnw -B -q -DskipTests clean package -pl server -am

# A JDK, not a JRE: Chronicle Map reaches into javax.tools (javac) at start-up.
FROM eclipse-temurin:17-jdk
RUN useradd --system --create-home --home-dir /var/lib/spanvault spanvault \
    && mkdir -p /var/lib/spanvault/data && chown -R spanvault /var/lib/spanvault
# spanvault.jar is the launcher; its manifest puts spanvault-lib.jar, beside it, on the class path.
COPY --from=build /src/server/target/spanvault.jar /src/server/target/spanvault-lib.jar /opt/spanvault/
# The embedded presets read these: listen on every interface, keep data on the volume.
ENV SPANVAULT_LISTEN_HOST=0.0.0.0 \
    SPANVAULT_DATA_DIR=/var/lib/spanvault/data
# glibc's per-thread malloc arenas hold tens of MiB the JVM barely uses.
ENV MALLOC_ARENA_MAX=2
# The heap is half the container's memory limit (the store's memory maps, direct buffers and the JVM itself
# need the rest); the receivers' admission limit (a quarter of the heap) and the memory_limiter then refuse
# load with 429 / RESOURCE_EXHAUSTED before the container is OOM-killed. Set e.g. -e JAVA_TOOL_OPTIONS=-Xmx1g
# to choose the heap yourself.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
VOLUME /var/lib/spanvault/data
WORKDIR /var/lib/spanvault
USER spanvault
# Every port a preset listens on: all-in-one, then the gateway's own (14317, 14318, 13134, 18888). None of
# them asks for credentials (see the README's Docker section).
EXPOSE 4317 4318 9411 16686 13133 8888 8889 14317 14318 13134 18888
# The health_check extension: 13133 (all-in-one, agent, query) or 13134 (gateway); 200 once every component runs.
# curl comes with the Temurin image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:13133/ || curl -fsS -o /dev/null http://127.0.0.1:13134/ || exit 1
# java -jar starts the server in a child JVM (README, "The launcher"); its class-data-sharing archive goes to
# /tmp/spanvault-cds-spanvault, as /opt/spanvault is read-only to the server's user.
ENTRYPOINT ["java", "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true", "-jar", "/opt/spanvault/spanvault.jar"]
CMD ["run"]
