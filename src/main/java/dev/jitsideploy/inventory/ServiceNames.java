package dev.jitsideploy.inventory;

/** Names of the services on a host, as the service manager knows them. */
public record ServiceNames(String prosody, String jicofo, String videobridge) {
}
