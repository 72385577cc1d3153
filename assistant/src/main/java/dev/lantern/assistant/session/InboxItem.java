package dev.lantern.assistant.session;

import java.time.Instant;

/** A received message waiting for its turn to be answered; {@code chat} is the session source key. */
public record InboxItem(long id, String chat, long userId, String text, Instant receivedAt) {}
