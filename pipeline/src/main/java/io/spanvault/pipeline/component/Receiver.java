package io.spanvault.pipeline.component;

/** Takes data from outside (a port, a topic) and hands it to its pipelines' consumers. */
public interface Receiver extends Component {
}
