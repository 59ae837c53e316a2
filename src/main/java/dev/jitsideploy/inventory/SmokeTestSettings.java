package dev.jitsideploy.inventory;

/** The smoke test: the room name prefix the verification uses (a random suffix is added at run time). */
public record SmokeTestSettings(String room) {
}
