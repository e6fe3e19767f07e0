package io.spanvault.pipeline.component;

/** A component outside the pipelines (health check, query API). Started first, stopped last. */
public interface Extension extends Component {

    /** Every pipeline component has started; the service takes data now. */
    default void ready() {
    }

    /** The service is about to stop its pipelines. */
    default void notReady() {
    }
}
