package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code composite}: sub-policies tried in {@code policy_order} (then any not named there, in config order),
 * each with its share of {@code max_total_spans_per_second} from {@code rate_allocation}: {@code percent} of
 * the total, or the total divided by the number of sub-policies when the percent is 0. As in the collector,
 * a sub-policy without a {@code rate_allocation} entry gets no rate and never samples.
 */
public record CompositeConfig(Long maxTotalSpansPerSecond, List<String> policyOrder,
        List<PolicyConfig> compositeSubPolicy, List<RateAllocationConfig> rateAllocation) {

    public CompositeConfig {
        maxTotalSpansPerSecond = maxTotalSpansPerSecond == null ? 0L : maxTotalSpansPerSecond;
        policyOrder = policyOrder == null ? List.of() : List.copyOf(policyOrder);
        compositeSubPolicy = compositeSubPolicy == null ? List.of() : List.copyOf(compositeSubPolicy);
        rateAllocation = rateAllocation == null ? List.of() : List.copyOf(rateAllocation);
        if (maxTotalSpansPerSecond <= 0) {
            throw new InvalidConfigException("max_total_spans_per_second", "must be positive");
        }
        if (compositeSubPolicy.isEmpty()) {
            throw new InvalidConfigException("composite_sub_policy", "must list at least one policy");
        }
        Map<String, PolicyConfig> byName = new HashMap<>();
        for (int i = 0; i < compositeSubPolicy.size(); i++) {
            PolicyConfig sub = compositeSubPolicy.get(i);
            if (sub.type().equals("composite") || sub.type().equals("drop")) {
                throw new InvalidConfigException("composite_sub_policy." + i + ".type",
                        "'" + sub.type() + "' cannot be a composite sub-policy");
            }
            byName.put(sub.name(), sub);
        }
        for (int i = 0; i < policyOrder.size(); i++) {
            if (!byName.containsKey(policyOrder.get(i))) {
                throw new InvalidConfigException("policy_order." + i, "'" + policyOrder.get(i)
                        + "' is not a composite_sub_policy");
            }
        }
        int total = 0;
        for (int i = 0; i < rateAllocation.size(); i++) {
            if (!byName.containsKey(rateAllocation.get(i).policy())) {
                throw new InvalidConfigException("rate_allocation." + i + ".policy", "'"
                        + rateAllocation.get(i).policy() + "' is not a composite_sub_policy");
            }
            total += rateAllocation.get(i).percent();
        }
        if (total > 100) {
            throw new InvalidConfigException("rate_allocation", "percents add up to " + total + ", more than 100");
        }
    }

    /** Spans per second each sub-policy may sample, by name, computed as the collector does. */
    Map<String, Long> allocations() {
        Map<String, Long> out = new HashMap<>();
        double defaultShare = (double) maxTotalSpansPerSecond / compositeSubPolicy.size();
        for (RateAllocationConfig allocation : rateAllocation) {
            double share = allocation.percent() > 0 ? allocation.percent() / 100.0 * maxTotalSpansPerSecond
                    : defaultShare;
            out.put(allocation.policy(), (long) share);
        }
        return out;
    }

    Policy policy(LongSupplier currentSecond) {
        Map<String, PolicyConfig> ordered = new LinkedHashMap<>();
        Map<String, PolicyConfig> byName = new LinkedHashMap<>();
        compositeSubPolicy.forEach(p -> byName.put(p.name(), p));
        policyOrder.forEach(name -> ordered.put(name, byName.get(name)));
        byName.forEach(ordered::putIfAbsent);
        Map<String, Long> allocations = allocations();
        List<Composite.Sub> subs = new ArrayList<>();
        ordered.forEach((name, config) -> subs.add(new Composite.Sub(config.policy(currentSecond),
                allocations.getOrDefault(name, 0L))));
        return new Composite(subs, maxTotalSpansPerSecond, currentSecond);
    }
}
