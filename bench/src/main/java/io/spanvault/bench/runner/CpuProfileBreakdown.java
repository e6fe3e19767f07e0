package io.spanvault.bench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU went, from the CPU samples of a JFR recording ({@code jdk.CPUTimeSample}, JDK 25's
 * CPU-time sampler, else {@code jdk.ExecutionSample}): the share of each thread group, and within the chosen
 * threads the share of each step of an OTLP request's path, so two recordings (OTLP/gRPC and OTLP/HTTP, or
 * two builds) compare step by step. Given the threads' CPU per span (the runner's
 * {@code server_threads_us_per_span}), each share is also printed in µs per span.
 */
public final class CpuProfileBreakdown {

    /** A step of the request path: a sample counts for the first step one of whose frames matches. */
    record Step(String name, Pattern frame) {
        Step(String name, String frame) {
            this(name, Pattern.compile(frame));
        }
    }

    /**
     * Checked in this order: answering first (it runs inside the store write's or the batch's frames when they
     * complete a caller), then the store write (also when it runs inside a gRPC callback), then the rest.
     */
    static final List<Step> STEPS = List.of(
            new Step("gRPC answer queued (sendHeaders, sendMessage, close)",
                    "io\\.grpc\\.internal\\.ServerCallImpl\\.(sendHeaders|sendMessage|close)$"),
            new Step("HTTP/1.1 answer written", "IngestHttpHandler\\.(answer|send|resume)$"),
            new Step("store write", "ChronicleTraceStore\\.write$|WriterPool\\.write$"),
            new Step("protobuf parse", "ExportTraceServiceRequest\\$1\\.parsePartialFrom$|AbstractParser\\.parseFrom$"),
            new Step("admission estimate", "pipeline\\.admission\\.DecodedSize\\."),
            new Step("request copy", "AdmittedExportCall\\$Exchange\\.read$"),
            new Step("checks, batch, completions", "ExportHandler\\.export$|BatchProcessor\\.|SpanIdValidator\\."),
            new Step("gRPC answer written (frames, HPACK, flow control, writev)", "grpc\\.netty\\.WriteQueue\\.flush$"),
            new Step("HTTP/2 HEADERS in (HPACK, stream and call set-up)",
                    "http2\\.DefaultHttp2FrameReader\\.readHeadersFrame$"),
            new Step("HTTP/2 DATA in (deframing)", "http2\\.DefaultHttp2FrameReader\\.readDataFrame$"),
            new Step("HTTP/2 other frames in", "http2\\.DefaultHttp2FrameReader\\.|http2\\.Http2ConnectionHandler\\."),
            new Step("HTTP/1.1 request decoded", "codec\\.http\\.HttpObjectDecoder\\.|IngestHttpHandler\\."),
            new Step("socket writes", "\\.(doWrite|writevAddresses|writeAddress|write0)$"),
            new Step("socket reads", "\\.(recvAddress|readAddress|read0|epollInReady)$|NioByteUnsafe\\.read$"),
            new Step("waiting in epoll / select", "\\.(epollWait0?|epollBusyWait0|wait|select0?)$"),
            new Step("other event-loop tasks", "\\.(runAllTasks|runTask)$"));

    static final String OTHER = "other";

    /** The step a sample's frames (innermost first, {@code class.method}) belong to. */
    static String step(List<String> frames) {
        for (Step step : STEPS) {
            for (String frame : frames) {
                if (step.frame().matcher(frame).find()) {
                    return step.name();
                }
            }
        }
        return OTHER;
    }

    /** Samples per thread group, and per step for the threads whose group starts with {@code threads}. */
    record Breakdown(String eventType, Map<String, Long> byGroup, Map<String, Long> bySteps, long selected) {

        long samples() {
            return byGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        void print(PrintStream out, String threads, double microsPerSpan) {
            long all = samples();
            out.printf(Locale.ROOT, "samples=%d event=%s%n", all, eventType);
            out.println("thread groups (share of all samples):");
            byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> out.printf(Locale.ROOT, "  %-40s %5.1f%%%n", e.getKey(), 100.0 * e.getValue() / all));
            if (threads == null) {
                return;
            }
            out.printf(Locale.ROOT, "steps of the %s threads (%d samples; share of them%s):%n", threads, selected,
                    microsPerSpan > 0 ? ", and µs per span at " + microsPerSpan + " µs/span for these threads" : "");
            for (Map.Entry<String, Long> e : bySteps.entrySet()) {
                double share = (double) e.getValue() / selected;
                out.printf(Locale.ROOT, microsPerSpan > 0 ? "  %-60s %5.1f%%  %5.2f%n" : "  %-60s %5.1f%%%n",
                        e.getKey(), 100 * share, share * microsPerSpan);
            }
        }
    }

    static Breakdown read(Path recording, String threads) throws IOException {
        String type = hasEvents(recording, "jdk.CPUTimeSample") ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        Map<String, Long> byGroup = new TreeMap<>();
        Map<String, Long> bySteps = new LinkedHashMap<>();
        STEPS.forEach(s -> bySteps.put(s.name(), 0L));
        bySteps.put(OTHER, 0L);
        long selected = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals(type)) {
                    continue;
                }
                RecordedThread thread = event.hasField("sampledThread") ? event.getThread("sampledThread")
                        : event.getThread();
                String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName()
                        : thread.getOSName();
                String group = ThreadStats.group(String.valueOf(name));
                byGroup.merge(group, 1L, Long::sum);
                if (threads != null && group.startsWith(threads)) {
                    selected++;
                    bySteps.merge(step(frames(event)), 1L, Long::sum);
                }
            }
        }
        bySteps.values().removeIf(n -> n == 0);
        return new Breakdown(type, byGroup, bySteps, selected);
    }

    private static boolean hasEvents(Path recording, String type) throws IOException {
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                if (file.readEvent().getEventType().getName().equals(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> frames(RecordedEvent event) {
        List<String> frames = new ArrayList<>();
        if (event.getStackTrace() != null) {
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
        }
        return frames;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("""
                    usage: java -cp spanvault-loadgen.jar io.spanvault.bench.runner.CpuProfileBreakdown RECORDING.jfr \
                    [--threads GROUP] [--us-per-span N]
                      --threads GROUP     break the samples of this thread group down by request step (e.g. otlp-grpc)
                      --us-per-span N     that group's CPU per span (server_threads_us_per_span), to print µs per step
                    record with JDK 25: -XX:StartFlightRecording=filename=F.jfr,settings=profile,\
                    jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms""");
            System.exit(2);
        }
        String threads = null;
        double microsPerSpan = 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = args[i + 1];
                case "--us-per-span" -> microsPerSpan = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        read(Path.of(args[0]), threads).print(System.out, threads, microsPerSpan);
    }
}
