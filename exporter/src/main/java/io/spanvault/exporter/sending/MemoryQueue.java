package io.spanvault.exporter.sending;

import java.util.ArrayDeque;

/** A bounded in-memory queue; what it holds is lost when the process stops. */
public final class MemoryQueue<T> implements SendingQueue<T> {
    private final int capacity;
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private int size;
    private long nextPosition;

    public MemoryQueue(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean offer(T request) {
        if (size >= capacity) {
            return false;
        }
        waiting.addLast(request);
        size++;
        return true;
    }

    @Override
    public synchronized Queued<T> poll() {
        T request = waiting.pollFirst();
        return request == null ? null : new Queued<>(request, nextPosition++);
    }

    @Override
    public synchronized void complete(Queued<T> item) {
        size--;
    }

    @Override
    public synchronized int size() {
        return size;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void close() {
    }
}
