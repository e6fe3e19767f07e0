package io.spanvault.server;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.logging.Logger;

/**
 * A small application for the OpenTelemetry Java agent to instrument: it makes spans, counts orders with a
 * counter and logs through java.util.logging, which the agent exports as traces, metrics and logs (with its
 * own JVM metrics). Runs for the milliseconds given, waits a second so periodic exports go out, then exits.
 */
public final class AgentDemoApp {
    private static final Logger LOG = Logger.getLogger(AgentDemoApp.class.getName());

    private AgentDemoApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        long until = System.currentTimeMillis() + Long.parseLong(args[0]);
        Tracer tracer = GlobalOpenTelemetry.getTracer("agent-demo");
        LongCounter orders = GlobalOpenTelemetry.getMeter("agent-demo").counterBuilder("demo.orders").setUnit("{order}").build();
        while (System.currentTimeMillis() < until) {
            Span span = tracer.spanBuilder("checkout").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                orders.add(1);
                LOG.info("order placed");
                Thread.sleep(50);
            } finally {
                span.end();
            }
        }
        Thread.sleep(1000);
    }
}
