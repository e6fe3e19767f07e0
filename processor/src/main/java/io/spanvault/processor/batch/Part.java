package io.spanvault.processor.batch;

/** A piece of one caller's data waiting in a batch: a whole request, or one chunk of a split one. */
record Part<T>(T request, int items, Caller caller) {
}
