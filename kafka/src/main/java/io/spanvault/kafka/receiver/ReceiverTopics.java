package io.spanvault.kafka.receiver;

import java.util.List;

/** A signal's section of the receiver ({@code traces}, {@code metrics}, {@code logs}): topics and encoding. */
public record ReceiverTopics(List<String> topics, String encoding) {
    public ReceiverTopics {
        topics = topics == null ? null : List.copyOf(topics);
    }
}
