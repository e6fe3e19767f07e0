package io.spanvault.bench.runner;

import io.spanvault.bench.loadgen.LoadGenerator;
import io.spanvault.bench.loadgen.LoadResult;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the server and this process spent, and what the server counted, from the start to the end of a load
 * generator's measured phase: the warm-up before it and the closing of connections after it stay outside.
 */
final class MeasuredWindow implements LoadGenerator.MeasuredPhase {
    /** The server's own count of accepted spans; below zero for a server that does not count them. */
    interface AcceptedSpans {
        long read() throws Exception;
    }

    /** The counters read at one end of the window. */
    private record Snapshot(long nanos, long accepted, double serverCpu, double clientCpu, ThreadStats serverThreads,
            ThreadStats clientThreads) {
    }

    private final ProcessStats server;
    private final ProcessStats client;
    private final AcceptedSpans accepted;
    private final long clockTicks;
    private RssSampler rss;
    private Snapshot start;
    private Snapshot end;

    MeasuredWindow(ProcessStats server, ProcessStats client, AcceptedSpans accepted, long clockTicks) {
        this.server = server;
        this.client = client;
        this.accepted = accepted;
        this.clockTicks = clockTicks;
    }

    @Override
    public void started() {
        start = snapshot("before");
        rss = new RssSampler(server, 250);
    }

    @Override
    public void ended() {
        rss.close();
        end = snapshot("after");
    }

    /** The scenario's result, once the phase has ended. */
    ScenarioResult result(Scenario scenario, LoadResult load) {
        if (end == null) {
            throw new IllegalStateException("the measured phase of " + scenario.label() + " never ended");
        }
        return new ScenarioResult(scenario, load, start.nanos(), end.nanos(),
                end.serverCpu() - start.serverCpu(), end.clientCpu() - start.clientCpu(), rss.averageBytes(),
                rss.maxBytes(), end.accepted() < 0 ? -1 : end.accepted() - start.accepted(),
                end.serverThreads().minus(start.serverThreads()), end.clientThreads().minus(start.clientThreads()),
                clockTicks);
    }

    private Snapshot snapshot(String when) {
        try {
            return new Snapshot(System.nanoTime(), accepted.read(), server.cpuSeconds(), client.cpuSeconds(),
                    ThreadStats.of(server.pid()), ThreadStats.of(client.pid()));
        } catch (Exception e) {
            String message = "reading the server's figures " + when + " the measured phase: " + e;
            throw e instanceof IOException io ? new UncheckedIOException(message, io)
                    : new IllegalStateException(message, e);
        }
    }
}
