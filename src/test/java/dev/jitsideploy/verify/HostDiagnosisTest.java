package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostDiagnosisTest {

    @Test
    void theMissingLibraryIsTakenFromProsodysModuleLoadError() {
        List<String> log = List.of("Nov 30 15:01:02 lab1.jitsi.test:auth_token\terror\t"
                + "Unable to load module 'auth_token':"
                + " /usr/share/jitsi-meet/prosody-plugins/token/util.lib.lua:1: module 'basexx' not found:");
        assertThat(HostDiagnosis.missingLibrary(log)).contains("basexx");
        assertThat(HostDiagnosis.missingLibrary(List.of("Nov 30 15:01:02 general\tinfo\tHello"))).isEmpty();
        assertThat(HostDiagnosis.tokenModuleProblem("basexx")).contains("'basexx'").contains("lua-basexx")
                .contains("LUA_PATH_5_4");
    }
}
