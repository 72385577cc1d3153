package dev.lantern.assistant.pairing;

import java.time.Instant;

/** A user the owner approved: allowed beside the configured list, until revoked. */
public record PairedUser(String platform, long userId, String userName, Instant approvedAt) {}
