package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreflightTest {

    @Test
    void requiresAreTheLibrariesButNotProsodysOwnModulesNorPluginFiles() {
        String lua = """
                local basexx = require "basexx";
                local cjson = require("cjson.safe")
                local jwt = module:require "luajwtjitsi";
                local st = require "util.stanza";
                local inspect = require 'inspect'
                """;
        assertThat(Preflight.requires(lua)).containsExactly("basexx", "cjson.safe", "inspect");
    }
}
