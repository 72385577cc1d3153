package dev.lantern.assistant.messaging;

/**
 * A messaging platform the router serves: its name in chat keys ("telegram", "discord"), who may
 * talk to the assistant there, and how answers reach it.
 */
public record Platform(String name, AccessPolicy access, Outbox outbox) {}
