package io.spanvault.storage.chronicle;

import java.io.IOException;

/** The chunks posted under any of several terms (the forms one query value may have been written in). */
final class AnyOfPostings implements Postings {
    private final Postings[] alternatives;

    AnyOfPostings(Postings[] alternatives) {
        this.alternatives = alternatives;
    }

    @Override
    public long current() {
        long current = END;
        for (Postings p : alternatives) {
            current = Math.max(current, p.current());
        }
        return current;
    }

    @Override
    public void advance() throws IOException {
        long current = current();
        for (Postings p : alternatives) {
            if (p.current() == current) {
                p.advance();
            }
        }
    }

    @Override
    public void advanceTo(long offset) throws IOException {
        for (Postings p : alternatives) {
            p.advanceTo(offset);
        }
    }

    @Override
    public long bound() {
        long bound = Long.MIN_VALUE;
        for (Postings p : alternatives) {
            bound = Math.max(bound, p.bound());
        }
        return bound;
    }
}
