package io.spanvault.pipeline.graph;

import io.spanvault.pipeline.component.ComponentId;
import java.util.List;

/** One pipeline: its receivers fan in, its processors run in order, its exporters fan out. */
public record PipelineSpec(List<ComponentId> receivers, List<ComponentId> processors, List<ComponentId> exporters) {
    public PipelineSpec {
        receivers = List.copyOf(receivers);
        processors = List.copyOf(processors);
        exporters = List.copyOf(exporters);
    }
}
