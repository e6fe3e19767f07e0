package io.spanvault.processor.tailsampling;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * When a sender is answered. {@code on_receipt}: once its spans are held (the collector's behaviour; spans
 * held in memory are lost if the process dies before their decision was delivered). {@code on_decision}: once
 * every trace it carried spans of was decided and, if sampled, accepted downstream, so the answer keeps
 * Spanvault's "acknowledged = accepted downstream" promise at the cost of holding the sender for up to
 * {@code decision_wait}.
 */
public enum Acknowledgement {
    ON_RECEIPT("on_receipt"),
    ON_DECISION("on_decision");

    private final String configValue;

    Acknowledgement(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    static Acknowledgement parse(String value) {
        for (Acknowledgement a : values()) {
            if (a.configValue.equals(value)) {
                return a;
            }
        }
        throw new InvalidConfigException("acknowledge", "'" + value + "' is not supported; use on_receipt or on_decision");
    }
}
