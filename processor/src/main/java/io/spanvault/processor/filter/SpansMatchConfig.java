package io.spanvault.processor.filter;

import io.spanvault.processor.matching.MatchProperties;

/** The older {@code spans} form: spans not matching {@code include}, or matching {@code exclude}, are dropped. */
public record SpansMatchConfig(MatchProperties include, MatchProperties exclude) {
}
