package dev.cached.client;

import dev.cached.protocol.ErrorCode;

/**
 * A write, delete or replace that failed, as reported by {@link CachedClient#flush()}.
 *
 * @param path the path as the client sent it
 * @param op {@code write}, {@code delete} or {@code replace}
 * @param code the protocol error code
 * @param message path, step, attempts, time and OS reason
 */
public record Failure(String path, String op, ErrorCode code, String message) {}
