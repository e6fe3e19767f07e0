package io.spanvault.pipeline.graph;

import java.net.BindException;

/** A component's {@code start} failed; the message names the component and, for a port in use, the address. */
public final class ComponentStartException extends Exception {
    private final String component;

    public ComponentStartException(String component, Throwable cause) {
        super(component + ": " + reason(cause), cause);
        this.component = component;
    }

    /** The component, as {@code receiver 'otlp'}. */
    public String component() {
        return component;
    }

    /** Whether the component could not listen because another process has the address. */
    public boolean addressInUse() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
