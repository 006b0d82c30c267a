package dev.logremediation.remediate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends every remediation action to {@code state.dir/audit.jsonl}: incident, time, action, masked target, outcome. */
public final class RemediationAudit {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationAudit.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public RemediationAudit(Path stateDir) {
        this.file = stateDir.resolve("audit.jsonl");
    }

    public synchronized void record(String incidentId, RemediationResult result) {
        ObjectNode line = JSON.createObjectNode()
                .put("incidentId", incidentId)
                .put("time", result.at().toString())
                .put("action", result.outcome() == RemediationOutcome.REFUSED_BY_POLICY ? "refuse-link" : "follow-link")
                .put("target", result.maskedLink())
                .put("outcome", result.outcome().name())
                .put("status", result.status())
                .put("detail", result.detail());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the audit file " + file + ": check state.dir", e);
        }
        LOG.info("Incident {} remediation: {} {} ({})", incidentId, result.outcome(), result.maskedLink(),
                result.detail());
    }
}
