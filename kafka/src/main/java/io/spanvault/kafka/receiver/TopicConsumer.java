package io.spanvault.kafka.receiver;

import com.google.protobuf.Message;
import io.spanvault.kafka.client.Encoding;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signal's consumer: a thread that polls its topics, hands each message to the pipeline and commits an
 * offset only once every message before it was marked (see {@link MessageMarking}). At most
 * {@code max_in_flight_messages} messages are read and not yet answered; past that every assigned partition is
 * paused (the thread keeps polling, so the group keeps it as a member) until the pipeline catches up, so a slow
 * pipeline slows the reading instead of filling the heap. A message the pipeline refuses with a retryable error
 * is offered again after a back-off (100 ms doubling to 5 s) for as long as the receiver runs; one it can never
 * accept (a permanent error, or a value that does not decode) is logged, counted and marked, so it cannot stop
 * its partition.
 *
 * <p>Consecutive messages of one partition read by the same poll go to the pipeline as one merged request
 * (up to {@value #MAX_MERGED_ITEMS} items, the batch processor's default batch), so the pipeline pays its
 * per-request cost (a store write, a queue entry) once per poll rather than once per message; each message
 * still counts against {@code max_in_flight_messages} and is marked on its own once the merged request is
 * accepted. A merged request refused permanently is offered again message by message, so one bad message
 * cannot drop the others.
 */
final class TopicConsumer<T extends Message> implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long FIRST_RETRY_NANOS = 100_000_000L;
    private static final long LAST_RETRY_NANOS = 5_000_000_000L;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_MERGED_ITEMS = 8192;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Signal<T> signal;
    private final Encoding encoding;
    private final SignalConsumer<T> next;
    private final MessageMarking marking;
    private final long commitEveryNanos;
    private final int maxInFlight;
    private final Duration drainTimeout;
    private final KafkaReceiverMetrics metrics;
    private final String name;

    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Long> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> unread = new ArrayDeque<>();
    private final PriorityQueue<Delivery> retries = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    /** Answers from the pipeline's threads, applied by the poll thread. */
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private int inFlight;
    private boolean paused;
    private long lastCommitNanos = System.nanoTime();
    private volatile boolean running = true;

    /** Messages of one partition handed to the pipeline as one request, with what their retries need. */
    private static final class Delivery {
        final List<ConsumerRecord<byte[], byte[]>> records;
        /** Each message's own request, to offer them one by one after a permanent refusal. */
        final List<Message> parts;
        final Message request;
        final int items;
        long backoffNanos = FIRST_RETRY_NANOS;
        long dueNanos;
        boolean warned;

        Delivery(List<ConsumerRecord<byte[], byte[]>> records, List<Message> parts, Message request, int items) {
            this.records = records;
            this.parts = parts;
            this.request = request;
            this.items = items;
        }

        TopicPartition partition() {
            ConsumerRecord<byte[], byte[]> first = records.get(0);
            return new TopicPartition(first.topic(), first.partition());
        }

        String offsets() {
            long firstOffset = records.get(0).offset();
            long last = records.get(records.size() - 1).offset();
            return firstOffset == last ? Long.toString(firstOffset) : firstOffset + "-" + last;
        }
    }

    private record Answer(Delivery delivery, Throwable failure) {
    }

    TopicConsumer(Consumer<byte[], byte[]> consumer, List<String> topics, Signal<T> signal, Encoding encoding,
            SignalConsumer<T> next, MessageMarking marking, Duration commitEvery, int maxInFlight,
            Duration drainTimeout, KafkaReceiverMetrics metrics, String name) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.signal = signal;
        this.encoding = encoding;
        this.next = next;
        this.marking = marking;
        this.commitEveryNanos = commitEvery.toNanos();
        this.maxInFlight = maxInFlight;
        this.drainTimeout = drainTimeout;
        this.metrics = metrics;
        this.name = name;
    }

    /** Stops reading; the thread then waits (up to the drain timeout) for the answers to what it handed on. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                applyAnswers();
                startDueRetries();
                handOnUnread();
                commitIfDue(false);
                pauseOrResume();
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        PartitionProgress partition = progress.get(new TopicPartition(record.topic(), record.partition()));
                        if (partition != null) {
                            partition.read(record.offset(), !marking.after());
                            unread.add(record);
                        }
                    }
                } catch (WakeupException e) {
                    // stop() was called
                }
                updateLags();
            }
            drain();
        } catch (KafkaException e) {
            LOG.error("receiver {}: the Kafka consumer failed; reading stops: {}", name, e.toString());
        } catch (RuntimeException e) {
            LOG.error("receiver {}: reading stops after an unexpected failure", name, e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("receiver {}: closing the Kafka consumer failed: {}", name, e.toString());
            }
        }
    }

    /** Waits for the answers to messages in flight (retries are given up: they stay uncommitted), then commits. */
    private void drain() {
        retries.forEach(d -> inFlight -= d.records.size());
        retries.clear();
        unread.clear();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight > 0 && System.nanoTime() < deadline) {
            applyAnswers();
            if (inFlight > 0) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        commitIfDue(true);
    }

    private void handOnUnread() {
        while (inFlight < maxInFlight && !unread.isEmpty()) {
            ConsumerRecord<byte[], byte[]> head = unread.peek();
            TopicPartition partition = new TopicPartition(head.topic(), head.partition());
            PartitionProgress p = progress.get(partition);
            if (p == null) {
                unread.poll();
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            List<T> parts = new ArrayList<>();
            int items = 0;
            while (inFlight + records.size() < maxInFlight && items < MAX_MERGED_ITEMS && !unread.isEmpty()
                    && unread.peek().partition() == head.partition() && unread.peek().topic().equals(head.topic())) {
                ConsumerRecord<byte[], byte[]> record = unread.poll();
                offsets.put(partition, record.offset());
                byte[] value = record.value() == null ? new byte[0] : record.value();
                T request;
                try {
                    request = encoding.decode(value, signal);
                } catch (Encoding.MessageFormatException e) {
                    LOG.warn("receiver {}: skipping message {}-{}@{}: {}", name, record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                    metrics.unmarshalFailed(partition);
                    metrics.record(partition, false, value.length);
                    p.mark(record.offset());
                    continue;
                }
                records.add(record);
                parts.add(request);
                items += signal.itemCount(request);
            }
            if (records.isEmpty()) {
                continue;
            }
            inFlight += records.size();
            T request = parts.size() == 1 ? parts.get(0) : signal.merge(parts);
            handOn(new Delivery(records, List.copyOf(parts), request, items));
        }
    }

    @SuppressWarnings("unchecked")
    private void handOn(Delivery delivery) {
        try {
            next.consume((T) delivery.request).whenComplete((ok, error) -> answers.add(new Answer(delivery, error)));
        } catch (RuntimeException e) {
            answers.add(new Answer(delivery, e));
        }
    }

    private void applyAnswers() {
        for (Answer answer = answers.poll(); answer != null; answer = answers.poll()) {
            Delivery d = answer.delivery();
            TopicPartition partition = d.partition();
            PartitionProgress p = progress.get(partition);
            if (answer.failure() == null) {
                inFlight -= d.records.size();
                metrics.accepted(d.items);
                for (ConsumerRecord<byte[], byte[]> record : d.records) {
                    metrics.record(partition, true, bytes(record));
                    if (p != null) {
                        p.mark(record.offset());
                    }
                }
                continue;
            }
            ConsumerException failure = ConsumerException.of(answer.failure());
            if (failure instanceof PermanentException && d.records.size() > 1 && p != null && running) {
                // One of the merged messages may be the bad one: find it by offering each alone.
                for (int i = 0; i < d.records.size(); i++) {
                    Message part = d.parts.get(i);
                    handOn(new Delivery(List.of(d.records.get(i)), List.of(part), part, signalItems(part)));
                }
                continue;
            }
            boolean giveUp = failure instanceof PermanentException || marking.onError() || p == null || !running;
            if (giveUp) {
                inFlight -= d.records.size();
                if (p != null) {
                    metrics.refused(d.items);
                    boolean mark = failure instanceof PermanentException || marking.onError();
                    if (mark) {
                        LOG.warn("receiver {}: dropping message {}@{} ({} {}): {}", name, partition, d.offsets(),
                                d.items, signal.itemName(), failure.getMessage());
                    }
                    for (ConsumerRecord<byte[], byte[]> record : d.records) {
                        metrics.record(partition, false, bytes(record));
                        if (mark) {
                            p.mark(record.offset());
                        }
                    }
                }
                continue;
            }
            if (!d.warned) {
                LOG.warn("receiver {}: the pipeline refused message {}@{} for now, retrying it: {}", name, partition,
                        d.offsets(), failure.getMessage());
                d.warned = true;
            }
            long wait = Math.max(d.backoffNanos, failure instanceof io.spanvault.pipeline.consumer.RetryableException r
                    ? r.retryAfter().map(Duration::toNanos).orElse(0L) : 0L);
            d.dueNanos = System.nanoTime() + wait;
            d.backoffNanos = Math.min(LAST_RETRY_NANOS, d.backoffNanos * 2);
            retries.add(d);
        }
    }

    @SuppressWarnings("unchecked")
    private int signalItems(Message request) {
        return signal.itemCount((T) request);
    }

    private static int bytes(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }

    private void startDueRetries() {
        long now = System.nanoTime();
        while (!retries.isEmpty() && retries.peek().dueNanos <= now) {
            Delivery d = retries.poll();
            if (progress.containsKey(d.partition())) {
                handOn(d);
            } else {
                inFlight -= d.records.size();
            }
        }
    }

    private void pauseOrResume() {
        boolean full = inFlight >= maxInFlight || !unread.isEmpty();
        Set<TopicPartition> assigned = consumer.assignment();
        if (full && (!paused || !consumer.paused().containsAll(assigned))) {
            consumer.pause(assigned);
            paused = true;
        } else if (!full && paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void commitIfDue(boolean now) {
        if (!now && System.nanoTime() - lastCommitNanos < commitEveryNanos) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        commit(progress.keySet());
    }

    private void commit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionProgress p = progress.get(partition);
            long offset = p == null ? -1 : p.commitCandidate();
            if (offset >= 0) {
                commits.put(partition, new OffsetAndMetadata(offset));
            }
        }
        if (commits.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commits, COMMIT_TIMEOUT);
            commits.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        } catch (WakeupException e) {
            // stop() interrupted the commit; the drain commits again
            if (running) {
                throw e;
            }
            consumer.commitSync(commits, COMMIT_TIMEOUT);
            commits.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        } catch (KafkaException e) {
            LOG.warn("receiver {}: committing offsets failed, trying again later: {}", name, e.toString());
        }
    }

    private void updateLags() {
        for (TopicPartition partition : progress.keySet()) {
            consumer.currentLag(partition).ifPresent(lag -> lags.put(partition, lag));
        }
    }

    /** Commits what a partition leaving this member has marked; what is still in flight there is read again by its next owner. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                progress.put(partition, new PartitionProgress());
                metrics.partitionStarted(partition, () -> offsets.getOrDefault(partition, -1L),
                        () -> lags.getOrDefault(partition, 0L));
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            Set<TopicPartition> gone = new HashSet<>(partitions);
            unread.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
            for (TopicPartition partition : partitions) {
                progress.remove(partition);
                metrics.partitionClosed();
            }
        }
    }
}
