package io.spanvault.pipeline.component;

/** Takes data from outside (a port, a topic) and hands it to its pipelines' consumers. */
public interface Receiver extends Component {

    /**
     * Stops taking new data (no new connections or calls) while the requests already taken go on. The
     * service calls it first when stopping, then lets processors flush and exporters drain, which answers
     * those requests, and only then calls {@link #close()}, which waits for the answers to be sent. Closing
     * at once would cut off callers whose data a flush was about to deliver.
     */
    default void stopAccepting() {
    }
}
