package dev.lantern.assistant.pairing;

import java.time.Instant;

/** A stranger's pairing request, waiting for the owner's approval until it expires. */
public record PendingCode(String platform, String code, long userId, long chatId, String userName, Instant createdAt,
    Instant expiresAt) {}
