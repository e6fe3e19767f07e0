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

    private final ProcessStats server;
    private final ProcessStats client;
    private final AcceptedSpans accepted;
    private final long clockTicks;
    private RssSampler rss;
    private long acceptedBefore;
    private double serverCpuBefore;
    private double clientCpuBefore;
    private ThreadStats serverThreadsBefore;
    private ThreadStats clientThreadsBefore;
    private long wallBefore;
    private double wallSeconds;
    private double serverCpu;
    private double clientCpu;
    private ThreadStats serverThreads;
    private ThreadStats clientThreads;
    private long acceptedDuring;

    MeasuredWindow(ProcessStats server, ProcessStats client, AcceptedSpans accepted, long clockTicks) {
        this.server = server;
        this.client = client;
        this.accepted = accepted;
        this.clockTicks = clockTicks;
    }

    @Override
    public void started() {
        try {
            acceptedBefore = accepted.read();
            serverCpuBefore = server.cpuSeconds();
            clientCpuBefore = client.cpuSeconds();
            serverThreadsBefore = ThreadStats.of(server.pid());
            clientThreadsBefore = ThreadStats.of(client.pid());
        } catch (Exception e) {
            throw failed("before", e);
        }
        rss = new RssSampler(server, 250);
        wallBefore = System.nanoTime();
    }

    @Override
    public void ended() {
        wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
        rss.close();
        try {
            serverCpu = server.cpuSeconds() - serverCpuBefore;
            clientCpu = client.cpuSeconds() - clientCpuBefore;
            serverThreads = ThreadStats.of(server.pid()).minus(serverThreadsBefore);
            clientThreads = ThreadStats.of(client.pid()).minus(clientThreadsBefore);
            long after = accepted.read();
            acceptedDuring = after < 0 ? -1 : after - acceptedBefore;
        } catch (Exception e) {
            throw failed("after", e);
        }
    }

    /** The scenario's result, once the phase has ended. */
    ScenarioResult result(Scenario scenario, LoadResult load) {
        if (serverThreads == null) {
            throw new IllegalStateException("the measured phase of " + scenario.label() + " never ended");
        }
        return new ScenarioResult(scenario, load, wallSeconds, serverCpu, clientCpu, rss.averageBytes(),
                rss.maxBytes(), acceptedDuring, serverThreads, clientThreads, clockTicks);
    }

    private static RuntimeException failed(String when, Exception e) {
        String message = "reading the server's figures " + when + " the measured phase: " + e;
        return e instanceof IOException io ? new UncheckedIOException(message, io) : new IllegalStateException(message, e);
    }
}
