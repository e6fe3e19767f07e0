package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** Every statement the backend runs, prepared once per session. */
final class PreparedQueries {
    final PreparedStatement insertSpan;
    final PreparedStatement insertDay;
    final PreparedStatement insertService;
    final PreparedStatement insertOperation;
    final PreparedStatement insertServiceIndex;
    final PreparedStatement insertOperationIndex;
    final PreparedStatement insertTagIndex;
    final PreparedStatement insertDurationIndex;
    final PreparedStatement countCalls;
    final PreparedStatement deleteCallHour;

    final PreparedStatement selectTrace;
    final PreparedStatement selectCallSpans;
    final PreparedStatement selectDays;
    final PreparedStatement selectServices;
    final PreparedStatement selectOperations;
    final PreparedStatement selectServiceIndex;
    final PreparedStatement selectOperationIndex;
    final PreparedStatement selectTagIndex;
    final PreparedStatement selectDurationIndex;
    final PreparedStatement selectCalls;

    PreparedQueries(CqlSession session, String keyspace) {
        insertSpan = session.prepare("INSERT INTO " + keyspace + ".spans (trace_id, start_time, span_id, write_id, parent_id, service,"
                + " error, span) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        insertDay = session.prepare("INSERT INTO " + keyspace + ".days (shard, day) VALUES (0, ?) USING TTL ?");
        insertService = session.prepare("INSERT INTO " + keyspace + ".services (shard, service) VALUES (0, ?) USING TTL ?");
        insertOperation = session.prepare(
                "INSERT INTO " + keyspace + ".operations (service, operation, span_kind) VALUES (?, ?, ?) USING TTL ?");
        insertServiceIndex = session.prepare(
                "INSERT INTO " + keyspace + ".service_index (service, day, start_time, trace_id) VALUES (?, ?, ?, ?) USING TTL ?");
        insertOperationIndex = session.prepare("INSERT INTO " + keyspace + ".operation_index (service, operation, day, start_time,"
                + " trace_id) VALUES (?, ?, ?, ?, ?) USING TTL ?");
        insertTagIndex = session.prepare("INSERT INTO " + keyspace + ".tag_index (service, tag_key, tag_value, day, start_time,"
                + " trace_id) VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
        insertDurationIndex = session.prepare("INSERT INTO " + keyspace + ".duration_index (service, operation, day, duration,"
                + " start_time, trace_id) VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
        countCalls = session.prepare("UPDATE " + keyspace + ".dependencies SET calls = calls + ?, errors = errors + ?"
                + " WHERE hour = ? AND parent = ? AND child = ?");
        deleteCallHour = session.prepare("DELETE FROM " + keyspace + ".dependencies WHERE hour = ?");

        selectTrace = session.prepare("SELECT span FROM " + keyspace + ".spans WHERE trace_id = ?");
        selectCallSpans = session.prepare(
                "SELECT span_id, parent_id, service, error, start_time FROM " + keyspace + ".spans WHERE trace_id = ?");
        selectDays = session.prepare("SELECT day FROM " + keyspace + ".days WHERE shard = 0 AND day >= ? AND day <= ?");
        selectServices = session.prepare("SELECT service FROM " + keyspace + ".services WHERE shard = 0");
        selectOperations = session.prepare("SELECT operation, span_kind FROM " + keyspace + ".operations WHERE service = ?");
        selectServiceIndex = session.prepare("SELECT start_time, trace_id FROM " + keyspace + ".service_index WHERE service = ?"
                + " AND day = ? AND start_time >= ? AND start_time <= ?");
        selectOperationIndex = session.prepare("SELECT start_time, trace_id FROM " + keyspace + ".operation_index WHERE service = ?"
                + " AND operation = ? AND day = ? AND start_time >= ? AND start_time <= ?");
        selectTagIndex = session.prepare("SELECT start_time, trace_id FROM " + keyspace + ".tag_index WHERE service = ?"
                + " AND tag_key = ? AND tag_value = ? AND day = ? AND start_time >= ? AND start_time <= ?");
        selectDurationIndex = session.prepare("SELECT start_time, trace_id FROM " + keyspace + ".duration_index WHERE service = ?"
                + " AND operation = ? AND day = ? AND duration >= ? AND duration <= ?");
        selectCalls = session.prepare("SELECT parent, child, calls, errors FROM " + keyspace + ".dependencies WHERE hour = ?");
    }
}
