package io.spanvault.processor.filter;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.processor.filter.condition.ConditionContext;
import io.spanvault.processor.filter.condition.ConditionParser;
import io.spanvault.processor.filter.condition.ConditionSyntaxException;
import java.util.List;

/**
 * The {@code traces} form: OTTL conditions under {@code span} and {@code spanevent}; an item matching any
 * condition of its list is dropped. Conditions are parsed here, so an unsupported one fails config loading.
 */
public record TraceConditionsConfig(List<String> span, List<String> spanevent) {
    public TraceConditionsConfig {
        span = span == null ? List.of() : List.copyOf(span);
        spanevent = spanevent == null ? List.of() : List.copyOf(spanevent);
        check("span", span, ConditionContext.SPAN);
        check("spanevent", spanevent, ConditionContext.SPANEVENT);
    }

    private static void check(String key, List<String> conditions, ConditionContext context) {
        for (int i = 0; i < conditions.size(); i++) {
            String condition = conditions.get(i);
            try {
                ConditionParser.parse(condition, context);
            } catch (ConditionSyntaxException e) {
                throw new InvalidConfigException(key + "." + i, "condition '" + condition
                        + "' is invalid or uses OTTL that Spanvault does not support: " + e.getMessage());
            }
        }
    }
}
