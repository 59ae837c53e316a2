package dev.jitsideploy.verify;

import java.util.List;

/**
 * The verification of one host: problems found before the matrix (clock, ...) and every case's verdict.
 *
 * @param host     inventory name
 * @param problems failures outside the matrix, each a full sentence
 * @param cases    the matrix results (empty when a problem stopped the host before it)
 */
public record HostVerification(String host, List<String> problems, List<CaseResult> cases) {

    public HostVerification {
        problems = List.copyOf(problems);
        cases = List.copyOf(cases);
    }

    public boolean passed() {
        return problems.isEmpty() && !cases.isEmpty() && cases.stream().allMatch(CaseResult::passed);
    }

    public long passedCases() {
        return cases.stream().filter(CaseResult::passed).count();
    }
}
