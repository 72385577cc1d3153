package dev.lantern.assistant.session;

import java.time.Instant;

/** A session's row: where it came from and when. */
public record SessionInfo(String id, String source, String model, String title, Instant startedAt, Instant updatedAt) {}
