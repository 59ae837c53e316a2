package dev.jitsideploy.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} style, three lines of context) of two texts. Line matching is a longest common
 * subsequence over lines, which is plenty for config files of a few hundred lines.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff, or an empty string when the texts are equal. */
    public static String of(String oldLabel, String newLabel, String oldText, String newText) {
        List<String> a = oldText.lines().toList();
        List<String> b = newText.lines().toList();
        List<Edit> edits = edits(a, b);
        if (edits.stream().allMatch(edit -> edit.kind == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(oldLabel).append('\n')
                .append("+++ ").append(newLabel).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).kind == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while the next change is within 2 * CONTEXT unchanged lines
            while (end < edits.size()) {
                if (edits.get(end).kind != ' ') {
                    end++;
                    continue;
                }
                int run = end;
                while (run < edits.size() && edits.get(run).kind == ' ') {
                    run++;
                }
                if (run < edits.size() && run - end <= 2 * CONTEXT) {
                    end = run;
                } else {
                    end = Math.min(edits.size(), end + CONTEXT);
                    break;
                }
            }
            appendHunk(out, edits.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void appendHunk(StringBuilder out, List<Edit> hunk) {
        int oldStart = -1;
        int newStart = -1;
        int oldCount = 0;
        int newCount = 0;
        for (Edit edit : hunk) {
            if (edit.kind != '+') {
                oldStart = oldStart < 0 ? edit.oldLine : oldStart;
                oldCount++;
            }
            if (edit.kind != '-') {
                newStart = newStart < 0 ? edit.newLine : newStart;
                newCount++;
            }
        }
        out.append("@@ -").append(range(oldStart, oldCount, hunk.get(0).oldLine)).append(" +")
                .append(range(newStart, newCount, hunk.get(0).newLine)).append(" @@\n");
        for (Edit edit : hunk) {
            out.append(edit.kind).append(edit.text).append('\n');
        }
    }

    private static String range(int start, int count, int fallback) {
        int first = count == 0 ? fallback : start + 1;
        return count == 1 ? Integer.toString(first) : first + "," + count;
    }

    private record Edit(char kind, String text, int oldLine, int newLine) {
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i), i++, j++));
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit('-', a.get(i), i++, j));
            } else {
                edits.add(new Edit('+', b.get(j), i, j++));
            }
        }
        return edits;
    }
}
