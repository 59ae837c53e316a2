package dev.jitsideploy.plan;

/** One thing checked on a host before it is touched, e.g. "prosody installed: 0.12.3". */
public record PreflightCheck(String name, boolean passed, String detail) {
}
