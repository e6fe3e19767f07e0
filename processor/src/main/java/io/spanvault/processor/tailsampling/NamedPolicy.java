package io.spanvault.processor.tailsampling;

import io.spanvault.processor.tailsampling.policy.Policy;

/** A top-level policy with the name its metrics carry. */
record NamedPolicy(String name, Policy policy) {
}
