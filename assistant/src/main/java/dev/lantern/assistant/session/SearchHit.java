package dev.lantern.assistant.session;

import java.time.Instant;

/** One message that matched a search, with the matching words marked »like this«. */
public record SearchHit(String sessionId, String sessionTitle, String role, Instant at, String snippet) {}
