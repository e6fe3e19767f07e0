package io.spanvault.processor.tailsampling.policy;

import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code status_code.status_codes}: any of {@code OK}, {@code ERROR}, {@code UNSET}; a span with one samples. */
public record StatusCodeConfig(List<String> statusCodes) {

    public StatusCodeConfig {
        statusCodes = statusCodes == null ? List.of() : List.copyOf(statusCodes);
        if (statusCodes.isEmpty()) {
            throw new InvalidConfigException("status_codes", "expected at least one status code to filter on");
        }
        codes(statusCodes);
    }

    private static Set<Status.StatusCode> codes(List<String> names) {
        Set<Status.StatusCode> codes = EnumSet.noneOf(Status.StatusCode.class);
        for (int i = 0; i < names.size(); i++) {
            switch (String.valueOf(names.get(i))) {
                case "OK" -> codes.add(Status.StatusCode.STATUS_CODE_OK);
                case "ERROR" -> codes.add(Status.StatusCode.STATUS_CODE_ERROR);
                case "UNSET" -> codes.add(Status.StatusCode.STATUS_CODE_UNSET);
                default -> throw new InvalidConfigException("status_codes." + i, "unknown status code '"
                        + names.get(i) + "', supported: OK, ERROR, UNSET");
            }
        }
        return codes;
    }

    Policy policy() {
        Set<Status.StatusCode> codes = codes(statusCodes);
        return trace -> SpanConditions.anySpan(trace, span -> codes.contains(span.getStatus().getCode()))
                ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
}
