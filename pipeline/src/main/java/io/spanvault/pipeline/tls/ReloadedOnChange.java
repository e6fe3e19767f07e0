package io.spanvault.pipeline.tls;

import io.spanvault.pipeline.config.WatchedFiles;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was loaded from TLS files, loaded again when they change. A change that cannot be loaded (a key not
 * matching its certificate yet) keeps the previous value and is logged; the next change is tried again.
 */
final class ReloadedOnChange<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadedOnChange.class);

    private final Supplier<T> loader;
    private final WatchedFiles files;
    private final String what;
    private final String loaded;
    private volatile T current;

    /** {@code loaded} names what the files hold in the log lines, e.g. "certificate". */
    ReloadedOnChange(Supplier<T> loader, WatchedFiles files, String what, String loaded) {
        this.loader = loader;
        this.files = files;
        this.what = what;
        this.loaded = loaded;
        this.current = loader.get();
    }

    T get() {
        if (files.changed()) {
            try {
                current = loader.get();
                LOG.info("{}: loaded the changed {}", what, loaded);
            } catch (RuntimeException e) {
                LOG.warn("{}: keeping the previous {}: {}", what, loaded, e.getMessage());
            }
        }
        return current;
    }

    /** What was loaded last, without looking at the files. */
    T last() {
        return current;
    }
}
