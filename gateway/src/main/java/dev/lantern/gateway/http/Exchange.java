package dev.lantern.gateway.http;

import dev.lantern.gateway.routing.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One HTTP request being handled, with what every handler needs about it.
 *
 * @param route      the route without the {@code /v1} prefix, as LiteLLM's {@code route} label
 * @param startNanos when the gateway began handling the request (System.nanoTime)
 * @param arrivalNanos when the request arrived at the server, before any queueing (System.nanoTime)
 * @param ticket     what the caller's key may still do; the call's spend is counted on it
 * @param endUser    the request's {@code user} field, for the spend log
 */
record Exchange(HttpServletRequest request, HttpServletResponse response, Caller caller, String route,
    String callId, long startNanos, long arrivalNanos, dev.lantern.gateway.keys.Ticket ticket, String endUser) {}
